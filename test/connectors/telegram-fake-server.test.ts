import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramConnector } from '../../worker/connectors/telegram.ts';
import { type FakeTelegram, startDemoStream, startFakeTelegram } from '../fakes/telegram-server.ts';
import { rejection } from '../support/connector-assertions.ts';

const TOKEN = '123456:TEST-fake-server-token';
const asep = { id: 41, firstName: 'Asep', username: 'asep41' };
const rudi = { id: 43, firstName: 'Rudi' };

describe('telegram connector against the fake Bot API server', () => {
  let server: FakeTelegram;

  beforeEach(async () => {
    server = await startFakeTelegram({ token: TOKEN });
  });
  afterEach(async () => {
    await server.close();
  });

  function connector(extra: { token?: string; limit?: number; longPollSeconds?: number } = {}) {
    return createTelegramConnector({ token: TOKEN, apiBaseUrl: server.url, timeoutMs: 5_000, ...extra });
  }

  it('follows offset semantics: confirmed updates are not served again', async () => {
    const ids = [
      server.pushMessage({ from: asep, text: 'Syarat bikin KTP apa?' }),
      server.pushMessage({ from: rudi, text: 'Jalan berlubang di Jl. Merdeka' }),
      server.pushMessage({ from: asep, text: 'Terima kasih' }),
    ];
    const c = connector();
    const first = await c.fetchSince(null);
    expect(first.items.map((i) => i.text)).toEqual([
      'Syarat bikin KTP apa?',
      'Jalan berlubang di Jl. Merdeka',
      'Terima kasih',
    ]);
    expect(first.items.map((i) => i.externalId)).toEqual(['41:1', '43:1', '41:2']);
    expect(first.items[0]).toMatchObject({
      kind: 'DM',
      threadKey: 'tg:41',
      contact: { externalId: '41', displayName: 'Asep', handle: '@asep41' },
    });
    expect(first.nextCursor).toBe(String(Math.max(...ids) + 1));

    // Not confirmed yet: without an offset Telegram serves the same page again.
    expect((await c.fetchSince(null)).items).toHaveLength(3);
    // Polling with the next offset confirms them; afterwards they are gone, even without an offset.
    expect((await c.fetchSince(first.nextCursor)).items).toEqual([]);
    expect(server.pending).toBe(0);
    expect((await c.fetchSince(null)).items).toEqual([]);

    server.pushMessage({ from: rudi, text: 'Ada kabar?' });
    const next = await c.fetchSince(first.nextCursor);
    expect(next.items.map((i) => i.text)).toEqual(['Ada kabar?']);
    expect(Number(next.nextCursor)).toBe(Number(first.nextCursor) + 1);

    // A platform-side replay serves confirmed updates again, with the same external ids (dedupe downstream).
    server.replayFrom(ids[0]!);
    const replayed = await c.fetchSince(null);
    expect(replayed.items.map((i) => i.externalId)).toEqual(['41:1', '43:1', '41:2', '43:2']);
  });

  it('keeps the good updates of a page and records the malformed ones by update_id', async () => {
    const from = { id: 42, first_name: 'Dewi', is_bot: false };
    const chat = { id: 42, type: 'private', first_name: 'Dewi' };
    server.pushMessage({ from: asep, text: 'Syarat bikin KTP baru apa aja min?' });
    const missingText = server.pushRawUpdate({
      message: { message_id: 900, date: 1_700_000_000, chat, from },
    });
    const wrongTypes = server.pushRawUpdate({
      message: { message_id: 'sembilan', date: 'kemarin', chat, from, text: 12345 },
    });
    const last = server.pushMessage({ from: rudi, text: 'Jalan di Jl. Merdeka berlubang, bahaya!' });
    const page = await connector().fetchSince(null);
    expect(page.items.map((i) => i.text)).toEqual([
      'Syarat bikin KTP baru apa aja min?',
      'Jalan di Jl. Merdeka berlubang, bahaya!',
    ]);
    expect(page.failures.map((f) => f.externalId)).toEqual([String(missingText), String(wrongTypes)]);
    expect(page.failures.map((f) => f.reason).join(' ')).toMatch(/text|message_id|date/);
    expect(page.nextCursor).toBe(String(last + 1));
  });

  it('pages by limit and reports hasMore', async () => {
    for (let i = 0; i < 5; i++) server.pushMessage({ from: asep, text: `pesan ${i}` });
    const c = connector({ limit: 2 });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await c.fetchSince(cursor);
      seen.push(...page.items.map((i) => i.text));
      cursor = page.nextCursor;
      pages++;
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(['pesan 0', 'pesan 1', 'pesan 2', 'pesan 3', 'pesan 4']);
    expect(pages).toBe(3);
  });

  it('long poll answers as soon as a message is pushed', async () => {
    const c = connector({ longPollSeconds: 10 });
    const started = Date.now();
    const pending = c.fetchSince(null);
    setTimeout(() => server.pushMessage({ from: asep, text: 'Halo, ada orang?' }), 300);
    const page = await pending;
    const elapsed = Date.now() - started;
    expect(page.items.map((i) => i.text)).toEqual(['Halo, ada orang?']);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('long poll with nothing to serve returns an empty page after the timeout', async () => {
    const started = Date.now();
    const page = await connector({ longPollSeconds: 1 }).fetchSince('7');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(page).toEqual({ items: [], failures: [], nextCursor: '7', hasMore: false });
  });

  it('records sendMessage replies', async () => {
    server.pushMessage({ from: asep, text: 'Kapan PPDB dibuka?' });
    const c = connector();
    const [item] = (await c.fetchSince(null)).items;
    const sent = await c.publishReply({
      replyId: 'r1',
      threadKey: item!.threadKey,
      inReplyToExternalId: item!.externalId,
      text: 'Pendaftaran PPDB dibuka 1 Juni, Kak.',
    });
    expect(server.sent).toHaveLength(1);
    expect(server.sent[0]).toMatchObject({
      chatId: 41,
      text: 'Pendaftaran PPDB dibuka 1 Juni, Kak.',
      replyToMessageId: 1,
    });
    expect(sent.externalId).toBe(`41:${server.sent[0]!.message.message_id}`);
    expect(sent.postedAt).toBeInstanceOf(Date);

    // Replying to a message the chat does not have is a Bot API 400.
    const missing = await rejection(
      c.publishReply({ replyId: 'r1', threadKey: 'tg:41', inReplyToExternalId: '41:999', text: 'Halo' }),
    );
    expect(missing).toMatchObject({ kind: 'transient', details: { status: 400 } });
    expect(missing.message).toContain('message to be replied not found');
  });

  it('a wrong token → auth, and the token is not in the message', async () => {
    const wrong = '123456:WRONG-token-value';
    const error = await rejection(connector({ token: wrong }).fetchSince(null));
    expect(error.kind).toBe('auth');
    expect(error.details.status).toBe(401);
    expect(error.message).toContain('Unauthorized');
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(TOKEN);
  });

  it('canned failures: 429, 5xx, invalid JSON and a 5 MB body; nothing is lost afterwards', async () => {
    server.pushMessage({ from: asep, text: 'masih di sini' });
    const c = connector();
    server.failNext({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 5',
        parameters: { retry_after: 5 },
      },
    });
    server.failNext({
      status: 500,
      body: { ok: false, error_code: 500, description: 'Internal Server Error' },
    });
    server.failNext({ status: 200, rawBody: '{"ok":true,"result":[{"update_id":' });
    server.failNext({
      status: 200,
      rawBody: `{"ok":true,"result":[],"pad":"${'x'.repeat(5 * 1024 * 1024)}"}`,
    });
    const kinds: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const e = await rejection(c.fetchSince(null));
      kinds.push([e.kind, e.details.retryAfterMs]);
      expect(e.message).not.toContain(TOKEN);
    }
    expect(kinds).toEqual([
      ['rate_limited', 5_000],
      ['transient', undefined],
      ['malformed_page', undefined],
      ['malformed_page', undefined],
    ]);
    expect((await c.fetchSince(null)).items.map((i) => i.text)).toEqual(['masih di sini']);
  });

  it('speaks the wire format: GET query, form bodies, raw updates, unknown methods', async () => {
    const id = server.pushRawUpdate({
      message: { message_id: 900, date: 1, chat: { id: 5, type: 'private' } },
    });
    server.pushMessage({ from: rudi, text: 'kedua' });
    const get = await request(`${server.url}/bot${TOKEN}/getUpdates?offset=${id + 1}&limit=10`);
    const body = (await get.body.json()) as { ok: boolean; result: { update_id: number }[] };
    expect(body.ok).toBe(true);
    expect(body.result.map((u) => u.update_id)).toEqual([id + 1]);

    const form = await request(`${server.url}/bot${TOKEN}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: '43', text: 'balasan', reply_to_message_id: '1' }).toString(),
    });
    expect(form.statusCode).toBe(200);
    expect(((await form.body.json()) as { result: { chat: { id: number } } }).result.chat.id).toBe(43);
    expect(server.sent.at(-1)).toMatchObject({ chatId: 43, replyToMessageId: 1 });

    const unknown = await request(`${server.url}/bot${TOKEN}/getChickens`);
    expect(unknown.statusCode).toBe(404);
    await unknown.body.dump();
    expect(server.requests).toBe(3);
  });

  it('startDemoStream bursts, then streams, then loops as new senders', async () => {
    const corpus = [
      { from: { id: 7, firstName: 'Sri', username: 'sri' }, text: 'satu' },
      { from: { id: 8, firstName: 'Budi' }, text: 'dua' },
    ];
    const stream = startDemoStream(server, corpus, { ratePerSecond: 50, startBurst: 3 });
    expect(stream.pushed).toBe(3);
    await new Promise((r) => setTimeout(r, 150));
    stream.stop();
    const page = await connector().fetchSince(null);
    expect(page.items.length).toBe(stream.pushed);
    expect(page.items.length).toBeGreaterThan(3);
    expect(page.items.slice(0, 3).map((i) => [i.contact?.externalId, i.text])).toEqual([
      ['7', 'satu'],
      ['8', 'dua'],
      ['7001', 'satu'],
    ]);
    expect(page.items[2]?.contact?.handle).toBe('@sri_1');
  });
});
