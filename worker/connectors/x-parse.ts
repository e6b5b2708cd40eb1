import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { MessageKind } from '../../core/db/generated/enums.ts';
import type { PlatformErrorInfo } from './http-client.ts';
import { failureRow, formatIssues } from './item-failure.ts';
import type { InboundItem, ItemFailure, RateLimitState } from './types.ts';

// Pure parsing of X API v2 responses: pages of tweets, the polling cursor, rate-limit headers, error bodies.

export type XStream = 'mentions' | 'search';

/** X ids are 64-bit snowflakes: always strings on the wire, compared as BigInt. */
const ZId = z.string().regex(/^\d{1,20}$/, 'expected a numeric id string');

const ZTweet = z.looseObject({
  id: ZId,
  text: z.string().min(1),
  author_id: ZId,
  created_at: z.iso.datetime({ offset: true }),
  conversation_id: ZId.optional(),
  in_reply_to_user_id: ZId.optional(),
  referenced_tweets: z.array(z.looseObject({ type: z.string(), id: ZId })).optional(),
  edit_history_tweet_ids: z.array(ZId).min(1).optional(),
  // Posts over 280 characters: `text` is cut, the whole text is here.
  note_tweet: z.looseObject({ text: z.string().min(1) }).optional(),
});
export type TXTweet = z.infer<typeof ZTweet>;

const ZUser = z.looseObject({ id: ZId, username: z.string().min(1), name: z.string().optional() });
type TXUser = z.infer<typeof ZUser>;

/** X's partial error: `{ value, detail, title, resource_type, parameter, resource_id, type }`. */
const ZPartialError = z.looseObject({
  title: z.string().optional(),
  detail: z.string().optional(),
  message: z.string().optional(),
  resource_type: z.string().optional(),
  resource_id: z.string().optional(),
  parameter: z.string().optional(),
  value: z.unknown().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});
type TXPartialError = z.infer<typeof ZPartialError>;

const ZTweetPage = z.looseObject({
  data: z.array(z.unknown()).optional(),
  includes: z.looseObject({ users: z.array(z.unknown()).optional() }).optional(),
  meta: z
    .looseObject({
      result_count: z.number().int().nonnegative().optional(),
      newest_id: ZId.optional(),
      oldest_id: ZId.optional(),
      next_token: z.string().min(1).optional(),
    })
    .optional(),
  errors: z.array(z.unknown()).optional(),
});

export interface XPageMeta {
  newestId?: string;
  nextToken?: string;
}

export type XPageOutcome =
  | { ok: true; items: InboundItem[]; failures: ItemFailure[]; meta: XPageMeta; tweets: TXTweet[] }
  | { ok: false; reason: string; authLike: boolean };

/**
 * One page of a tweets endpoint. Malformed tweets become failures, partial errors (an author that is
 * suspended, a referenced tweet we may not see) stay with the tweets they concern and never fail the page,
 * retweets and our own posts are skipped. `ok: false` when the body is not a tweets page at all.
 */
export function parseTweetPage(body: unknown, stream: XStream, selfUserId: string): XPageOutcome {
  const page = ZTweetPage.safeParse(body);
  if (!page.success) return { ok: false, reason: formatIssues(page.error), authLike: false };
  const partial = (page.data.errors ?? []).flatMap((e) => {
    const parsed = ZPartialError.safeParse(e);
    return parsed.success ? [parsed.data] : [];
  });
  if (!page.data.meta && !page.data.data) {
    // A 200 carrying only errors: X's answer when the user in the path does not exist or is suspended.
    const aboutPath = partial.some((e) => e.parameter === 'id' && e.resource_type === 'user');
    const reason = partial.map(describePartial).join('; ') || 'response has neither data nor meta';
    return { ok: false, reason, authLike: aboutPath };
  }

  const users = new Map<string, TXUser>();
  for (const u of page.data.includes?.users ?? []) {
    const parsed = ZUser.safeParse(u);
    if (parsed.success) users.set(parsed.data.id, parsed.data);
  }

  const items: InboundItem[] = [];
  const failures: ItemFailure[] = [];
  const tweets: TXTweet[] = [];
  let newestSeen: string | undefined;
  for (const raw of page.data.data ?? []) {
    const parsed = ZTweet.safeParse(raw);
    if (!parsed.success) {
      failures.push(failureFor(raw, formatIssues(parsed.error)));
      continue;
    }
    const tweet = parsed.data;
    newestSeen = maxId(newestSeen, tweet.id);
    tweets.push(tweet);
    if (tweet.author_id === selfUserId) continue;
    if (tweet.referenced_tweets?.some((r) => r.type === 'retweeted')) continue;
    items.push(tweetToItem(tweet, stream, users.get(tweet.author_id), partialFor(tweet, partial)));
  }

  const meta: XPageMeta = {};
  const newestId = maxId(page.data.meta?.newest_id, newestSeen);
  if (newestId) meta.newestId = newestId;
  if (page.data.meta?.next_token) meta.nextToken = page.data.meta.next_token;
  return { ok: true, items, failures, meta, tweets };
}

export function tweetToItem(
  tweet: TXTweet,
  stream: XStream,
  author: TXUser | undefined,
  errors: TXPartialError[] = [],
): InboundItem {
  const history = tweet.edit_history_tweet_ids ?? [tweet.id];
  // Each edit is a new tweet id; keying on the first one makes an edit update the stored item.
  const originalId = history[0] ?? tweet.id;
  const createdAt = new Date(tweet.created_at);
  const edited = history.length > 1;
  const isReply =
    tweet.in_reply_to_user_id !== undefined ||
    !!tweet.referenced_tweets?.some((r) => r.type === 'replied_to');
  const item: InboundItem = {
    externalId: originalId,
    kind: stream === 'mentions' ? MessageKind.MENTION : isReply ? MessageKind.COMMENT : MessageKind.POST,
    threadKey: `x:${tweet.conversation_id ?? originalId}`,
    text: unescapeXText(tweet.note_tweet?.text ?? tweet.text),
    // An edited version's created_at is the edit time; the original's time is inside its snowflake id.
    postedAt: edited ? (snowflakeDate(originalId) ?? createdAt) : createdAt,
    raw: { tweet, ...(author ? { author } : {}), ...(errors.length ? { errors } : {}) },
    contact: {
      externalId: tweet.author_id,
      ...(author?.name ? { displayName: author.name } : {}),
      ...(author ? { handle: `@${author.username}` } : {}),
    },
    url: author
      ? `https://x.com/${author.username}/status/${tweet.id}`
      : `https://x.com/i/web/status/${tweet.id}`,
  };
  if (edited) item.editedAt = createdAt;
  return item;
}

const ZOwnTweet = z.looseObject({
  id: ZId,
  text: z.string(),
  created_at: z.iso.datetime({ offset: true }).optional(),
  referenced_tweets: z.array(z.looseObject({ type: z.string(), id: ZId })).optional(),
});
const ZOwnTimeline = z.looseObject({
  data: z.array(z.unknown()).optional(),
  meta: z.looseObject({ next_token: z.string().min(1).optional() }).optional(),
});
const ZCreatedTweet = z.looseObject({ data: z.looseObject({ id: ZId, text: z.string().optional() }) });

/** `POST /2/tweets` answer (`201 { data: { id, text } }`); `undefined` when it is not one. */
export function parseCreatedTweet(body: unknown): { id: string } | undefined {
  const parsed = ZCreatedTweet.safeParse(body);
  return parsed.success ? { id: parsed.data.data.id } : undefined;
}

/**
 * Looks through one page of our own timeline for a reply to `inReplyToId` with `text`. X rewrites what we
 * posted (links become t.co links, `&` comes back as `&amp;`), so the texts are compared with those undone.
 */
export function findReplyInPage(
  body: unknown,
  inReplyToId: string,
  text: string,
): { ok: boolean; found?: { id: string; postedAt: Date }; nextToken?: string } {
  const page = ZOwnTimeline.safeParse(body);
  if (!page.success) return { ok: false };
  const wanted = comparableText(text);
  for (const raw of page.data.data ?? []) {
    const tweet = ZOwnTweet.safeParse(raw);
    if (!tweet.success) continue;
    const { id, created_at, referenced_tweets } = tweet.data;
    const answers = referenced_tweets?.some((r) => r.type === 'replied_to' && r.id === inReplyToId);
    if (answers && comparableText(tweet.data.text) === wanted) {
      const postedAt = created_at ? new Date(created_at) : (snowflakeDate(id) ?? new Date());
      return { ok: true, found: { id, postedAt } };
    }
  }
  const nextToken = page.data.meta?.next_token;
  return nextToken ? { ok: true, nextToken } : { ok: true };
}

function comparableText(text: string): string {
  return unescapeXText(text)
    .replace(/https?:\/\/\S+/g, '<link>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** X v2 HTML-escapes `&`, `<` and `>` in tweet text. */
export function unescapeXText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Millisecond timestamp inside a snowflake id (bits 22+ since X's epoch); `undefined` for small ids. */
export function snowflakeDate(id: string): Date | undefined {
  const ms = Number(BigInt(id) >> 22n) + 1_288_834_974_657;
  // Ids before snowflakes (2010) carry no time; a date before X's epoch plus a day means the same.
  return BigInt(id) >> 22n > 86_400_000n ? new Date(ms) : undefined;
}

export function maxId(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return BigInt(a) >= BigInt(b) ? a : b;
}

/** Partial errors about this tweet: its author, a referenced tweet, the tweet itself. */
function partialFor(tweet: TXTweet, errors: TXPartialError[]): TXPartialError[] {
  if (errors.length === 0) return [];
  const ids = new Set([tweet.id, tweet.author_id, ...(tweet.referenced_tweets ?? []).map((r) => r.id)]);
  return errors.filter((e) => e.resource_id !== undefined && ids.has(e.resource_id));
}

function failureFor(raw: unknown, reason: string): ItemFailure {
  const id = (raw as { id?: unknown } | null)?.id;
  const readable = typeof id === 'string' && /^\d{1,20}$/.test(id) ? id : undefined;
  return failureRow(raw, reason, readable, readable && `tweet:${readable}`);
}

/**
 * Rate-limit headers on every X response: `x-rate-limit-limit`, `-remaining`, `-reset` (unix seconds).
 * `slowDownMs` asks the poller to wait for the reset once calls are (nearly) used up, so the next call does
 * not earn a 429.
 */
export function readRateLimit(headers: IncomingHttpHeaders, now = Date.now()): RateLimitState | undefined {
  const limit = intHeader(headers['x-rate-limit-limit']);
  const remaining = intHeader(headers['x-rate-limit-remaining']);
  const reset = intHeader(headers['x-rate-limit-reset']);
  if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
  const state: RateLimitState = {};
  if (limit !== undefined) state.limit = limit;
  if (remaining !== undefined) state.remaining = remaining;
  if (reset !== undefined) state.resetAt = new Date(reset * 1000);
  const low = Math.max(2, Math.ceil((limit ?? 0) * 0.02));
  if (remaining !== undefined && remaining <= low && reset !== undefined && reset * 1000 > now) {
    state.slowDownMs = reset * 1000 - now;
  }
  return state;
}

/** The tighter of two streams' states: fewer calls left, longer wait. */
export function tighterRateLimit(
  a: RateLimitState | undefined,
  b: RateLimitState | undefined,
): RateLimitState | undefined {
  if (!a || !b) return a ?? b;
  const first =
    (a.remaining ?? Number.POSITIVE_INFINITY) <= (b.remaining ?? Number.POSITIVE_INFINITY) ? a : b;
  const slowDownMs = Math.max(a.slowDownMs ?? 0, b.slowDownMs ?? 0);
  const { slowDownMs: _drop, ...rest } = first;
  return slowDownMs > 0 ? { ...rest, slowDownMs } : rest;
}

/** A 429's wait: until `x-rate-limit-reset`, else `Retry-After`; `undefined` when neither is there. */
export function retryAfterFromHeaders(headers: IncomingHttpHeaders, now = Date.now()): number | undefined {
  const reset = intHeader(headers['x-rate-limit-reset']);
  if (reset !== undefined) return Math.max(0, reset * 1000 - now);
  const retryAfter = intHeader(headers['retry-after']);
  return retryAfter !== undefined ? retryAfter * 1000 : undefined;
}

/** X's error bodies: problem details (`title`, `detail`) and `errors: [{ message }]` lists. */
export function describeXError(body: unknown): PlatformErrorInfo | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { title?: unknown; detail?: unknown; errors?: unknown };
  const parts: string[] = [];
  if (typeof b.title === 'string') parts.push(b.title);
  if (typeof b.detail === 'string' && b.detail !== b.title) parts.push(b.detail);
  if (Array.isArray(b.errors)) {
    for (const e of b.errors.slice(0, 3)) {
      const parsed = ZPartialError.safeParse(e);
      if (parsed.success) parts.push(describePartial(parsed.data));
    }
  }
  return parts.length ? { message: parts.join(': ') } : undefined;
}

/** Request parameters an X 400 names as invalid (`errors[].parameters` keys), read from the raw body. */
export function rejectedParameters(raw: string | undefined): string[] {
  if (!raw) return [];
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return [];
  }
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e) => {
    const parsed = ZPartialError.safeParse(e);
    if (!parsed.success) return [];
    return [
      ...Object.keys(parsed.data.parameters ?? {}),
      ...(parsed.data.parameter ? [parsed.data.parameter] : []),
    ];
  });
}

function describePartial(e: TXPartialError): string {
  return e.detail ?? e.message ?? e.title ?? 'unknown error';
}

function intHeader(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v !== undefined && /^\s*\d+\s*$/.test(v) ? Number(v) : undefined;
}
