import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenSource } from '../../worker/connectors/oauth-token.ts';
import type { FetchResult, InboundItem } from '../../worker/connectors/types.ts';
import { createXConnector, type XConnectorOptions } from '../../worker/connectors/x.ts';
import { type FakeX, type FakeXUser, startFakeX } from '../fakes/x-server.ts';
import { rejection as rejectionOf } from '../support/connector-assertions.ts';

const BEARER = 'AAAAAAAAAAAAAAAAAAAAAFakeAppBearer%2Fsecret';
const USER_TOKEN = 'user-ctx-token-SECRET-value';

/** Every rejection is also checked for leaked credentials. */
const rejection = (promise: Promise<unknown>) => rejectionOf(promise, [BEARER, USER_TOKEN]);
const agency: FakeXUser = { id: '1000', username: 'DiskominfoKota', name: 'Diskominfo Kota' };
const sari: FakeXUser = { id: '2001', username: 'sari_w', name: 'Sari Wulandari' };
const budi: FakeXUser = { id: '2002', username: 'budi88', name: 'Budi' };
const QUERY = '(banjir OR "jalan rusak") -is:retweet lang:id';

describe('x connector against the fake X API v2 server', () => {
  let server: FakeX;

  beforeEach(async () => {
    server = await startFakeX({ bearerToken: BEARER, userToken: USER_TOKEN, agency });
  });
  afterEach(async () => {
    await server.close();
  });

  function connector(extra: Partial<XConnectorOptions> = {}) {
    return createXConnector({
      bearerToken: BEARER,
      userToken: USER_TOKEN,
      userId: agency.id,
      apiBaseUrl: server.url,
      timeoutMs: 5_000,
      ...extra,
    });
  }

  /** Fetches until the platform has nothing more, as the poller does; returns every page. */
  async function drain(c = connector(), cursor: string | null = null, maxPages = 50) {
    const pages: FetchResult[] = [];
    for (let i = 0; i < maxPages; i++) {
      const page = await c.fetchSince(cursor);
      pages.push(page);
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    return { pages, cursor, items: pages.flatMap((p) => p.items) };
  }

  const mention = (i: number, who = sari) =>
    server.post({ author: who, text: `@DiskominfoKota pertanyaan ${i}` });

  it('pages a mentions sweep newest → oldest and only then moves since_id', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => mention(i));
    const c = connector({ maxResults: 5 });
    const first = await c.fetchSince(null);
    expect(first.items.map((i) => i.externalId)).toEqual(ids.slice(7).reverse());
    expect(first.hasMore).toBe(true);
    expect(first.items[0]).toMatchObject({
      kind: 'MENTION',
      text: '@DiskominfoKota pertanyaan 11',
      threadKey: `x:${ids[11]}`,
      contact: { externalId: sari.id, displayName: 'Sari Wulandari', handle: '@sari_w' },
      url: `https://x.com/sari_w/status/${ids[11]}`,
    });

    // Posted while the sweep is in progress: not in this sweep's pages, but in the next sweep.
    const late = mention(99);
    const second = await c.fetchSince(first.nextCursor);
    const third = await c.fetchSince(second.nextCursor);
    expect(second.items.map((i) => i.externalId)).toEqual(ids.slice(2, 7).reverse());
    expect(third.items.map((i) => i.externalId)).toEqual(ids.slice(0, 2).reverse());
    expect([second.hasMore, third.hasMore]).toEqual([true, false]);
    expect(JSON.parse(second.nextCursor!).mentions.sinceId).toBeNull();
    expect(JSON.parse(third.nextCursor!).mentions).toEqual({ sinceId: ids[11], sweep: null });

    const after = await c.fetchSince(third.nextCursor);
    expect(after.items.map((i) => i.externalId)).toEqual([late]);
    expect(after.hasMore).toBe(false);

    const calls = server.requests.map((r) => r.query);
    expect(server.requests.every((r) => r.path === `/2/users/${agency.id}/mentions`)).toBe(true);
    expect(server.requests.every((r) => r.authorization === `Bearer ${BEARER}`)).toBe(true);
    expect(calls[0]).toEqual({
      max_results: '5',
      'tweet.fields':
        'created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,edit_history_tweet_ids,note_tweet',
      expansions: 'author_id',
      'user.fields': 'username,name',
    });
    expect(calls[1]?.pagination_token).toBeTruthy();
    expect(calls[1]?.since_id).toBeUndefined();
    expect(calls[3]).toMatchObject({ since_id: ids[11] });
    expect(calls[3]?.pagination_token).toBeUndefined();
  });

  it('resumes a sweep from the stored cursor after a restart: nothing missed, nothing repeated', async () => {
    const posted: string[] = [];
    for (let i = 0; i < 41; i++) {
      const who = i % 2 ? sari : budi;
      // Every third tweet both mentions us and matches the search; some match the search only.
      const text =
        i % 3 === 0
          ? `@DiskominfoKota banjir di RT ${i}`
          : i % 3 === 1
            ? `@DiskominfoKota kapan KTP ${i} jadi?`
            : `jalan rusak di blok ${i}`;
      posted.push(server.post({ author: who, text }));
    }
    const seen: InboundItem[] = [];
    const first = connector({ searchQuery: QUERY, maxResults: 10 });
    let cursor: string | null = null;
    for (let i = 0; i < 2; i++) {
      const page: FetchResult = await first.fetchSince(cursor);
      expect(page.hasMore).toBe(true);
      seen.push(...page.items);
      cursor = page.nextCursor;
    }
    // Restart: a new connector with only the stored cursor.
    const rest = await drain(connector({ searchQuery: QUERY, maxResults: 10 }), cursor);
    seen.push(...rest.items);
    const ids = seen.map((i) => i.externalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...posted].sort());
    const kinds = new Map(seen.map((i) => [i.externalId, i.kind]));
    expect(kinds.get(posted[0]!)).toBe('MENTION');
    expect(kinds.get(posted[2]!)).toBe('POST');

    const stored = JSON.parse(rest.cursor!);
    expect(stored.search).toEqual({ sinceId: posted[39], sweep: null, query: QUERY });
    expect(stored.mentions).toEqual({ sinceId: posted[40], sweep: null });
    const searchCalls = server.requests.filter((r) => r.path === '/2/tweets/search/recent');
    expect(searchCalls[0]?.query).toMatchObject({ query: QUERY, max_results: '10' });
    expect(searchCalls.slice(1).every((r) => r.query.next_token)).toBe(true);

    // Nothing new: one call per stream, no items, both since_ids sent.
    const before = server.requests.length;
    const idle = await connector({ searchQuery: QUERY }).fetchSince(rest.cursor);
    expect(idle).toMatchObject({ items: [], failures: [], hasMore: false });
    const sinceIds = Object.fromEntries(server.requests.slice(before).map((r) => [r.path, r.query.since_id]));
    expect(sinceIds).toEqual({
      [`/2/users/${agency.id}/mentions`]: posted[40],
      '/2/tweets/search/recent': posted[39],
    });
  });

  it('a tweet in both streams appears once per fetch, as a mention', async () => {
    const both = server.post({ author: budi, text: '@DiskominfoKota banjir lagi di Jl. Merdeka' });
    const page = await connector({ searchQuery: QUERY }).fetchSince(null);
    expect(page.items.map((i) => [i.externalId, i.kind])).toEqual([[both, 'MENTION']]);
    expect(server.requests.map((r) => r.path).sort()).toEqual([
      '/2/tweets/search/recent',
      `/2/users/${agency.id}/mentions`,
    ]);
  });

  it('search results: replies are COMMENTs in the thread of their conversation, & is unescaped', async () => {
    const root = server.post({ author: sari, text: 'Banjir setinggi lutut di Kampung Melayu' });
    const reply = server.post({ author: budi, text: 'Sama, banjir & macet di sini', inReplyTo: root });
    const page = await connector({ searchQuery: QUERY }).fetchSince(null);
    const byId = new Map(page.items.map((i) => [i.externalId, i]));
    expect(byId.get(root)).toMatchObject({ kind: 'POST', threadKey: `x:${root}` });
    expect(byId.get(reply)).toMatchObject({
      kind: 'COMMENT',
      threadKey: `x:${root}`,
      text: 'Sama, banjir & macet di sini',
    });
  });

  it('an edit keeps the original id as externalId and reports editedAt', async () => {
    const original = mention(1);
    const c = connector();
    const first = await c.fetchSince(null);
    const postedAt = first.items[0]!.postedAt;
    const edited = server.edit(original, '@DiskominfoKota pertanyaan 1 (diperbaiki)');
    const next = await c.fetchSince(first.nextCursor);
    expect(next.items).toHaveLength(1);
    expect(next.items[0]).toMatchObject({
      externalId: original,
      text: '@DiskominfoKota pertanyaan 1 (diperbaiki)',
      url: `https://x.com/sari_w/status/${edited}`,
    });
    expect(next.items[0]!.postedAt.getTime()).toBe(postedAt.getTime());
    expect(next.items[0]!.editedAt!.getTime()).toBeGreaterThanOrEqual(postedAt.getTime());
    expect(JSON.parse(next.nextCursor!).mentions.sinceId).toBe(edited);
  });

  it('429 → rate_limited until x-rate-limit-reset; low remaining → slowDownMs on a good page', async () => {
    mention(1);
    const reset = Math.floor(Date.now() / 1000) + 30;
    server.setRateLimit('mentions', { limit: 75, remaining: 0, resetAt: reset });
    const limited = await rejection(connector().fetchSince(null));
    expect(limited.kind).toBe('rate_limited');
    expect(limited.details.status).toBe(429);
    expect(limited.message).toContain('Too Many Requests');
    expect(limited.details.retryAfterMs).toBeGreaterThan(reset * 1000 - Date.now() - 1_000);
    expect(limited.details.retryAfterMs).toBeLessThanOrEqual(reset * 1000 - Date.now() + 1_000);

    // Retry-After only (a proxy in front of X): still honoured.
    server.failNext({
      status: 429,
      body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
      headers: { 'retry-after': '7' },
    });
    expect((await rejection(connector().fetchSince(null))).details.retryAfterMs).toBe(7_000);

    server.setRateLimit('mentions', { limit: 75, remaining: 2, resetAt: reset });
    const page = await connector().fetchSince(null);
    expect(page.items).toHaveLength(1);
    expect(page.rateLimit).toMatchObject({ limit: 75, remaining: 1, resetAt: new Date(reset * 1000) });
    expect(page.rateLimit?.slowDownMs).toBeGreaterThan(25_000);

    server.setRateLimit('mentions', { limit: 75, remaining: 60, resetAt: reset });
    const relaxed = await connector().fetchSince(null);
    expect(relaxed.rateLimit).toMatchObject({ remaining: 59 });
    expect(relaxed.rateLimit?.slowDownMs).toBeUndefined();
  });

  it('a 500 is transient and the same cursor then succeeds', async () => {
    const id = mention(1);
    server.failNext({
      status: 500,
      body: {
        title: 'Internal Server Error',
        detail: 'Something went wrong',
        type: 'about:blank',
        status: 500,
      },
    });
    const c = connector();
    const error = await rejection(c.fetchSince(null));
    expect(error).toMatchObject({ kind: 'transient', details: { status: 500 } });
    expect(error.message).toContain('Something went wrong');
    expect((await c.fetchSince(null)).items.map((i) => i.externalId)).toEqual([id]);
  });

  it('401 → auth with X message and no token; app-only token on POST → auth; unknown user → auth', async () => {
    const bad = await rejection(connector({ bearerToken: 'WRONG-bearer-token-xyz' }).fetchSince(null));
    expect(bad).toMatchObject({ kind: 'auth', details: { status: 401 } });
    expect(bad.message).toContain('Unauthorized');
    expect(bad.message).not.toContain('WRONG-bearer-token-xyz');

    const target = mention(1);
    const { userToken: _none, ...appOnly } = {
      bearerToken: BEARER,
      userToken: undefined,
      userId: agency.id,
      apiBaseUrl: server.url,
      timeoutMs: 5_000,
    };
    const post = await rejection(
      createXConnector(appOnly).publishReply({
        replyId: 'r1',
        threadKey: `x:${target}`,
        inReplyToExternalId: target,
        text: 'Halo',
      }),
    );
    expect(post).toMatchObject({ kind: 'auth', details: { status: 403 } });
    expect(post.message).toContain('Unsupported Authentication');

    const missing = await rejection(connector({ userId: '4040' }).fetchSince(null));
    expect(missing.kind).toBe('auth');
    expect(missing.message).toContain('Could not find user with id: [4040]');
  });

  it('keeps good tweets of a page and records malformed ones; partial errors do not fail the page', async () => {
    const good1 = mention(1);
    server.pushRawTweet(
      { id: '1500000000000000001', text: '@DiskominfoKota tanpa author', created_at: 'kemarin' },
      { mentions: true },
    );
    server.pushRawTweet({ text: 'tanpa id sama sekali' }, { mentions: true });
    const ghost: FakeXUser = { id: '2999', username: 'hilang', name: 'Akun Hilang' };
    const orphan = server.post({ author: ghost, text: '@DiskominfoKota akun saya disuspend' });
    server.suspend(ghost.id);
    const good2 = mention(2, budi);

    const page = await connector().fetchSince(null);
    expect(page.items.map((i) => i.externalId)).toEqual([good2, orphan, good1]);
    const orphanItem = page.items[1]!;
    expect(orphanItem.contact).toEqual({ externalId: ghost.id });
    expect(orphanItem.url).toBe(`https://x.com/i/web/status/${orphan}`);
    expect(orphanItem.raw).toMatchObject({ errors: [{ resource_id: ghost.id, title: 'Not Found Error' }] });

    expect(page.failures).toHaveLength(2);
    const [noId, badDate] = page.failures;
    expect(badDate).toMatchObject({
      dedupeKey: 'tweet:1500000000000000001',
      externalId: '1500000000000000001',
    });
    expect(badDate!.reason).toContain('author_id');
    expect(badDate!.reason).toContain('created_at');
    expect(noId!.dedupeKey).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(noId!.raw)).toEqual({ text: 'tanpa id sama sekali' });
    expect(JSON.parse(page.nextCursor!).mentions.sinceId).toBe(good2);
  });

  it('publishes a reply and findPublishedReply finds it, so a retry does not post twice', async () => {
    const target = mention(1);
    const c = connector();
    const since = new Date();
    const reply = {
      replyId: 'reply-1',
      threadKey: `x:${target}`,
      inReplyToExternalId: target,
      text: 'Halo Kak Sari, info & syarat lengkap di https://kota.go.id/ktp ya.',
    };
    expect(await c.findPublishedReply!(reply, since)).toBeNull();
    const published = await c.publishReply(reply);

    const post = server.requests.find((r) => r.method === 'POST');
    expect(post).toMatchObject({
      path: '/2/tweets',
      authorization: `Bearer ${USER_TOKEN}`,
      body: { text: reply.text, reply: { in_reply_to_tweet_id: target } },
      status: 201,
    });
    expect(server.created).toHaveLength(1);
    expect(published.externalId).toBe(server.created[0]!.id);
    expect(Math.abs(published.postedAt.getTime() - Date.now())).toBeLessThan(5_000);

    // A retried job after a crash: the earlier post is found (X served its text escaped), not posted again.
    const found = await connector().findPublishedReply!(reply, since);
    expect(found?.externalId).toBe(published.externalId);
    const lookup = server.requests.filter((r) => r.path === `/2/users/${agency.id}/tweets`).at(-1);
    expect(lookup?.query).toMatchObject({
      'tweet.fields': 'referenced_tweets,created_at',
      max_results: '100',
    });
    expect(Date.parse(lookup!.query.start_time!)).toBeLessThanOrEqual(since.getTime());
    expect(server.created).toHaveLength(1);
    expect(await c.findPublishedReply!({ ...reply, text: 'Teks lain' }, since)).toBeNull();
    expect(await c.findPublishedReply!({ ...reply, inReplyToExternalId: '123' }, since)).toBeNull();

    // Posting the same text again is refused by X as duplicate content: rejected, never retried.
    const duplicate = await rejection(c.publishReply(reply));
    expect(duplicate).toMatchObject({ kind: 'rejected', details: { status: 403 } });
    expect(duplicate.message).toContain('duplicate content');
    const gone = await rejection(c.publishReply({ ...reply, inReplyToExternalId: '99', text: 'Halo' }));
    expect(gone.kind).toBe('rejected');
  });

  it('recovers when X no longer honours a next_token or a since_id', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => mention(i));
    const c = connector({ maxResults: 5 });
    const first = await c.fetchSince(null);
    server.expireTokens();
    const restarted = await c.fetchSince(first.nextCursor);
    // The sweep starts again from its since_id: repeats (deduped by the store), no gap.
    expect(restarted.items.map((i) => i.externalId)).toEqual(ids.slice(3).reverse());
    const done = await drain(c, restarted.nextCursor);
    const all = new Set([...first.items, ...restarted.items, ...done.items].map((i) => i.externalId));
    expect([...all].sort()).toEqual([...ids].sort());
    expect(JSON.parse(done.cursor!).mentions).toEqual({ sinceId: ids[7], sweep: null });

    const old = server.post({ author: sari, text: 'banjir pertama' });
    const searchOnly = connector({ searchQuery: QUERY });
    const s1 = await drain(searchOnly);
    server.setSearchFloor(String(BigInt(old) + 1n));
    const fresh = server.post({ author: budi, text: 'banjir kedua' });
    const s2 = await searchOnly.fetchSince(s1.cursor);
    expect(s2.items.map((i) => i.externalId)).toContain(fresh);
    expect(JSON.parse(s2.nextCursor!).search.sinceId).toBe(fresh);
  });

  it('speaks the wire format: X envelopes, field selection, 400s and 404s', async () => {
    const id = mention(1);
    const auth = { authorization: `Bearer ${BEARER}` };
    const plain = await request(`${server.url}/2/users/${agency.id}/mentions`, { headers: auth });
    const body = (await plain.body.json()) as {
      data: Record<string, unknown>[];
      meta: Record<string, unknown>;
    };
    expect(plain.headers['x-rate-limit-limit']).toBe('450');
    expect(body.data).toEqual([{ id, text: '@DiskominfoKota pertanyaan 1', edit_history_tweet_ids: [id] }]);
    expect(body.meta).toEqual({ result_count: 1, newest_id: id, oldest_id: id });

    const tooMany = await request(`${server.url}/2/tweets/search/recent?query=banjir&max_results=5`, {
      headers: auth,
    });
    expect(tooMany.statusCode).toBe(400);
    expect(await tooMany.body.json()).toMatchObject({
      title: 'Invalid Request',
      errors: [{ parameters: { max_results: ['5'] } }],
    });
    const unknown = await request(`${server.url}/2/spaces/search`, { headers: auth });
    expect(unknown.statusCode).toBe(404);
    await unknown.body.dump();
    expect(server.requests.map((r) => r.status)).toEqual([200, 400, 404]);
  });
});

describe('x connector posting with refreshed OAuth 2.0 user tokens', () => {
  const CLIENT = {
    clientId: 'rG9n6402A3dbUJKzXTNX4oWHJ',
    clientSecret: 'x-client-SECRET-value',
    refreshToken: 'x-REFRESH-token-0',
  };
  let server: FakeX;
  let t: number;
  const now = () => t;
  const rotated: string[] = [];

  beforeEach(async () => {
    t = Date.now();
    rotated.length = 0;
    server = await startFakeX({ bearerToken: BEARER, oauth: CLIENT, agency, now });
  });
  afterEach(async () => {
    await server.close();
  });

  function connector() {
    return createXConnector({
      bearerToken: BEARER,
      userTokenSource: createTokenSource({
        tokenUrl: `${server.url}/2/oauth2/token`,
        ...CLIENT,
        clientAuth: 'basic',
        timeoutMs: 5_000,
        now,
        onRotate: (token) => {
          rotated.push(token);
        },
      }),
      userId: agency.id,
      apiBaseUrl: server.url,
      timeoutMs: 5_000,
    });
  }
  const reply = (target: string, text: string) => ({
    replyId: `r-${text}`,
    threadKey: `x:${target}`,
    inReplyToExternalId: target,
    text,
  });
  const posts = () => server.requests.filter((r) => r.method === 'POST');

  it('posts with the user token, refreshing (and rotating) across two expiries', async () => {
    const target = server.post({ author: sari, text: '@DiskominfoKota jalan rusak' });
    const c = connector();
    await c.publishReply(reply(target, 'Terima kasih, kami teruskan.'));
    t += 7_200_000;
    await c.publishReply(reply(target, 'Sudah diperbaiki hari ini.'));
    t += 7_200_000;
    await c.publishReply(reply(target, 'Mohon kabari bila masih rusak.'));
    expect(server.created).toHaveLength(3);
    expect(posts().map((r) => r.authorization)).toEqual(server.oauth.issued.map((tk) => `Bearer ${tk}`));
    expect(server.oauth.requests.map((r) => r.refreshToken)).toEqual([
      CLIENT.refreshToken,
      ...rotated.slice(0, 2),
    ]);
    expect(server.oauth.requests.every((r) => r.clientAuth === 'basic' && r.status === 200)).toBe(true);
    // Reads stay on the app-only bearer token.
    await c.fetchSince(null);
    expect(server.requests.at(-1)?.authorization).toBe(`Bearer ${BEARER}`);
  });

  it('a 401 on POST → one refresh and one retry, and the reply is posted once', async () => {
    const target = server.post({ author: sari, text: '@DiskominfoKota banjir' });
    const c = connector();
    await c.publishReply(reply(target, 'Petugas menuju lokasi.'));
    server.oauth.expireAccessTokens();
    await c.publishReply(reply(target, 'Air sudah surut.'));
    expect(server.created.map((tw) => tw.text)).toEqual(['Petugas menuju lokasi.', 'Air sudah surut.']);
    expect(posts().map((r) => r.status)).toEqual([201, 401, 201]);
    expect(server.oauth.requests).toHaveLength(2);
  });

  it('a refresh token X no longer accepts → auth with X’s description and no secret', async () => {
    const target = server.post({ author: sari, text: '@DiskominfoKota halo' });
    server.oauth.revokeRefreshToken();
    const error = await rejection(connector().publishReply(reply(target, 'Halo juga.')));
    expect(error).toMatchObject({ kind: 'auth', details: { status: 400 } });
    expect(error.message).toContain('invalid_request: Value passed for the token was invalid.');
    for (const secret of Object.values(CLIENT).slice(1)) expect(error.message).not.toContain(secret);
    expect(posts()).toHaveLength(0);
  });
});
