import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFacebookPageConnector } from '../../worker/connectors/facebook-page.ts';
import type { FetchResult } from '../../worker/connectors/types.ts';
import { type FakeGraph, graphError, startFakeGraph } from '../fakes/graph-server.ts';
import { rejection } from '../support/connector-assertions.ts';

const TOKEN = 'EAAGfakePageToken1234567890secret';
const PAGE = '1111222233';
const IG = '17841400000000001';

describe('facebook page connector against the fake Graph API', () => {
  let graph: FakeGraph;

  beforeEach(async () => {
    graph = await startFakeGraph({ accessToken: TOKEN, pageId: PAGE, igUserId: IG, igUsername: 'humaskota' });
  });
  afterEach(async () => {
    await graph.close();
  });

  function connector(
    extra: { accessToken?: string; commentPageSize?: number; conversationPageSize?: number } = {},
  ) {
    return createFacebookPageConnector({
      pageId: PAGE,
      accessToken: TOKEN,
      apiBaseUrl: graph.url,
      timeoutMs: 5_000,
      ...extra,
    });
  }

  /** Polls like the poll job: while hasMore, at most `maxPages`. */
  async function drain(cursor: string | null, c = connector(), maxPages = 10) {
    const pages: FetchResult[] = [];
    for (let i = 0; i < maxPages; i++) {
      const page = await c.fetchSince(cursor);
      pages.push(page);
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    return { pages, cursor, texts: pages.flatMap((p) => p.items.map((i) => i.text)) };
  }

  it('pages comments over three pages, skips the page itself, threads by top comment', async () => {
    const post = graph.addPost({ message: 'Jadwal vaksin pekan ini', fromId: PAGE });
    const c1 = graph.addComment(post, { message: 'Di puskesmas mana?', fromId: '501', fromName: 'Sri' });
    graph.addComment(post, { message: 'Di semua puskesmas, Kak.', fromId: PAGE, parentId: c1 });
    graph.addComment(post, { message: 'Kalau lansia bagaimana?', fromId: '501', parentId: c1 });
    graph.addComment(post, { message: 'Jalan di depan rusak', fromId: '502' });
    graph.addComment(post, { message: 'Terima kasih infonya', fromId: '503' });

    const { pages, texts } = await drain(null, connector({ commentPageSize: 2 }));
    expect(pages).toHaveLength(3);
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(texts).toEqual([
      'Di puskesmas mana?',
      'Kalau lansia bagaimana?',
      'Jalan di depan rusak',
      'Terima kasih infonya',
    ]);
    const items = pages.flatMap((p) => p.items);
    expect(items[0]).toMatchObject({
      kind: 'COMMENT',
      externalId: c1,
      threadKey: `fb:${post}:${c1}`,
      contact: { externalId: '501', displayName: 'Sri' },
    });
    // The reply joins its top comment's thread; a new top comment opens its own.
    expect(items[1]!.threadKey).toBe(`fb:${post}:${c1}`);
    expect(items[2]!.threadKey).not.toBe(items[0]!.threadKey);

    // The wire format: the documented edge, fields, stream filter, chronological order, token as a query.
    const commentCalls = graph.requests.filter((r) => r.path === `${post}/comments`);
    expect(commentCalls[0]!.query).toMatchObject({
      fields: 'id,message,created_time,from,parent{id},permalink_url',
      filter: 'stream',
      order: 'chronological',
      limit: '2',
      access_token: TOKEN,
    });
    expect(commentCalls[0]!.query.after).toBeUndefined();
    expect(commentCalls[1]!.query.after).toBeTruthy();
    expect(graph.requests.some((r) => r.path === `${PAGE}/feed`)).toBe(true);
  });

  it('resumes from the stored cursor after a restart without missing or repeating', async () => {
    const post = graph.addPost({ message: 'Pengumuman PPDB', fromId: PAGE });
    for (let i = 0; i < 3; i++) graph.addComment(post, { message: `komentar ${i}`, fromId: `60${i}` });
    graph.addMessage({ psid: '9001', name: 'Budi', text: 'Halo min, mau tanya KTP' });

    const first = await connector({ commentPageSize: 2 }).fetchSince(null);
    expect(first.hasMore).toBe(true);
    // Crash here: only first.nextCursor was stored. New comments and messages arrive meanwhile.
    graph.addComment(post, { message: 'komentar 3', fromId: '603' });
    graph.addMessage({ psid: '9001', text: 'Halo? Masih buka?' });
    graph.addMessage({ psid: '9002', name: 'Ani', text: 'Lampu jalan mati' });
    const rest = await drain(first.nextCursor, connector({ commentPageSize: 2 }));
    const all = [...first.items, ...rest.pages.flatMap((p) => p.items)];
    expect(all.map((i) => i.text).sort()).toEqual(
      [
        'komentar 0',
        'komentar 1',
        'komentar 2',
        'komentar 3',
        'Halo min, mau tanya KTP',
        'Halo? Masih buka?',
        'Lampu jalan mati',
      ].sort(),
    );
    expect(new Set(all.map((i) => i.externalId)).size).toBe(all.length);
    const dm = all.find((i) => i.text === 'Lampu jalan mati')!;
    expect(dm).toMatchObject({ kind: 'DM', threadKey: 'fbm:9002', contact: { externalId: '9002' } });

    // Nothing new: the next poll returns nothing, and a page reply in Messenger is not an item.
    await connector().publishReply({
      replyId: 'r1',
      threadKey: 'fbm:9002',
      inReplyToExternalId: dm.externalId,
      text: 'Sudah kami teruskan ke Dishub.',
    });
    const again = await drain(rest.cursor);
    expect(again.texts).toEqual([]);
  });

  it('honours throttling: #80001 with the BUC wait, and reports high usage as a slow-down', async () => {
    graph.addPost({ message: 'Info banjir', fromId: PAGE });
    graph.failNext({
      status: 400,
      body: graphError(
        '(#80001) There have been too many calls to this Page account.',
        'OAuthException',
        80001,
      ),
      headers: {
        'x-business-use-case-usage': JSON.stringify({
          [PAGE]: [
            {
              type: 'pages',
              call_count: 100,
              total_cputime: 12,
              total_time: 15,
              estimated_time_to_regain_access: 7,
            },
          ],
        }),
      },
    });
    const throttled = await rejection(connector().fetchSince(null));
    expect(throttled.kind).toBe('rate_limited');
    expect(throttled.details.retryAfterMs).toBe(7 * 60_000);
    expect(throttled.message).toContain('too many calls');
    expect(throttled.message).not.toContain(TOKEN);

    // A plain 429 with Retry-After is honoured too.
    graph.failNext({
      status: 429,
      body: graphError('(#4) Application request limit reached', 'OAuthException', 4),
      headers: { 'retry-after': '42' },
    });
    expect((await rejection(connector().fetchSince(null))).details.retryAfterMs).toBe(42_000);

    graph.setHeaders({
      'x-app-usage': JSON.stringify({ call_count: 90, total_cputime: 20, total_time: 30 }),
    });
    const page = await connector().fetchSince(null);
    expect(page.rateLimit).toMatchObject({ limit: 100, remaining: 10 });
    expect(page.rateLimit!.slowDownMs).toBeGreaterThanOrEqual(7 * 60_000);
    graph.setHeaders({ 'x-app-usage': JSON.stringify({ call_count: 10, total_cputime: 5, total_time: 5 }) });
    const calm = await connector().fetchSince(null);
    expect(calm.rateLimit).toEqual({ limit: 100, remaining: 90 });
  });

  it('a 500 is transient, and the next call succeeds with nothing lost', async () => {
    const post = graph.addPost({ message: 'Info', fromId: PAGE });
    graph.addComment(post, { message: 'Masih ada kuota?', fromId: '701' });
    graph.failNext({ status: 500, body: graphError('An unknown error has occurred.', 'OAuthException', 1) });
    const error = await rejection(connector().fetchSince(null));
    expect(error).toMatchObject({ kind: 'transient', details: { status: 500 } });
    expect((await connector().fetchSince(null)).items.map((i) => i.text)).toEqual(['Masih ada kuota?']);
  });

  it('auth: a 401 and an invalid token (#190) carry the Graph message, never the token', async () => {
    graph.failNext({
      status: 401,
      body: graphError('Error validating access token: Session has expired', 'OAuthException', 190, 463),
    });
    const expired = await rejection(connector().fetchSince(null));
    expect(expired.kind).toBe('auth');
    expect(expired.message).toContain('Session has expired');
    expect(expired.message).toContain('190/463');
    expect(expired.message).not.toContain(TOKEN);
    expect(expired.details.raw ?? '').not.toContain(TOKEN);

    const wrong = 'EAAGwrongTokenValue987';
    const invalid = await rejection(connector({ accessToken: wrong }).fetchSince(null));
    expect(invalid.kind).toBe('auth');
    expect(invalid.details.status).toBe(400);
    expect(invalid.message).toContain('Invalid OAuth access token');
    expect(invalid.message).not.toContain(wrong);
    expect(invalid.message).toContain('access_token=***');
  });

  it('keeps the good comments of a page and records the malformed one', async () => {
    const post = graph.addPost({ message: 'Info', fromId: PAGE });
    graph.addComment(post, { message: 'Pertama', fromId: '801' });
    graph.addRawComment(post, { id: `${post}_bad`, message: 42, created_time: 'kemarin' });
    graph.addComment(post, { message: 'Ketiga', fromId: '803' });
    const page = await connector().fetchSince(null);
    expect(page.items.map((i) => i.text)).toEqual(['Pertama', 'Ketiga']);
    expect(page.failures).toHaveLength(1);
    expect(page.failures[0]).toMatchObject({
      externalId: `${post}_bad`,
      dedupeKey: `fb-comment:${post}_bad`,
    });
    expect(page.failures[0]!.reason).toMatch(/message|created_time/);
  });

  it('a visitor post is an item; a deleted post leaves the window instead of failing the poll', async () => {
    const visitor = graph.addPost({ message: 'Sampah menumpuk di pasar', fromId: '901', fromName: 'Rina' });
    const page = await connector().fetchSince(null);
    expect(page.items).toEqual([
      expect.objectContaining({ kind: 'POST', externalId: visitor, threadKey: `fb:${visitor}:${visitor}` }),
    ]);
    const cursor = JSON.parse(page.nextCursor!) as { posts: { id: string }[] };
    cursor.posts.push({ id: `${PAGE}_gone`, at: '2024-01-01T00:00:00.000Z' } as never);
    const next = await connector().fetchSince(JSON.stringify(cursor));
    expect(next.items).toEqual([]);
    expect((JSON.parse(next.nextCursor!) as { posts: { id: string }[] }).posts.map((p) => p.id)).toEqual([
      visitor,
    ]);
  });

  it('publishes a comment reply and finds it again, so a retried publish does not post twice', async () => {
    const post = graph.addPost({ message: 'Info', fromId: PAGE });
    const top = graph.addComment(post, { message: 'Kapan dibuka?', fromId: '111' });
    const reply = graph.addComment(post, { message: 'Jam berapa?', fromId: '111', parentId: top });
    const c = connector();
    const outbound = {
      replyId: 'r-42',
      threadKey: `fb:${post}:${top}`,
      inReplyToExternalId: reply,
      text: 'Loket buka pukul 08.00 WIB.',
    };
    const since = new Date(Date.parse('2024-05-01T08:00:00Z'));
    expect(await c.findPublishedReply!(outbound, since)).toBeNull();
    const sent = await c.publishReply(outbound);
    const post1 = graph.requests.find((r) => r.method === 'POST')!;
    expect(post1).toMatchObject({
      path: `${top}/comments`,
      body: { message: 'Loket buka pukul 08.00 WIB.' },
    });
    expect(await c.findPublishedReply!(outbound, since)).toMatchObject({ externalId: sent.externalId });
    // Different text: not ours.
    expect(await c.findPublishedReply!({ ...outbound, text: 'lain' }, since)).toBeNull();
  });

  it('publishes a Messenger reply in the documented shape and finds it', async () => {
    const mid = graph.addMessage({ psid: '4242', name: 'Dedi', text: 'Izin tanya, SIM hilang gimana?' });
    const c = connector();
    const outbound = {
      replyId: 'r-1',
      threadKey: 'fbm:4242',
      inReplyToExternalId: mid,
      text: 'Silakan lapor ke Polres.',
    };
    const sent = await c.publishReply(outbound);
    expect(graph.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `${PAGE}/messages`,
      body: {
        recipient: { id: '4242' },
        messaging_type: 'RESPONSE',
        message: { text: 'Silakan lapor ke Polres.' },
      },
    });
    const found = await c.findPublishedReply!(outbound, new Date('2024-05-01T00:00:00Z'));
    expect(found?.externalId).toBe(sent.externalId);
    expect(graph.requests.at(-1)!.query).toMatchObject({ platform: 'messenger', user_id: '4242' });
  });
});
