import fc from 'fast-check';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../worker/connectors/types.ts';
import { createXConnector } from '../../worker/connectors/x.ts';
import {
  nextStreamState,
  parseXCursor,
  serializeXCursor,
  streamsToFetch,
  type TXStreamState,
} from '../../worker/connectors/x-cursor.ts';
import {
  describeXError,
  findReplyInPage,
  parseTweetPage,
  readRateLimit,
  rejectedParameters,
  retryAfterFromHeaders,
  snowflakeDate,
  tighterRateLimit,
} from '../../worker/connectors/x-parse.ts';

const SELF = '1000';
// 2024-01-15T10:30:00.000Z as a snowflake: (ms - X epoch) << 22.
const T0 = Date.parse('2024-01-15T10:30:00.000Z');
const idAt = (ms: number, seq = 0) => String((BigInt(ms - 1_288_834_974_657) << 22n) + BigInt(seq));

function tweet(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    text: '@DiskominfoKota halo',
    author_id: '2001',
    created_at: new Date(snowflakeDate(id)!).toISOString(),
    conversation_id: id,
    edit_history_tweet_ids: [id],
    ...extra,
  };
}
const users = [{ id: '2001', username: 'sari_w', name: 'Sari' }];
const headers = (limit: number, remaining: number, reset: number) => ({
  'x-rate-limit-limit': String(limit),
  'x-rate-limit-remaining': String(remaining),
  'x-rate-limit-reset': String(reset),
});

describe('parseTweetPage', () => {
  it('maps tweets to items: kinds, thread, contact, url, note_tweet, escapes', () => {
    const a = idAt(T0);
    const b = idAt(T0 + 1_000);
    const long = 'x'.repeat(400);
    const out = parseTweetPage(
      {
        data: [
          tweet(b, {
            text: 'Balas &amp; tanya &lt;3',
            conversation_id: a,
            in_reply_to_user_id: '2002',
            referenced_tweets: [{ type: 'replied_to', id: a }],
          }),
          tweet(a, { text: 'cut…', note_tweet: { text: long } }),
        ],
        includes: { users },
        meta: { result_count: 2, newest_id: b, oldest_id: a },
      },
      'search',
      SELF,
    );
    if (!out.ok) throw new Error(out.reason);
    const [reply, post] = out.items;
    expect(reply).toMatchObject({
      externalId: b,
      kind: 'COMMENT',
      threadKey: `x:${a}`,
      text: 'Balas & tanya <3',
      postedAt: new Date(T0 + 1_000),
      contact: { externalId: '2001', displayName: 'Sari', handle: '@sari_w' },
      url: `https://x.com/sari_w/status/${b}`,
    });
    expect(reply?.editedAt).toBeUndefined();
    expect(post).toMatchObject({ kind: 'POST', text: long, threadKey: `x:${a}` });
    expect(out.meta).toEqual({ newestId: b });
    const asMentions = parseTweetPage({ data: [tweet(a)], meta: { result_count: 1 } }, 'mentions', SELF);
    expect(asMentions.ok && asMentions.items[0]?.kind).toBe('MENTION');
  });

  it('an edited version keeps the original id and time, with editedAt = the edit', () => {
    const original = idAt(T0);
    const edit = idAt(T0 + 120_000);
    const out = parseTweetPage(
      {
        data: [
          tweet(edit, {
            created_at: new Date(T0 + 120_000).toISOString(),
            edit_history_tweet_ids: [original, edit],
          }),
        ],
        meta: { result_count: 1, next_token: 'abc' },
      },
      'mentions',
      SELF,
    );
    if (!out.ok) throw new Error(out.reason);
    expect(out.items[0]).toMatchObject({
      externalId: original,
      postedAt: new Date(T0),
      editedAt: new Date(T0 + 120_000),
      url: `https://x.com/i/web/status/${edit}`,
    });
    expect(out.meta).toEqual({ newestId: edit, nextToken: 'abc' });
  });

  it('skips retweets and our own tweets, but they still move newest_id', () => {
    const rt = idAt(T0 + 2_000);
    const own = idAt(T0 + 3_000);
    const out = parseTweetPage(
      {
        data: [
          tweet(own, { author_id: SELF }),
          tweet(rt, { text: 'RT @x: banjir', referenced_tweets: [{ type: 'retweeted', id: '5' }] }),
          tweet(idAt(T0), { referenced_tweets: [{ type: 'quoted', id: '5' }] }),
        ],
        meta: { result_count: 3 },
      },
      'search',
      SELF,
    );
    expect(out.ok && out.items.map((i) => i.externalId)).toEqual([idAt(T0)]);
    expect(out.ok && out.meta.newestId).toBe(own);
  });

  it('malformed tweets become failures; an errors-only 200 about the account is auth-like', () => {
    const out = parseTweetPage(
      { data: [tweet(idAt(T0)), { id: 'abc', text: '' }, 'not an object'], meta: { result_count: 3 } },
      'mentions',
      SELF,
    );
    if (!out.ok) throw new Error(out.reason);
    expect(out.items).toHaveLength(1);
    expect(out.failures.map((f) => f.dedupeKey.length)).toEqual([64, 64]);
    expect(out.failures[0]?.reason).toMatch(/^id: expected a numeric id string; text: Too small/);
    expect(parseTweetPage({ data: 'x' }, 'mentions', SELF)).toMatchObject({ ok: false, authLike: false });
    const missing = parseTweetPage(
      {
        errors: [{ parameter: 'id', resource_type: 'user', resource_id: '9', detail: 'Could not find user' }],
      },
      'mentions',
      SELF,
    );
    expect(missing).toEqual({ ok: false, reason: 'Could not find user', authLike: true });
    expect(parseTweetPage({ meta: { result_count: 0 } }, 'mentions', SELF)).toMatchObject({
      ok: true,
      items: [],
      meta: {},
    });
  });
});

describe('cursor', () => {
  it('round-trips, resets search when the query changes, refuses foreign cursors', () => {
    const state = parseXCursor(null, 'banjir');
    expect(state).toEqual({
      mentions: { sinceId: null, sweep: null },
      search: { sinceId: null, sweep: null },
    });
    state.search = { sinceId: '5', sweep: { token: 't', newestId: '9' } };
    const text = serializeXCursor(state, 'banjir');
    expect(parseXCursor(text, 'banjir')).toEqual(state);
    expect(parseXCursor(text, 'banjir OR longsor').search).toEqual({ sinceId: null, sweep: null });
    expect(parseXCursor(text, undefined)).toEqual({ mentions: state.mentions });
    expect(streamsToFetch(state)).toEqual(['search']);
    expect(streamsToFetch(parseXCursor(text, undefined))).toEqual(['mentions']);
    expect(() => parseXCursor('12345', undefined)).toThrow(/invalid cursor/);
    expect(() => parseXCursor('{"v":2}', undefined)).toThrow(/invalid cursor/);
  });

  it('since_id moves to the first page newest id only when the sweep ends', () => {
    const start: TXStreamState = { sinceId: '10', sweep: null };
    const p1 = nextStreamState(start, { newestId: '50', nextToken: 'a' });
    expect(p1).toEqual({ sinceId: '10', sweep: { token: 'a', newestId: '50' } });
    const p2 = nextStreamState(p1, { newestId: '30', nextToken: 'b' });
    expect(p2).toEqual({ sinceId: '10', sweep: { token: 'b', newestId: '50' } });
    expect(nextStreamState(p2, { newestId: '20' })).toEqual({ sinceId: '50', sweep: null });
    expect(nextStreamState(start, {})).toEqual(start);
  });

  it('property: any paging, restarts and arrivals serve every tweet, none twice within a sweep', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 7 }),
        (arrivals, pageSize) => {
          // A timeline served like X: newest first, since_id exclusive, token = last id served.
          const timeline: bigint[] = [];
          let next = 1000n;
          let state: TXStreamState = { sinceId: null, sweep: null };
          const served: bigint[] = [];
          for (const count of arrivals) {
            for (let i = 0; i < count; i++) timeline.push(next++);
            const since = state.sinceId ? BigInt(state.sinceId) : 0n;
            const until = state.sweep ? BigInt(state.sweep.token) : undefined;
            const matching = timeline
              .filter((id) => id > since && (until === undefined || id < until))
              .sort((a, b) => (a < b ? 1 : -1));
            const page = matching.slice(0, pageSize);
            served.push(...page);
            const meta = {
              ...(page.length ? { newestId: String(page[0]) } : {}),
              ...(matching.length > page.length ? { nextToken: String(page.at(-1)) } : {}),
            };
            // The cursor goes through its string form, as a restart would read it back.
            const text = serializeXCursor({ mentions: nextStreamState(state, meta) }, undefined);
            state = parseXCursor(text, undefined).mentions!;
          }
          // Drain what is left.
          for (let guard = 0; guard < 100; guard++) {
            const since = state.sinceId ? BigInt(state.sinceId) : 0n;
            const until = state.sweep ? BigInt(state.sweep.token) : undefined;
            const matching = timeline
              .filter((id) => id > since && (until === undefined || id < until))
              .sort((a, b) => (a < b ? 1 : -1));
            if (matching.length === 0 && !state.sweep) break;
            const page = matching.slice(0, pageSize);
            served.push(...page);
            state = nextStreamState(state, {
              ...(page.length ? { newestId: String(page[0]) } : {}),
              ...(matching.length > page.length ? { nextToken: String(page.at(-1)) } : {}),
            });
          }
          expect([...new Set(served)].sort()).toEqual([...timeline].sort());
          expect(served.length).toBe(timeline.length);
        },
      ),
    );
  });
});

describe('rate limits and errors', () => {
  const now = 1_700_000_000_000;

  it('reads x-rate-limit-* and asks to slow down when (nearly) used up', () => {
    const reset = now / 1000 + 600;
    expect(readRateLimit(headers(450, 300, reset), now)).toEqual({
      limit: 450,
      remaining: 300,
      resetAt: new Date(reset * 1000),
    });
    expect(readRateLimit(headers(450, 9, reset), now)?.slowDownMs).toBe(600_000);
    expect(readRateLimit(headers(450, 10, reset), now)?.slowDownMs).toBeUndefined();
    expect(readRateLimit(headers(15, 0, reset), now)?.slowDownMs).toBe(600_000);
    expect(readRateLimit(headers(15, 0, now / 1000 - 1), now)?.slowDownMs).toBeUndefined();
    expect(readRateLimit({}, now)).toBeUndefined();
    const tight = tighterRateLimit(readRateLimit(headers(450, 300, reset), now), {
      remaining: 400,
      slowDownMs: 5,
    });
    expect(tight).toEqual({ limit: 450, remaining: 300, resetAt: new Date(reset * 1000), slowDownMs: 5 });
  });

  it('a 429 waits until x-rate-limit-reset, else Retry-After', () => {
    expect(retryAfterFromHeaders(headers(15, 0, now / 1000 + 42), now)).toBe(42_000);
    expect(retryAfterFromHeaders({ 'retry-after': '3' }, now)).toBe(3_000);
    expect(retryAfterFromHeaders({}, now)).toBeUndefined();
  });

  it('describes X problem bodies and names rejected parameters', () => {
    expect(describeXError({ title: 'Unauthorized', detail: 'Unauthorized', status: 401 })).toEqual({
      message: 'Unauthorized',
    });
    const invalid = {
      errors: [{ parameters: { since_id: ['1'] }, message: "Invalid 'since_id':'1'." }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
    };
    expect(describeXError(invalid)?.message).toBe(
      "Invalid Request: One or more parameters to your request was invalid.: Invalid 'since_id':'1'.",
    );
    expect(rejectedParameters(JSON.stringify(invalid))).toEqual(['since_id']);
    expect(rejectedParameters('<html>')).toEqual([]);
  });

  it('finds our reply on a timeline page despite X rewriting links and escaping &', () => {
    const page = {
      data: [
        { id: '77', text: 'lain', referenced_tweets: [{ type: 'replied_to', id: '5' }] },
        {
          id: '78',
          text: 'Info &amp; syarat:  https://t.co/AbC123 ya',
          created_at: '2024-01-15T10:31:00.000Z',
          referenced_tweets: [{ type: 'replied_to', id: '5' }],
        },
      ],
      meta: { result_count: 2, next_token: 'n' },
    };
    const text = 'Info & syarat: https://kota.go.id/ktp ya';
    expect(findReplyInPage(page, '5', text)).toEqual({
      ok: true,
      found: { id: '78', postedAt: new Date('2024-01-15T10:31:00.000Z') },
    });
    expect(findReplyInPage(page, '6', text)).toEqual({ ok: true, nextToken: 'n' });
    expect(findReplyInPage({ data: 'x' }, '5', text)).toEqual({ ok: false });
  });
});

describe('x connector through MockAgent', () => {
  let agent: MockAgent | undefined;
  afterEach(async () => {
    await agent?.close();
  });

  it('reads the reset of a 429 through a custom dispatcher and keeps tokens out of messages', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const reset = Math.floor(Date.now() / 1000) + 90;
    agent
      .get('https://api.x.com')
      .intercept({ path: (p) => p.startsWith('/2/users/1000/mentions'), method: 'GET' })
      .reply(
        429,
        { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
        { headers: { 'content-type': 'application/json', ...headers(75, 0, reset) } },
      );
    const c = createXConnector({
      bearerToken: 'SECRET-BEARER',
      userId: SELF,
      timeoutMs: 2_000,
      dispatcher: agent,
    });
    const error = await c.fetchSince(null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    const e = error as ConnectorError;
    expect(e.kind).toBe('rate_limited');
    expect(e.details.retryAfterMs).toBeGreaterThan(85_000);
    expect(e.details.retryAfterMs).toBeLessThanOrEqual(90_000);
    expect(e.message).toMatch(/^x mentions: GET https:\/\/api\.x\.com\/2\/users\/1000\/mentions\?.*HTTP 429/);
    expect(e.message).not.toContain('SECRET-BEARER');
  });
});
