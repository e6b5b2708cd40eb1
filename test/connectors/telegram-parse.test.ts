import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capUtf8, parseRetryAfter, redactUrl } from '../../worker/connectors/http-client.ts';
import { createTelegramConnector } from '../../worker/connectors/telegram.ts';
import { ConnectorError, type FetchResult } from '../../worker/connectors/types.ts';

const TOKEN = '987654321:AAH-secret_TokenValue-xyz';
const BASE = 'https://api.telegram.org';
const GET_UPDATES = `/bot${TOKEN}/getUpdates`;

const dewi = { id: 42, is_bot: false, first_name: 'Dewi', last_name: 'Lestari', username: 'dewi_l' };
const privateChat = { id: 42, type: 'private', first_name: 'Dewi' };
const group = { id: -100123, type: 'supergroup', title: 'Warga Kota' };

function textUpdate(update_id: number, message: Record<string, unknown>, field = 'message') {
  return { update_id, [field]: { date: 1_700_000_000, chat: privateChat, from: dewi, ...message } };
}

describe('telegram connector: parsing pages and errors (MockAgent)', () => {
  let agent: MockAgent;
  const requestBodies: unknown[] = [];

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    requestBodies.length = 0;
  });
  afterEach(async () => {
    await agent.close();
  });

  function connector(extra: { limit?: number; timeoutMs?: number; maxResponseBytes?: number } = {}) {
    return createTelegramConnector({ token: TOKEN, timeoutMs: 2_000, dispatcher: agent, ...extra });
  }

  function replyUpdates(result: unknown[], path = GET_UPDATES) {
    agent
      .get(BASE)
      .intercept({ path, method: 'POST' })
      .reply(200, (opts) => {
        requestBodies.push(JSON.parse(String(opts.body)));
        return { ok: true, result };
      });
  }

  function reply(status: number, body: unknown, headers: Record<string, string> = {}) {
    agent
      .get(BASE)
      .intercept({ path: GET_UPDATES, method: 'POST' })
      .reply(status, typeof body === 'string' ? body : JSON.stringify(body), {
        headers: { 'content-type': 'application/json', ...headers },
      });
  }

  async function fetchError(cursor: string | null = '10', c = connector()): Promise<ConnectorError> {
    const error = await c.fetchSince(cursor).then(
      () => {
        throw new Error('expected fetchSince to fail');
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectorError);
    const connectorError = error as ConnectorError;
    expect(connectorError.message).not.toContain(TOKEN);
    expect(connectorError.message).not.toContain('AAH-secret');
    expect(connectorError.stack ?? '').not.toContain(TOKEN);
    return connectorError;
  }

  it('turns text messages into items: DM, group reply, caption, channel post, edit', async () => {
    replyUpdates([
      textUpdate(100, { message_id: 5, text: 'Syarat bikin KTP apa min?' }),
      textUpdate(101, {
        message_id: 77,
        chat: group,
        text: 'Jalan berlubang di Jl. Merdeka',
        reply_to_message: { message_id: 70, date: 1_699_999_000, chat: group },
      }),
      textUpdate(102, { message_id: 78, chat: group, caption: 'Foto banjir', photo: [{ file_id: 'x' }] }),
      {
        update_id: 103,
        channel_post: {
          message_id: 9,
          date: 1_700_000_100,
          chat: { id: -100555, type: 'channel', title: 'Info Dinas' },
          sender_chat: { id: -100555, type: 'channel', title: 'Info Dinas' },
          text: 'Pengumuman',
        },
      },
      textUpdate(
        104,
        { message_id: 5, text: 'Syarat bikin KTP baru apa min?', edit_date: 1 },
        'edited_message',
      ),
    ]);
    const page = await connector().fetchSince('100');

    expect(requestBodies[0]).toEqual({
      offset: 100,
      limit: 100,
      timeout: 0,
      allowed_updates: ['message', 'edited_message', 'channel_post'],
    });
    expect(page.failures).toEqual([]);
    expect(page.nextCursor).toBe('105');
    expect(page.hasMore).toBe(false);
    const [dm, groupReply, caption, post, edit] = page.items;
    expect(dm).toMatchObject({
      externalId: '42:5',
      kind: 'DM',
      threadKey: 'tg:42',
      text: 'Syarat bikin KTP apa min?',
      postedAt: new Date(1_700_000_000 * 1000),
      contact: { externalId: '42', displayName: 'Dewi Lestari', handle: '@dewi_l' },
    });
    expect(dm?.raw).toMatchObject({ update_id: 100 });
    expect(groupReply).toMatchObject({
      externalId: '-100123:77',
      kind: 'COMMENT',
      threadKey: 'tg:-100123:70',
    });
    expect(caption).toMatchObject({
      externalId: '-100123:78',
      threadKey: 'tg:-100123:78',
      text: 'Foto banjir',
    });
    expect(post).toMatchObject({
      externalId: '-100555:9',
      kind: 'POST',
      contact: { externalId: '-100555', displayName: 'Info Dinas' },
    });
    expect(edit?.externalId).toBe(dm?.externalId);
  });

  it('records malformed updates as failures naming the field, keeps the rest, moves the cursor past all', async () => {
    const noId = { message: { message_id: 1, date: 1, chat: privateChat, text: 'tanpa update_id' } };
    replyUpdates([
      textUpdate(200, { message_id: 1, text: 'Kapan PPDB dibuka?' }),
      textUpdate(201, { message_id: 2 }),
      textUpdate(202, { message_id: 'tiga', date: 'kemarin', text: 12345 }),
      textUpdate(203, { message_id: 4, text: 'x'.repeat(4097) }),
      textUpdate(204, { message_id: 5, sticker: { file_id: 'abc' } }),
      textUpdate(205, { message_id: 6, new_chat_members: [dewi] }),
      noId,
      textUpdate(207, { message_id: 8, chat: { id: 'abc', type: 'private' }, text: 'ok' }),
      textUpdate(206, { message_id: 7, text: 'Terima kasih infonya' }),
    ]);
    const page: FetchResult = await connector().fetchSince('200');

    expect(page.items.map((i) => i.externalId)).toEqual(['42:1', '42:7']);
    expect(page.nextCursor).toBe('208');
    const byKey = new Map(page.failures.map((f) => [f.dedupeKey, f]));
    expect([...byKey.keys()].filter((k) => k.startsWith('update:')).sort()).toEqual([
      'update:201',
      'update:202',
      'update:203',
      'update:207',
    ]);
    expect(page.failures).toHaveLength(5);
    expect(byKey.get('update:201')).toMatchObject({ externalId: '201' });
    expect(byKey.get('update:201')?.reason).toMatch(/^message\.text: expected string/);
    const wrongTypes = byKey.get('update:202')?.reason ?? '';
    expect(wrongTypes).toContain('message.message_id: expected number, received string');
    expect(wrongTypes).toContain('message.date: expected number');
    expect(wrongTypes).toContain('message.text: expected string, received number');
    expect(byKey.get('update:203')?.reason).toMatch(/^message\.text: Too big/);
    expect(byKey.get('update:207')?.reason).toContain('message.chat.id: expected number');
    const hashed = page.failures.find((f) => !f.dedupeKey.startsWith('update:'));
    expect(hashed?.dedupeKey).toMatch(/^[0-9a-f]{64}$/);
    expect(hashed?.externalId).toBeUndefined();
    expect(hashed?.reason).toContain('update_id: expected number');
    expect(JSON.parse(hashed?.raw ?? '')).toEqual(noId);
    for (const f of page.failures) expect(f.raw.length).toBeGreaterThan(0);
  });

  it('caps a failure raw at 64 KiB', async () => {
    replyUpdates([textUpdate(300, { message_id: 1, text: 'é'.repeat(40_000), caption: 'x' })]);
    const page = await connector().fetchSince(null);
    expect(page.failures).toHaveLength(1);
    expect(Buffer.byteLength(page.failures[0]!.raw)).toBeLessThanOrEqual(64 * 1024);
    expect(page.failures[0]!.raw).not.toContain('\uFFFD');
  });

  it('keeps the cursor on an empty page and reports more when the page is full', async () => {
    replyUpdates([]);
    expect(await connector().fetchSince('55')).toEqual({
      items: [],
      failures: [],
      nextCursor: '55',
      hasMore: false,
    });
    replyUpdates([]);
    expect((await connector().fetchSince(null)).nextCursor).toBeNull();
    replyUpdates([
      textUpdate(60, { message_id: 1, text: 'a' }),
      textUpdate(61, { message_id: 2, text: 'b' }),
    ]);
    const full = await connector({ limit: 2 }).fetchSince(null);
    expect(requestBodies.at(-1)).not.toHaveProperty('offset');
    expect(full).toMatchObject({ hasMore: true, nextCursor: '62' });
  });

  it('429 with retry_after → rate_limited with retryAfterMs', async () => {
    reply(429, {
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    });
    const error = await fetchError();
    expect(error.kind).toBe('rate_limited');
    expect(error.details.retryAfterMs).toBe(7_000);
    expect(error.details.status).toBe(429);
    expect(error.message).toContain('Too Many Requests');

    reply(429, 'slow down', { 'retry-after': '3' });
    const fromHeader = await fetchError();
    expect(fromHeader.kind).toBe('rate_limited');
    expect(fromHeader.details.retryAfterMs).toBe(3_000);
  });

  it('an ok:false envelope in a 200 is mapped by its error_code', async () => {
    reply(200, {
      ok: false,
      error_code: 429,
      description: 'Too Many Requests',
      parameters: { retry_after: 2 },
    });
    const error = await fetchError();
    expect(error).toMatchObject({ kind: 'rate_limited', details: { retryAfterMs: 2_000 } });
    reply(200, { ok: false, error_code: 401, description: 'Unauthorized' });
    expect((await fetchError()).kind).toBe('auth');
  });

  it('401, 403 and 404 on the bot token → auth, with the platform message', async () => {
    reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const unauthorized = await fetchError();
    expect(unauthorized.kind).toBe('auth');
    expect(unauthorized.message).toContain('Unauthorized');
    expect(unauthorized.message).toContain('/bot***/getUpdates');
    reply(403, { ok: false, error_code: 403, description: 'Forbidden: bot was kicked' });
    expect((await fetchError()).kind).toBe('auth');
    reply(404, { ok: false, error_code: 404, description: 'Not Found' });
    expect((await fetchError()).kind).toBe('auth');
  });

  it('5xx, network errors and timeouts → transient', async () => {
    reply(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' });
    expect(await fetchError()).toMatchObject({ kind: 'transient', details: { status: 502 } });

    agent
      .get(BASE)
      .intercept({ path: GET_UPDATES, method: 'POST' })
      .replyWithError(new Error(`connect ECONNREFUSED for ${BASE}${GET_UPDATES}`));
    const network = await fetchError();
    expect(network.kind).toBe('transient');
    expect(network.message).toContain('network error');

    agent
      .get(BASE)
      .intercept({ path: GET_UPDATES, method: 'POST' })
      .reply(200, { ok: true, result: [] })
      .delay(2_000);
    const slow = await fetchError('1', connector({ timeoutMs: 100 }));
    expect(slow.kind).toBe('transient');
    expect(slow.message).toContain('timed out after 100 ms');
  });

  it('invalid JSON → malformed_page with the raw body', async () => {
    reply(200, '{"ok":true,"result":[{"update_id":');
    const error = await fetchError();
    expect(error.kind).toBe('malformed_page');
    expect(error.message).toContain('not valid JSON');
    expect(error.details.raw).toBe('{"ok":true,"result":[{"update_id":');

    reply(200, { ok: true, result: { not: 'an array' } });
    expect((await fetchError()).kind).toBe('malformed_page');
    reply(200, { hello: 'world' });
    expect((await fetchError()).kind).toBe('malformed_page');
  });

  it('a body over the size cap → malformed_page, keeping only the first 64 KiB', async () => {
    reply(200, `{"ok":true,"result":[],"pad":"${'x'.repeat(5 * 1024 * 1024)}"}`);
    const error = await fetchError();
    expect(error.kind).toBe('malformed_page');
    expect(error.message).toMatch(/over 4194304 bytes/);
    expect(error.details.raw?.length).toBe(64 * 1024);
    expect(error.details.raw?.startsWith('{"ok":true,"result":[],"pad":"xxx')).toBe(true);

    reply(200, { ok: true, result: [textUpdate(1, { message_id: 1, text: 'x'.repeat(2000) })] });
    expect((await fetchError('1', connector({ maxResponseBytes: 1000 }))).kind).toBe('malformed_page');
  });

  it('publishReply sends a reply to the message and returns its id', async () => {
    agent
      .get(BASE)
      .intercept({ path: `/bot${TOKEN}/sendMessage`, method: 'POST' })
      .reply(200, (opts) => {
        requestBodies.push(JSON.parse(String(opts.body)));
        return {
          ok: true,
          result: { message_id: 9, date: 1_700_000_500, chat: privateChat, text: 'Halo', from: { id: 1 } },
        };
      });
    const sent = await connector().publishReply({
      replyId: 'r1',
      threadKey: 'tg:42',
      inReplyToExternalId: '42:5',
      text: 'Halo Kak Dewi',
    });
    expect(requestBodies[0]).toEqual({
      chat_id: 42,
      text: 'Halo Kak Dewi',
      reply_parameters: { message_id: 5 },
    });
    expect(sent).toEqual({ externalId: '42:9', postedAt: new Date(1_700_000_500 * 1000) });

    agent
      .get(BASE)
      .intercept({ path: `/bot${TOKEN}/sendMessage`, method: 'POST' })
      .reply(403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const blocked = await connector()
      .publishReply({ replyId: 'r1', threadKey: 'tg:42', inReplyToExternalId: '42:5', text: 'Halo' })
      .catch((e: unknown) => e as ConnectorError);
    expect(blocked).toMatchObject({ kind: 'transient', details: { status: 403 } });
    expect((blocked as Error).message).not.toContain(TOKEN);

    await expect(
      connector().publishReply({
        replyId: 'r1',
        threadKey: 'tg:42',
        inReplyToExternalId: '43:5',
        text: 'Halo',
      }),
    ).rejects.toThrow(/not in thread/);
  });

  it('redacts tokens in URLs and caps UTF-8 on a character boundary', () => {
    expect(redactUrl(`${BASE}/bot${TOKEN}/getUpdates?offset=1`)).toBe(`${BASE}/bot***/getUpdates?offset=1`);
    expect(redactUrl('https://graph.facebook.com/v19.0/me/feed?access_token=EAAB123&limit=5')).toBe(
      'https://graph.facebook.com/v19.0/me/feed?access_token=***&limit=5',
    );
    expect(capUtf8('aé', 2)).toBe('a');
    expect(capUtf8('abc', 10)).toBe('abc');
    expect(parseRetryAfter('12')).toBe(12_000);
    expect(parseRetryAfter(new Date(Date.now() + 5_000).toUTCString())).toBeGreaterThan(3_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
