import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInstagramConnector } from '../../worker/connectors/instagram.ts';
import type { FetchResult } from '../../worker/connectors/types.ts';
import { type FakeGraph, graphError, startFakeGraph } from '../fakes/graph-server.ts';
import { rejection } from '../support/connector-assertions.ts';

const TOKEN = 'EAAGfakeIgToken55555secret';
const PAGE = '1111222233';
const IG = '17841400000000001';

describe('instagram connector against the fake Graph API', () => {
  let graph: FakeGraph;

  beforeEach(async () => {
    graph = await startFakeGraph({ accessToken: TOKEN, pageId: PAGE, igUserId: IG, igUsername: 'humaskota' });
  });
  afterEach(async () => {
    await graph.close();
  });

  function connector(extra: { accessToken?: string; commentPageSize?: number } = {}) {
    return createInstagramConnector({
      igUserId: IG,
      igUsername: 'humaskota',
      accessToken: TOKEN,
      apiBaseUrl: graph.url,
      timeoutMs: 5_000,
      ...extra,
    });
  }

  async function drain(cursor: string | null, c = connector({ commentPageSize: 2 })) {
    const pages: FetchResult[] = [];
    for (let i = 0; i < 10; i++) {
      const page = await c.fetchSince(cursor);
      pages.push(page);
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    return { pages, cursor, items: pages.flatMap((p) => p.items) };
  }

  it('pages comments newest first over three pages, with replies in their thread', async () => {
    const media = graph.addMedia({ caption: 'Car free day Minggu ini' });
    const first = graph.addIgComment(media, { text: 'Mulai jam berapa?', username: 'sri' });
    graph.addIgComment(media, { text: 'Rutenya lewat mana?', username: 'budi' });
    graph.addIgComment(media, { text: 'Boleh bawa sepeda?', username: 'ani' });
    graph.addIgComment(media, { text: 'Mantap', username: 'dedi' });
    graph.addIgComment(media, { text: 'Jam 6 pagi ya min?', username: 'sri', parentId: first });
    graph.addIgComment(media, { text: 'Parkir di mana?', username: 'rudi' });

    const { pages, items } = await drain(null);
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(items.map((i) => i.text).sort()).toEqual(
      [
        'Mulai jam berapa?',
        'Rutenya lewat mana?',
        'Boleh bawa sepeda?',
        'Mantap',
        'Jam 6 pagi ya min?',
        'Parkir di mana?',
      ].sort(),
    );
    const reply = items.find((i) => i.text === 'Jam 6 pagi ya min?')!;
    expect(reply).toMatchObject({
      kind: 'COMMENT',
      threadKey: `ig:${media}:${first}`,
      contact: { handle: '@sri' },
    });
    const calls = graph.requests.filter((r) => r.path === `${media}/comments`);
    expect(calls[0]!.query.fields).toBe(
      'id,text,timestamp,username,from,replies{id,text,timestamp,username,from}',
    );
    expect(calls[1]!.query.after).toBeTruthy();
  });

  it('resumes after a restart: only new comments and replies, none repeated', async () => {
    const media = graph.addMedia({ caption: 'Info PBB' });
    const a = graph.addIgComment(media, { text: 'satu', username: 'u1' });
    graph.addIgComment(media, { text: 'dua', username: 'u2' });
    graph.addIgComment(media, { text: 'tiga', username: 'u3' });
    const first = await connector({ commentPageSize: 2 }).fetchSince(null);
    expect(first.hasMore).toBe(true);
    graph.addIgComment(media, { text: 'empat', username: 'u4' });
    graph.addIgComment(media, { text: 'balasan', username: 'u1', parentId: a });
    const rest = await drain(first.nextCursor, connector({ commentPageSize: 2 }));
    const later = await drain(rest.cursor, connector({ commentPageSize: 2 }));
    graph.addIgComment(media, { text: 'lima', username: 'u5' });
    const last = await drain(later.cursor, connector({ commentPageSize: 2 }));
    const all = [...first.items, ...rest.items, ...later.items, ...last.items];
    expect(all.map((i) => i.text).sort()).toEqual(['balasan', 'dua', 'empat', 'lima', 'satu', 'tiga']);
    expect(new Set(all.map((i) => i.externalId)).size).toBe(all.length);
    expect(last.items.map((i) => i.text)).toEqual(['lima']);
  });

  it('maps throttling, 5xx and an expired token; the token never shows', async () => {
    graph.addMedia({ caption: 'x' });
    graph.failNext({
      status: 400,
      body: graphError(
        '(#80002) There have been too many calls to this Instagram account.',
        'OAuthException',
        80002,
      ),
      headers: {
        'x-business-use-case-usage': JSON.stringify({
          [IG]: [
            {
              type: 'instagram',
              call_count: 100,
              total_cputime: 1,
              total_time: 1,
              estimated_time_to_regain_access: 3,
            },
          ],
        }),
      },
    });
    graph.failNext({ status: 503, body: graphError('Service temporarily unavailable', 'OAuthException', 2) });
    graph.failNext({
      status: 401,
      body: graphError('Error validating access token', 'OAuthException', 190, 460),
    });
    const kinds: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const e = await rejection(connector().fetchSince(null));
      expect(e.message).not.toContain(TOKEN);
      kinds.push([e.kind, e.details.retryAfterMs]);
    }
    expect(kinds).toEqual([
      ['rate_limited', 180_000],
      ['transient', undefined],
      ['auth', undefined],
    ]);
    expect((await connector().fetchSince(null)).failures).toEqual([]);
  });

  it('keeps good comments around a malformed one', async () => {
    const media = graph.addMedia({ caption: 'x' });
    graph.addIgComment(media, { text: 'bagus', username: 'u1' });
    graph.addIgComment(media, { text: '', username: 'u2' });
    const page = await connector().fetchSince(null);
    expect(page.items.map((i) => i.text)).toEqual(['bagus']);
  });

  it('replies under the top comment and finds the reply again', async () => {
    const media = graph.addMedia({ caption: 'x' });
    const top = graph.addIgComment(media, { text: 'Kapan pendaftaran?', username: 'warga1' });
    const c = connector();
    const outbound = {
      replyId: 'r',
      threadKey: `ig:${media}:${top}`,
      inReplyToExternalId: top,
      text: 'Mulai 1 Juni.',
    };
    const since = new Date('2024-05-01T00:00:00Z');
    expect(await c.findPublishedReply!(outbound, since)).toBeNull();
    const sent = await c.publishReply(outbound);
    expect(graph.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `${top}/replies`,
      body: { message: 'Mulai 1 Juni.' },
    });
    expect(await c.findPublishedReply!(outbound, since)).toMatchObject({ externalId: sent.externalId });
    // Our own reply is not read back as a citizen's comment.
    const page = await c.fetchSince(null);
    expect(page.items.map((i) => i.text)).toEqual(['Kapan pendaftaran?']);
  });

  it('reads a mention named by a webhook and answers it through /mentions', async () => {
    const { mediaId, commentId } = graph.addMention({
      text: '@humaskota jalan rusak di sini',
      username: 'joko',
    });
    const c = connector();
    const item = await c.fetchMention({ igUserId: IG, mediaId, commentId, at: new Date() });
    expect(item).toMatchObject({
      kind: 'MENTION',
      externalId: commentId,
      threadKey: `igm:${mediaId}:${commentId}`,
      text: '@humaskota jalan rusak di sini',
    });
    expect(graph.requests.at(-1)!.query.fields).toContain(`mentioned_comment.comment_id(${commentId})`);
    await c.publishReply({
      replyId: 'm',
      threadKey: item!.threadKey,
      inReplyToExternalId: commentId,
      text: 'Terima kasih, kami cek.',
    });
    expect(graph.requests.at(-1)).toMatchObject({
      path: `${IG}/mentions`,
      body: { media_id: mediaId, comment_id: commentId, message: 'Terima kasih, kami cek.' },
    });
  });
});
