import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { Platform } from '../../core/db/generated/enums.ts';
import { capUtf8, errorForStatus, type HttpMethod, httpJson, redactUrl } from './http-client.ts';
import { formatIssues } from './item-failure.ts';
import type { TokenSource } from './oauth-token.ts';
import {
  type Connector,
  ConnectorError,
  type FetchResult,
  type InboundItem,
  type ItemFailure,
  type OutboundReply,
  type PublishedReply,
  type RateLimitState,
} from './types.ts';
import {
  classifyGoogleError,
  nextPacificMidnight,
  pacificDay,
  parseComment,
  parseThread,
  parseThreadKey,
  readGoogleError,
  versionKey,
  YOUTUBE_TEXT_MAX,
  type YtComment,
  type YtOperation,
  type YtThreadRef,
  ZYtInserted,
  ZYtListPage,
} from './youtube-parse.ts';

export interface YouTubeConnectorOptions {
  /** Sent as `key=` on reads when set; the OAuth token alone also works. Never appears in a message. */
  apiKey?: string;
  /** OAuth 2 bearer token of the agency's channel (scope youtube.force-ssl); it expires after about an hour. */
  accessToken?: string;
  /** Fresh access tokens from the channel's refresh token; preferred over `accessToken`. */
  tokenSource?: TokenSource;
  /** The agency's channel: its comment threads are polled, its own comments are not inbound items. */
  channelId: string;
  apiBaseUrl?: string;
  timeoutMs: number;
  /** maxResults for both list calls, capped to YouTube's 1..100. */
  pageSize?: number;
  /** A first poll (no cursor) takes comments this far back, not the channel's whole history. */
  backfillMs?: number;
  /** The project's daily quota, for the remaining-units estimate (YouTube sends no rate-limit headers). */
  dailyQuotaUnits?: number;
  maxResponseBytes?: number;
  dispatcher?: Dispatcher;
  /** For tests: the clock behind the backfill window and the quota day. */
  now?: () => Date;
}

export const YOUTUBE_DEFAULT_BACKFILL_MS = 7 * 24 * 3_600_000;
/** Comments this much older than the high-water mark are still deduped, not assumed stored: late indexing. */
export const YOUTUBE_OVERLAP_MS = 15 * 60_000;
/** A per-minute limit (rateLimitExceeded) without Retry-After: wait this long. */
export const YOUTUBE_SHORT_WAIT_MS = 30_000;
const SEEN_CAP = 1_000;
const COUNTS_CAP = 300;
const FIND_MAX_PAGES = 10;
/** Below this share of the daily quota left, polling is spread over the time until the reset. */
const LOW_QUOTA_SHARE = 0.1;

const ZPending = z.object({ threadId: z.string(), videoId: z.string(), pageToken: z.string().nullable() });
const ZCursor = z.object({
  v: z.literal(1),
  /** Newest activity (ms) a finished sweep has covered. */
  hwm: z.number(),
  /** [versionKey, updatedAt ms] of comment versions already returned, newest last. */
  seen: z.array(z.tuple([z.string(), z.number()])),
  /** threadId → totalReplyCount last seen: a change flags a new reply the thread did not carry inline. */
  counts: z.record(z.string(), z.number()),
  /** A sweep in progress: the next threads page (null: threads done) and threads whose replies are pending. */
  sweep: z.object({ next: z.string().nullable(), top: z.number(), pending: z.array(ZPending) }).nullable(),
  quota: z.object({ day: z.string(), used: z.number() }),
});
export type TYtCursor = z.infer<typeof ZCursor>;

export function decodeCursor(cursor: string | null, now: Date, backfillMs: number): TYtCursor {
  if (cursor === null) {
    const hwm = now.getTime() - backfillMs;
    return { v: 1, hwm, seen: [], counts: {}, sweep: null, quota: { day: pacificDay(now), used: 0 } };
  }
  let json: unknown;
  try {
    json = JSON.parse(cursor);
  } catch {
    json = undefined;
  }
  const parsed = ZCursor.safeParse(json);
  // Only this connector writes the cursor; anything else is a bug worth failing loudly on.
  if (!parsed.success) throw new Error(`youtube: invalid cursor (${formatIssues(parsed.error)})`);
  return parsed.data;
}

export interface SweepPage {
  items: InboundItem[];
  failures: ItemFailure[];
  /** Offers one comment; returns its activity time. */
  offer(comment: YtComment): number;
  /** Writes the seen set back, pruned to what the overlap window can still bring back, and capped. */
  commit(): void;
}

/** One page's worth of comments applied to the sweep: dedupe by version, skip our own and long-stored ones. */
export function startSweepPage(state: TYtCursor, ownChannelId: string): SweepPage {
  const seen = new Map(state.seen);
  const items: InboundItem[] = [];
  return {
    items,
    failures: [],
    offer(comment) {
      const key = versionKey(comment.id, comment.updatedAt);
      const ours = comment.authorChannelId === ownChannelId;
      const stored = comment.updatedAtMs < state.hwm - YOUTUBE_OVERLAP_MS;
      if (!ours && !stored && !seen.has(key)) {
        items.push(comment.item);
        seen.set(key, comment.updatedAtMs);
      }
      return comment.updatedAtMs;
    },
    commit() {
      const floor = state.hwm - YOUTUBE_OVERLAP_MS;
      state.seen = [...seen]
        .filter(([, t]) => t >= floor)
        .sort((a, b) => a[1] - b[1])
        .slice(-SEEN_CAP);
    },
  };
}

export function createYouTubeConnector(options: YouTubeConnectorOptions): Connector {
  const base = (options.apiBaseUrl ?? 'https://www.googleapis.com').replace(/\/+$/, '');
  const pageSize = Math.min(100, Math.max(1, Math.trunc(options.pageSize ?? 100)));
  const backfillMs = options.backfillMs ?? YOUTUBE_DEFAULT_BACKFILL_MS;
  const dailyQuota = options.dailyQuotaUnits ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 8 * 1024 * 1024;
  const clock = options.now ?? (() => new Date());
  const source = options.tokenSource;
  const fixedToken = options.accessToken;
  if (!source && !fixedToken) throw new Error('youtube: pass accessToken or tokenSource');
  const accessToken = async () => (source ? source.get() : fixedToken!);

  async function call(
    op: YtOperation,
    method: HttpMethod,
    path: string,
    params: Record<string, string>,
    body?: unknown,
  ): Promise<unknown> {
    const query = new URLSearchParams(params);
    // The key only identifies the project on reads; inserts go by the OAuth token alone.
    if (options.apiKey && method === 'GET') query.set('key', options.apiKey);
    const url = `${base}/youtube/v3/${path}?${query}`;
    const where = `youtube ${op}: ${method} ${redactUrl(url)}`;
    const attempt = async (token: string) => {
      try {
        const res = await httpJson(url, {
          method,
          ...(body !== undefined ? { body } : {}),
          headers: { authorization: `Bearer ${token}` },
          timeoutMs: options.timeoutMs,
          maxBytes,
          ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        });
        return res.data;
      } catch (error) {
        const status = error instanceof ConnectorError ? error.details.status : undefined;
        if (!(error instanceof ConnectorError) || status === undefined || (status >= 200 && status < 300)) {
          throw error;
        }
        throw googleError(error, status, op, where, clock());
      }
    };
    const token = await accessToken();
    try {
      return await attempt(token);
    } catch (error) {
      // A 401 means the token died early (revoked, clock skew): one retry with a fresh one, never more.
      if (!source || !(error instanceof ConnectorError) || error.details.status !== 401) throw error;
      source.invalidate(token);
      return attempt(await accessToken());
    }
  }

  async function listPage(op: YtOperation, path: string, params: Record<string, string>) {
    const data = await call(op, 'GET', path, params);
    const page = ZYtListPage.safeParse(data);
    if (!page.success) {
      throw new ConnectorError(
        'malformed_page',
        `youtube ${op}: not a list response (${formatIssues(page.error)})`,
        {
          raw: capUtf8(JSON.stringify(data) ?? ''),
        },
      );
    }
    return page.data;
  }

  function repliesParams(threadId: string, pageToken: string | null): Record<string, string> {
    return {
      part: 'snippet',
      parentId: threadId,
      maxResults: String(pageSize),
      textFormat: 'plainText',
      ...(pageToken ? { pageToken } : {}),
    };
  }

  async function threadsStep(state: TYtCursor, page: SweepPage): Promise<void> {
    const sweep = state.sweep ?? { next: null, top: state.hwm, pending: [] };
    const list = await listPage('listThreads', 'commentThreads', {
      part: 'snippet,replies',
      allThreadsRelatedToChannelId: options.channelId,
      maxResults: String(pageSize),
      order: 'time',
      textFormat: 'plainText',
      ...(state.sweep?.next ? { pageToken: state.sweep.next } : {}),
    });
    // Threads come newest activity first: a page with nothing newer than the high-water mark ends the sweep.
    let wholePageOld = true;
    for (const raw of list.items) {
      const parsed = parseThread(raw);
      if (!parsed.ok) {
        page.failures.push(parsed.failure);
        continue;
      }
      const thread = parsed.value;
      page.failures.push(...thread.failures);
      let activity = Number.NEGATIVE_INFINITY;
      for (const comment of thread.comments) activity = Math.max(activity, page.offer(comment));
      const known = state.counts[thread.id];
      const countMoved = known !== undefined && known !== thread.totalReplyCount;
      const fresh = activity > state.hwm || countMoved;
      if (fresh) wholePageOld = false;
      if (fresh && thread.totalReplyCount > thread.includedReplies) {
        sweep.pending.push({ threadId: thread.id, videoId: thread.videoId, pageToken: null });
      }
      delete state.counts[thread.id];
      state.counts[thread.id] = thread.totalReplyCount;
      sweep.top = Math.max(sweep.top, activity);
    }
    const keys = Object.keys(state.counts);
    for (const key of keys.slice(0, Math.max(0, keys.length - COUNTS_CAP))) delete state.counts[key];
    sweep.next = !wholePageOld && list.nextPageToken ? list.nextPageToken : null;
    state.sweep = sweep;
  }

  async function repliesStep(state: TYtCursor, page: SweepPage): Promise<void> {
    const sweep = state.sweep!;
    const pending = sweep.pending[0]!;
    const thread: YtThreadRef = { id: pending.threadId, videoId: pending.videoId };
    try {
      const list = await listPage('listReplies', 'comments', repliesParams(thread.id, pending.pageToken));
      for (const raw of list.items) {
        const parsed = parseComment(raw, thread);
        if (parsed.ok) sweep.top = Math.max(sweep.top, page.offer(parsed.value));
        else page.failures.push(parsed.failure);
      }
      pending.pageToken = list.nextPageToken ?? null;
    } catch (error) {
      // Comments disabled on that video, or the comment deleted: the inline replies are all we get.
      if (!(error instanceof ConnectorError) || error.kind !== 'rejected') throw error;
      pending.pageToken = null;
    }
    if (pending.pageToken === null) sweep.pending.shift();
  }

  function rateLimitOf(state: TYtCursor, now: Date): RateLimitState {
    const resetAt = nextPacificMidnight(now);
    const remaining = Math.max(0, dailyQuota - state.quota.used);
    const untilReset = resetAt.getTime() - now.getTime();
    const low = remaining < dailyQuota * LOW_QUOTA_SHARE;
    return {
      limit: dailyQuota,
      remaining,
      resetAt,
      slowDownMs: !low ? 0 : remaining === 0 ? untilReset : Math.ceil(untilReset / remaining),
    };
  }

  async function findReply(reply: OutboundReply, since: Date): Promise<PublishedReply | null> {
    const thread = parseThreadKey(reply.threadKey);
    const want = normalise(reply.text);
    let pageToken: string | null = null;
    for (let i = 0; i < FIND_MAX_PAGES; i++) {
      const list = await listPage('listReplies', 'comments', repliesParams(thread.id, pageToken));
      for (const raw of list.items) {
        const parsed = parseComment(raw, thread);
        if (!parsed.ok) continue;
        const { authorChannelId, item } = parsed.value;
        // A minute of slack for clock skew between us and YouTube.
        if (authorChannelId !== options.channelId || item.postedAt.getTime() < since.getTime() - 60_000) {
          continue;
        }
        if (normalise(item.text) === want) return { externalId: item.externalId, postedAt: item.postedAt };
      }
      pageToken = list.nextPageToken ?? null;
      if (!pageToken) break;
    }
    return null;
  }

  return {
    platform: Platform.YOUTUBE,

    async fetchSince(cursor): Promise<FetchResult> {
      const now = clock();
      const state = decodeCursor(cursor, now, backfillMs);
      if (state.quota.day !== pacificDay(now)) state.quota = { day: pacificDay(now), used: 0 };
      const page = startSweepPage(state, options.channelId);
      if (state.sweep?.pending.length) await repliesStep(state, page);
      else await threadsStep(state, page);
      state.quota.used += 1;
      const sweep = state.sweep;
      if (sweep && sweep.next === null && sweep.pending.length === 0) {
        state.hwm = Math.max(state.hwm, sweep.top);
        state.sweep = null;
      }
      page.commit();
      return {
        items: page.items,
        failures: page.failures,
        nextCursor: JSON.stringify(state),
        hasMore: state.sweep !== null,
        rateLimit: rateLimitOf(state, now),
      };
    },

    async publishReply(reply) {
      const thread = parseThreadKey(reply.threadKey);
      const target = reply.inReplyToExternalId;
      // Replies are `<top-level id>.<suffix>`; YouTube threads are one level deep, so we answer the top level.
      if (target !== thread.id && !target.startsWith(`${thread.id}.`)) {
        throw new Error(`youtube: reply target ${target} is not in thread ${reply.threadKey}`);
      }
      if (reply.text.trim().length === 0 || reply.text.length > YOUTUBE_TEXT_MAX) {
        throw new Error(`youtube: reply text must be 1..${YOUTUBE_TEXT_MAX} characters`);
      }
      // Not idempotent: a timeout after YouTube accepted it and a retry posts twice; findPublishedReply guards.
      const data = await call(
        'insert',
        'POST',
        'comments',
        { part: 'snippet' },
        {
          snippet: { parentId: thread.id, textOriginal: reply.text },
        },
      );
      const sent = ZYtInserted.safeParse(data);
      if (!sent.success) {
        throw new ConnectorError(
          'malformed_page',
          `youtube insert: unexpected comment resource (${formatIssues(sent.error)})`,
          { raw: capUtf8(JSON.stringify(data) ?? '') },
        );
      }
      return { externalId: sent.data.id, postedAt: new Date(sent.data.snippet.publishedAt) };
    },

    findPublishedReply: findReply,
  };
}

/** Rebuilds an HTTP error by Google's reasons: a quota 403 waits for the reset instead of stopping the channel. */
function googleError(error: ConnectorError, status: number, op: YtOperation, where: string, now: Date) {
  let body: unknown;
  try {
    body = error.details.raw ? JSON.parse(error.details.raw) : undefined;
  } catch {
    body = undefined;
  }
  const info = readGoogleError(body);
  const decision = classifyGoogleError(status, info.reasons, op);
  const retryAfterMs =
    decision.wait === 'quota'
      ? nextPacificMidnight(now).getTime() - now.getTime()
      : decision.wait === 'short'
        ? (error.details.retryAfterMs ?? YOUTUBE_SHORT_WAIT_MS)
        : undefined;
  const said = [info.reasons[0], info.message].filter(Boolean).join(': ');
  return errorForStatus(status, {
    where,
    ...(said ? { platformMessage: said } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(error.details.raw !== undefined ? { raw: error.details.raw } : {}),
    statusKinds: { [status]: decision.kind },
  });
}

function normalise(text: string): string {
  return text.replace(/\r\n/g, '\n').trim();
}
