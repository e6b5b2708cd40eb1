import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenSource } from '../../worker/connectors/oauth-token.ts';
import type { FetchResult, InboundItem } from '../../worker/connectors/types.ts';
import { createYouTubeConnector, type YouTubeConnectorOptions } from '../../worker/connectors/youtube.ts';
import { type FakeYouTube, googleError, startFakeYouTube } from '../fakes/youtube-server.ts';
import { rejection } from '../support/connector-assertions.ts';

const API_KEY = 'AIzaSyFAKE_test_key_0123456789';
const TOKEN = 'ya29.fake-oauth-access-token';
const agency = { channelId: 'UCpemkotBandung000000001', displayName: 'Pemkot Bandung' };
const budi = { channelId: 'UCbudi0000000000000000001', displayName: '@budi_santoso' };
const siti = { channelId: 'UCsiti0000000000000000002', displayName: 'Siti Aminah' };

const T0 = Date.now() - 3 * 3_600_000;
/** Minutes after T0: fixed, ordered timestamps. */
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

describe('youtube connector against the fake Data API server', () => {
  let server: FakeYouTube;

  beforeEach(async () => {
    server = await startFakeYouTube({ apiKey: API_KEY, accessToken: TOKEN, channel: agency });
  });
  afterEach(async () => {
    await server.close();
  });

  function connector(extra: Partial<YouTubeConnectorOptions> = {}) {
    return createYouTubeConnector({
      apiKey: API_KEY,
      accessToken: TOKEN,
      channelId: agency.channelId,
      apiBaseUrl: server.url,
      timeoutMs: 5_000,
      ...extra,
    });
  }

  /** Polls like the poll job: page after page while hasMore. */
  async function sweep(cursor: string | null, extra: Partial<YouTubeConnectorOptions> = {}) {
    const c = connector(extra);
    const pages: FetchResult[] = [];
    let next = cursor;
    for (let i = 0; i < 50; i++) {
      const page = await c.fetchSince(next);
      pages.push(page);
      next = page.nextCursor;
      if (!page.hasMore) break;
    }
    const items = pages.flatMap((p) => p.items);
    return { pages, items, failures: pages.flatMap((p) => p.failures), cursor: next };
  }

  const texts = (items: InboundItem[]) => items.map((i) => i.text);

  it('pages through commentThreads newest activity first, then stops at the first old page', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) {
      ids.push(
        server.addThread({ videoId: i % 2 ? 'vidA' : 'vidB', author: budi, text: `aduan ${i}`, at: at(i) }),
      );
    }
    const first = await sweep(null, { pageSize: 2 });
    expect(first.pages).toHaveLength(3);
    expect(first.pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(texts(first.items)).toEqual(['aduan 5', 'aduan 4', 'aduan 3', 'aduan 2', 'aduan 1']);
    expect(first.items[0]).toMatchObject({
      externalId: ids[4],
      kind: 'COMMENT',
      threadKey: `yt:vidA:${ids[4]}`,
      postedAt: at(5),
      url: `https://www.youtube.com/watch?v=vidA&lc=${ids[4]}`,
      contact: { externalId: budi.channelId, displayName: '@budi_santoso', handle: '@budi_santoso' },
    });
    expect(first.items[0]?.editedAt).toBeUndefined();

    const [req1, req2] = server.requests;
    expect(req1).toMatchObject({
      method: 'GET',
      resource: 'commentThreads',
      query: {
        part: 'snippet,replies',
        allThreadsRelatedToChannelId: agency.channelId,
        maxResults: '2',
        order: 'time',
        textFormat: 'plainText',
        key: API_KEY,
      },
    });
    expect(req1?.query.pageToken).toBeUndefined();
    expect(req1?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req2?.query.pageToken).toBeTruthy();

    // Nothing new: one request, the first page is all older than the high-water mark.
    const before = server.requests.length;
    const idle = await sweep(first.cursor, { pageSize: 2 });
    expect(idle.items).toEqual([]);
    expect(idle.pages).toHaveLength(1);
    expect(server.requests.length - before).toBe(1);
  });

  it('resumes a sweep after a restart and then returns only new replies, new threads and edits', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 6; i++)
      ids.push(server.addThread({ videoId: 'vidA', author: siti, text: `t${i}`, at: at(i) }));

    const one = await connector({ pageSize: 2 }).fetchSince(null);
    expect(one.hasMore).toBe(true);
    // "Restart": a new connector instance carries on from the stored cursor.
    const rest = await sweep(one.nextCursor, { pageSize: 2 });
    expect(server.requests[1]?.query.pageToken).toBeTruthy();
    const all = [...one.items, ...rest.items].map((i) => i.text);
    expect(all).toEqual(['t6', 't5', 't4', 't3', 't2', 't1']);

    server.addThread({ videoId: 'vidB', author: budi, text: 'baru', at: at(10) });
    const replyId = server.addReply(ids[0]!, { author: budi, text: 'balasan di utas lama', at: at(11) });
    server.editComment(ids[2]!, 't3 (diralat)', at(12));
    const next = await sweep(rest.cursor, { pageSize: 2 });
    expect(texts(next.items).sort()).toEqual(['baru', 'balasan di utas lama', 't3 (diralat)'].sort());
    const edited = next.items.find((i) => i.externalId === ids[2]);
    expect(edited).toMatchObject({ text: 't3 (diralat)', postedAt: at(3), editedAt: at(12) });
    const reply = next.items.find((i) => i.externalId === replyId);
    expect(reply?.threadKey).toBe(`yt:vidA:${ids[0]}`);

    expect((await sweep(next.cursor, { pageSize: 2 })).items).toEqual([]);
  });

  it('fetches the replies a thread does not carry inline through comments.list, paging by parentId', async () => {
    const thread = server.addThread({
      videoId: 'vidA',
      author: budi,
      text: 'Jalan rusak di Cibiru',
      at: at(1),
    });
    for (let i = 1; i <= 8; i++) server.addReply(thread, { author: siti, text: `r${i}`, at: at(1 + i) });

    const first = await sweep(null, { pageSize: 3 });
    expect(texts(first.items).sort()).toEqual([
      'Jalan rusak di Cibiru',
      'r1',
      'r2',
      'r3',
      'r4',
      'r5',
      'r6',
      'r7',
      'r8',
    ]);
    const replyCalls = server.requests.filter((r) => r.resource === 'comments');
    expect(replyCalls).toHaveLength(3);
    expect(replyCalls[0]?.query).toMatchObject({ part: 'snippet', parentId: thread, maxResults: '3' });
    expect(replyCalls[1]?.query.pageToken).toBeTruthy();

    // Reply 9 is not inline (YouTube inlines a few): the changed totalReplyCount sends us to comments.list.
    server.addReply(thread, { author: budi, text: 'r9', at: at(20) });
    const next = await sweep(first.cursor, { pageSize: 3 });
    expect(texts(next.items)).toEqual(['r9']);
  });

  it('keeps a video with comments disabled to itself', async () => {
    const off = server.addThread({ videoId: 'vidOff', author: budi, text: 'utas tertutup', at: at(1) });
    for (let i = 1; i <= 7; i++) server.addReply(off, { author: siti, text: `x${i}`, at: at(1 + i) });
    server.addThread({ videoId: 'vidOn', author: siti, text: 'utas terbuka', at: at(20) });
    server.disableComments('vidOff');

    const result = await sweep(null);
    expect(texts(result.items).sort()).toEqual([
      'utas terbuka',
      'utas tertutup',
      'x1',
      'x2',
      'x3',
      'x4',
      'x5',
    ]);
    expect(server.requests.some((r) => r.resource === 'comments')).toBe(true);
    expect(result.pages.at(-1)?.hasMore).toBe(false);

    const publish = await rejection(
      connector().publishReply({
        replyId: 'r1',
        threadKey: `yt:vidOff:${off}`,
        inReplyToExternalId: off,
        text: 'Halo',
      }),
    );
    expect(publish.kind).toBe('rejected');
    expect(publish.message).toContain('commentsDisabled');
  });

  it('stores the good items of a page and returns the malformed ones as failures', async () => {
    server.addThread({ videoId: 'vidA', author: budi, text: 'baik 1', at: at(1) });
    const good = server.addThread({ videoId: 'vidA', author: siti, text: 'baik 2', at: at(5) });
    const goodReply = {
      kind: 'youtube#comment',
      id: 'UgzBROKEN.reply1',
      snippet: {
        authorDisplayName: 'Warga',
        authorChannelId: { value: 'UCwarga' },
        textDisplay: 'balasan yang sah',
        publishedAt: at(3).toISOString(),
        updatedAt: at(3).toISOString(),
      },
    };
    server.pushRawThread(
      {
        kind: 'youtube#commentThread',
        id: 'UgzBROKEN',
        snippet: {
          videoId: 'vidA',
          totalReplyCount: 1,
          topLevelComment: {
            id: 'UgzBROKEN',
            snippet: { textDisplay: 'tanpa tanggal', publishedAt: 'kemarin' },
          },
        },
        replies: { comments: [goodReply] },
      },
      at(3),
    );
    server.pushRawThread({ kind: 'youtube#commentThread', id: 'UgzNOSNIPPET' }, at(4));
    server.pushRawThread({ kind: 'youtube#commentThread', snippet: 42 }, at(2));

    const result = await sweep(null);
    expect(texts(result.items)).toEqual(['baik 2', 'balasan yang sah', 'baik 1']);
    expect(result.items[0]?.externalId).toBe(good);
    const byKey = new Map(result.failures.map((f) => [f.dedupeKey, f]));
    expect(byKey.get('comment:UgzBROKEN')?.reason).toContain('snippet.publishedAt');
    expect(byKey.get('thread:UgzNOSNIPPET')?.reason).toContain('snippet');
    const hashed = result.failures.filter((f) => /^[0-9a-f]{64}$/.test(f.dedupeKey));
    expect(hashed).toHaveLength(1);
    expect(JSON.parse(hashed[0]!.raw)).toEqual({ kind: 'youtube#commentThread', snippet: 42 });
    expect(result.failures).toHaveLength(3);
  });

  it('publishes a reply to the top-level comment and finds it again instead of posting twice', async () => {
    const thread = server.addThread({ videoId: 'vidA', author: budi, text: 'Kapan PPDB dibuka?', at: at(1) });
    const citizenReply = server.addReply(thread, { author: siti, text: 'Pendaftaran PPDB dibuka 1 Juni.' });
    const c = connector();
    const reply = {
      replyId: 'reply-1',
      threadKey: `yt:vidA:${thread}`,
      inReplyToExternalId: citizenReply,
      text: 'Pendaftaran PPDB dibuka 1 Juni.',
    };
    const since = new Date(Date.now() - 1_000);
    // A citizen's comment with the same text is not ours.
    expect(await c.findPublishedReply!(reply, since)).toBeNull();

    const sent = await c.publishReply(reply);
    expect(server.inserted).toHaveLength(1);
    const post = server.requests.find((r) => r.method === 'POST');
    expect(post).toMatchObject({
      resource: 'comments',
      query: { part: 'snippet' },
      body: { snippet: { parentId: thread, textOriginal: reply.text } },
    });
    expect(post?.query.key).toBeUndefined();
    expect(post?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent.externalId).toBe(server.inserted[0]!.id);
    expect(sent.externalId.startsWith(`${thread}.`)).toBe(true);

    // The retried job looks first and finds the earlier post.
    const found = await c.findPublishedReply!(reply, since);
    expect(found).toEqual(sent);
    expect(await c.findPublishedReply!({ ...reply, text: 'lain' }, since)).toBeNull();
    expect(await c.findPublishedReply!(reply, new Date(Date.now() + 5 * 60_000))).toBeNull();
    expect(server.inserted).toHaveLength(1);

    // Our own reply is activity on the thread, not an inbound message.
    const polled = await sweep(null);
    expect(polled.items.map((i) => i.externalId).sort()).toEqual([thread, citizenReply].sort());

    await expect(c.publishReply({ ...reply, inReplyToExternalId: 'UgzOTHER' })).rejects.toThrow(
      /not in thread/,
    );
  });

  it('429 with Retry-After and 403 rateLimitExceeded → rate_limited with a short wait', async () => {
    server.addThread({ videoId: 'vidA', author: budi, text: 'halo', at: at(1) });
    server.failNext({
      status: 429,
      headers: { 'retry-after': '7' },
      body: googleError(429, 'rateLimitExceeded', 'Too many requests.', 'youtube.quota'),
    });
    const limited = await rejection(connector().fetchSince(null));
    expect(limited).toMatchObject({ kind: 'rate_limited', details: { status: 429, retryAfterMs: 7_000 } });

    server.failNext({
      status: 403,
      body: googleError(403, 'userRateLimitExceeded', 'User rate limit exceeded.', 'usageLimits'),
    });
    const perUser = await rejection(connector().fetchSince(null));
    expect(perUser).toMatchObject({ kind: 'rate_limited', details: { status: 403, retryAfterMs: 30_000 } });
    expect(perUser.message).toContain('User rate limit exceeded');
  });

  it('403 quotaExceeded → rate_limited until midnight Pacific time, not auth', async () => {
    // 10:00 PDT: the quota resets in 14 hours.
    const now = new Date('2024-06-01T17:00:00Z');
    server.failNext({
      status: 403,
      body: googleError(
        403,
        'quotaExceeded',
        'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
        'youtube.quota',
      ),
    });
    const error = await rejection(connector({ now: () => now }).fetchSince(null));
    expect(error.kind).toBe('rate_limited');
    expect(error.details.retryAfterMs).toBe(14 * 3_600_000);
    expect(error.message).toContain(
      'quotaExceeded: The request cannot be completed because you have exceeded your quota.',
    );
    expect(error.message).not.toContain(API_KEY);
    expect(error.message).toContain('key=***');
  });

  it('reports the quota estimate and asks to slow down when it runs low; a new Pacific day starts afresh', async () => {
    server.addThread({ videoId: 'vidA', author: budi, text: 'halo', at: at(1) });
    const day1 = new Date('2024-06-01T17:00:00Z');
    const plenty = await connector({ now: () => day1 }).fetchSince(null);
    expect(plenty.rateLimit).toEqual({
      limit: 10_000,
      remaining: 9_999,
      resetAt: new Date('2024-06-02T07:00:00Z'),
      slowDownMs: 0,
    });

    const tight = connector({ now: () => day1, dailyQuotaUnits: 20 });
    let cursor = plenty.nextCursor;
    let last: FetchResult | undefined;
    for (let i = 0; i < 18; i++) {
      last = await tight.fetchSince(cursor);
      cursor = last.nextCursor;
    }
    // 19 units used of 20: one left, spread over the 14 hours until the reset.
    expect(last?.rateLimit).toMatchObject({ remaining: 1, slowDownMs: 14 * 3_600_000 });

    const day2 = await connector({
      now: () => new Date('2024-06-02T08:00:00Z'),
      dailyQuotaUnits: 20,
    }).fetchSince(cursor);
    expect(day2.rateLimit).toMatchObject({ remaining: 19, slowDownMs: 0 });
  });

  it('a 500 is transient and the same cursor then succeeds', async () => {
    server.addThread({ videoId: 'vidA', author: budi, text: 'masih di sini', at: at(1) });
    server.failNext({ status: 500, body: googleError(500, 'backendError', 'Backend Error', 'global') });
    const c = connector();
    const error = await rejection(c.fetchSince(null));
    expect(error).toMatchObject({ kind: 'transient', details: { status: 500 } });
    expect(error.message).toContain('Backend Error');
    expect(texts((await c.fetchSince(null)).items)).toEqual(['masih di sini']);
  });

  it('bad credentials → auth with the platform message and no secret in it', async () => {
    const wrongToken = 'ya29.WRONG-token-value';
    const unauthorized = await rejection(connector({ accessToken: wrongToken }).fetchSince(null));
    expect(unauthorized).toMatchObject({ kind: 'auth', details: { status: 401 } });
    expect(unauthorized.message).toContain('Request had invalid authentication credentials');
    for (const secret of [wrongToken, TOKEN, API_KEY]) expect(unauthorized.message).not.toContain(secret);

    const wrongKey = 'AIzaSyWRONG_key_value_987';
    const badKey = await rejection(connector({ apiKey: wrongKey }).fetchSince(null));
    expect(badKey).toMatchObject({ kind: 'auth', details: { status: 400 } });
    expect(badKey.message).toContain('API key not valid');
    expect(badKey.message).not.toContain(wrongKey);

    server.failNext({
      status: 403,
      body: googleError(403, 'insufficientPermissions', 'Insufficient Permission', 'global'),
    });
    expect((await rejection(connector().fetchSince(null))).kind).toBe('auth');

    const otherChannel = await rejection(connector({ channelId: 'UCnobody' }).fetchSince(null));
    expect(otherChannel).toMatchObject({ kind: 'auth', details: { status: 404 } });
    expect(otherChannel.message).toContain('channelNotFound');
  });
});

describe('youtube connector with refreshed OAuth tokens', () => {
  const CLIENT = {
    clientId: '1234567890-fake.apps.googleusercontent.com',
    clientSecret: 'GOCSPX-fake-client-SECRET-value',
    refreshToken: '1//0fake-REFRESH-token-value',
  };
  let server: FakeYouTube;
  let t: number;
  const now = () => t;

  beforeEach(async () => {
    t = Date.now();
    server = await startFakeYouTube({ apiKey: API_KEY, oauth: CLIENT, channel: agency, now });
  });
  afterEach(async () => {
    await server.close();
  });

  function connector() {
    return createYouTubeConnector({
      tokenSource: createTokenSource({
        tokenUrl: `${server.url}/token`,
        ...CLIENT,
        clientAuth: 'body',
        timeoutMs: 5_000,
        now,
      }),
      channelId: agency.channelId,
      apiBaseUrl: server.url,
      timeoutMs: 5_000,
    });
  }
  const auths = () => server.requests.map((r) => r.headers.authorization);

  it('refreshes transparently when the token expires mid-run', async () => {
    server.addThread({ videoId: 'vidA', author: budi, text: 'sebelum', at: at(1) });
    const c = connector();
    const first = await c.fetchSince(null);
    expect(first.items.map((i) => i.text)).toEqual(['sebelum']);
    expect(server.oauth.requests).toHaveLength(1);

    server.addThread({ videoId: 'vidA', author: siti, text: 'sesudah', at: at(30) });
    t += 3_600_000;
    const second = await c.fetchSince(first.nextCursor);
    expect(second.items.map((i) => i.text)).toEqual(['sesudah']);
    expect(server.oauth.requests.map((r) => r.status)).toEqual([200, 200]);
    expect(auths()).toEqual([`Bearer ${server.oauth.issued[0]}`, `Bearer ${server.oauth.issued[1]}`]);
  });

  it('a 401 for a token the source still trusts → one refresh and one retry, posted once', async () => {
    const thread = server.addThread({ videoId: 'vidA', author: budi, text: 'Kapan?', at: at(1) });
    const c = connector();
    await c.fetchSince(null);
    server.oauth.expireAccessTokens();
    const sent = await c.publishReply({
      replyId: 'r1',
      threadKey: `yt:vidA:${thread}`,
      inReplyToExternalId: thread,
      text: 'Besok pagi.',
    });
    expect(server.inserted.map((c) => c.id)).toEqual([sent.externalId]);
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${server.oauth.issued[0]}`,
      `Bearer ${server.oauth.issued[1]}`,
    ]);
  });

  it('a 401 that survives the refresh → auth after exactly one retry', async () => {
    const unauthorized = {
      status: 401,
      body: googleError(401, 'authError', 'Request had invalid authentication credentials.', 'global'),
    };
    server.failNext(unauthorized);
    server.failNext(unauthorized);
    const error = await rejection(connector().fetchSince(null));
    expect(error).toMatchObject({ kind: 'auth', details: { status: 401 } });
    expect(error.message).toContain('invalid authentication credentials');
    expect(server.requests).toHaveLength(2);
    expect(server.oauth.requests).toHaveLength(2);
  });

  it('a revoked refresh token → auth naming Google’s reason, without the secrets', async () => {
    const c = connector();
    await c.fetchSince(null);
    server.oauth.revokeRefreshToken();
    t += 3_600_000;
    const error = await rejection(c.fetchSince(null));
    expect(error).toMatchObject({ kind: 'auth', details: { status: 400 } });
    expect(error.message).toContain('invalid_grant: Token has been expired or revoked.');
    for (const secret of [CLIENT.clientSecret, CLIENT.refreshToken, API_KEY]) {
      expect(error.message).not.toContain(secret);
    }
    expect(server.requests).toHaveLength(1);
  });
});
