import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { MessageKind } from '../../core/db/generated/enums.ts';
import { failureRow, formatIssues } from './item-failure.ts';
import type { ConnectorErrorKind, InboundItem, ItemFailure } from './types.ts';

/** YouTube's limit for a comment's text. */
export const YOUTUBE_TEXT_MAX = 10_000;

const ZIsoDateTime = z.iso.datetime({ offset: true });

// Only the fields we read are declared; everything else passes through untouched (and lands in `raw`).
export const ZYtComment = z.looseObject({
  id: z.string().min(1),
  snippet: z.looseObject({
    authorDisplayName: z.string().optional(),
    authorChannelId: z.looseObject({ value: z.string().min(1) }).optional(),
    textDisplay: z.string().optional(),
    textOriginal: z.string().optional(),
    parentId: z.string().optional(),
    publishedAt: ZIsoDateTime,
    updatedAt: ZIsoDateTime,
  }),
});
export type TYtComment = z.infer<typeof ZYtComment>;

// The top-level comment and the replies are parsed one by one, so one broken comment does not drop the thread.
const ZYtThread = z.looseObject({
  id: z.string().min(1),
  snippet: z.looseObject({
    videoId: z.string().min(1),
    topLevelComment: z.unknown(),
    totalReplyCount: z.number().int().nonnegative().optional(),
  }),
  replies: z.looseObject({ comments: z.array(z.unknown()) }).optional(),
});

export const ZYtListPage = z.looseObject({
  items: z.array(z.unknown()),
  nextPageToken: z.string().min(1).optional(),
});

/** What comments.insert answers; only what publishReply returns is checked. */
export const ZYtInserted = z.looseObject({
  id: z.string().min(1),
  snippet: z.looseObject({ publishedAt: ZIsoDateTime }),
});

const ZGoogleError = z.looseObject({
  error: z.looseObject({
    code: z.number().optional(),
    message: z.string().optional(),
    errors: z
      .array(z.looseObject({ reason: z.string().optional(), domain: z.string().optional() }))
      .optional(),
  }),
});

/** One comment, parsed into an item, with what the sweep needs to dedupe and order it. */
export interface YtComment {
  id: string;
  updatedAt: string;
  updatedAtMs: number;
  authorChannelId?: string;
  item: InboundItem;
}

export interface YtThreadRef {
  id: string;
  videoId: string;
}

export interface YtThread extends YtThreadRef {
  totalReplyCount: number;
  /** Replies the commentThreads response carried inline (YouTube includes only a few). */
  includedReplies: number;
  comments: YtComment[];
  failures: ItemFailure[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; failure: ItemFailure };

/** A commentThreads item: its top-level comment and inline replies, each good one an item. */
export function parseThread(raw: unknown): Parsed<YtThread> {
  const parsed = ZYtThread.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, failure: failureFor(raw, readId(raw), 'thread', formatIssues(parsed.error)) };
  }
  const { id, snippet, replies } = parsed.data;
  const thread: YtThread = {
    id,
    videoId: snippet.videoId,
    totalReplyCount: snippet.totalReplyCount ?? 0,
    includedReplies: replies?.comments.length ?? 0,
    comments: [],
    failures: [],
  };
  for (const rawComment of [snippet.topLevelComment, ...(replies?.comments ?? [])]) {
    const comment = parseComment(rawComment, thread);
    if (comment.ok) thread.comments.push(comment.value);
    else thread.failures.push(comment.failure);
  }
  return { ok: true, value: thread };
}

/** A top-level comment or a reply (commentThreads inline, or comments.list) as an item of its thread. */
export function parseComment(raw: unknown, thread: YtThreadRef): Parsed<YtComment> {
  const parsed = ZYtComment.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, failure: failureFor(raw, readId(raw), 'comment', formatIssues(parsed.error)) };
  }
  const { id, snippet } = parsed.data;
  // textOriginal is only guaranteed to the author; with textFormat=plainText, textDisplay is plain text too.
  const text = snippet.textOriginal || snippet.textDisplay;
  if (!text) {
    return { ok: false, failure: failureFor(raw, id, 'comment', 'snippet.textDisplay: empty comment text') };
  }
  const publishedAt = new Date(snippet.publishedAt);
  const updatedAt = new Date(snippet.updatedAt);
  const item: InboundItem = {
    externalId: id,
    kind: MessageKind.COMMENT,
    threadKey: threadKeyOf(thread),
    text,
    postedAt: publishedAt,
    raw,
    url: `https://www.youtube.com/watch?v=${encodeURIComponent(thread.videoId)}&lc=${encodeURIComponent(id)}`,
  };
  if (updatedAt.getTime() > publishedAt.getTime()) item.editedAt = updatedAt;
  const authorChannelId = snippet.authorChannelId?.value;
  const name = snippet.authorDisplayName;
  if (authorChannelId) {
    item.contact = {
      externalId: authorChannelId,
      ...(name ? { displayName: name } : {}),
      // Since handles were introduced YouTube shows them as the display name (`@budi123`).
      ...(name?.startsWith('@') ? { handle: name } : {}),
    };
  }
  return {
    ok: true,
    value: {
      id,
      updatedAt: snippet.updatedAt,
      updatedAtMs: updatedAt.getTime(),
      ...(authorChannelId ? { authorChannelId } : {}),
      item,
    },
  };
}

export function threadKeyOf(thread: YtThreadRef): string {
  return `yt:${thread.videoId}:${thread.id}`;
}

/** `yt:<videoId>:<threadId>` back into its parts; the thread id is the top-level comment's id. */
export function parseThreadKey(threadKey: string): YtThreadRef {
  const match = /^yt:([^:]+):([^:]+)$/.exec(threadKey);
  if (!match) throw new Error(`youtube: not a YouTube thread key: ${JSON.stringify(threadKey)}`);
  return { videoId: match[1]!, id: match[2]! };
}

/** The dedupe key of one version of a comment: an edit moves updatedAt and so makes a new key. */
export function versionKey(commentId: string, updatedAt: string): string {
  return createHash('sha256').update(`${commentId}@${updatedAt}`).digest('hex').slice(0, 16);
}

/** The next midnight in Pacific time, when YouTube resets the daily quota. */
export function nextPacificMidnight(now: Date): Date {
  return DateTime.fromJSDate(now, { zone: 'America/Los_Angeles' })
    .startOf('day')
    .plus({ days: 1 })
    .toJSDate();
}

/** The Pacific-time date (`2024-06-01`) a quota unit is counted against. */
export function pacificDay(now: Date): string {
  return DateTime.fromJSDate(now, { zone: 'America/Los_Angeles' }).toISODate() ?? '';
}

export interface GoogleErrorInfo {
  message?: string;
  reasons: string[];
}

/** Google's `{ error: { code, message, errors: [{ reason, domain }] } }`; tags stripped from the message. */
export function readGoogleError(body: unknown): GoogleErrorInfo {
  const parsed = ZGoogleError.safeParse(body);
  if (!parsed.success) return { reasons: [] };
  const { message, errors } = parsed.data.error;
  const reasons = (errors ?? []).map((e) => e.reason).filter((r): r is string => typeof r === 'string');
  return { ...(message ? { message: message.replace(/<[^>]*>/g, '') } : {}), reasons };
}

export type YtOperation = 'listThreads' | 'listReplies' | 'insert';

export interface ErrorDecision {
  kind: ConnectorErrorKind;
  /** `quota`: wait for the daily reset; `short`: a per-minute limit, Retry-After or a short default. */
  wait?: 'quota' | 'short';
}

const QUOTA_REASONS = new Set(['quotaExceeded', 'dailyLimitExceeded', 'dailyLimitExceededUnreg']);
const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
const AUTH_REASONS = new Set([
  'authError',
  'forbidden',
  'insufficientPermissions',
  'keyInvalid',
  'keyExpired',
  'accessNotConfigured',
  'ineligibleAccount',
]);
/** 400s on comments.insert that are about this one reply; re-sending cannot fix them. */
const REPLY_REJECTED_REASONS = new Set([
  'commentTextRequired',
  'commentTextTooLong',
  'invalidCustomEmoji',
  'invalidCommentMetadata',
  'operationNotSupported',
  'parentCommentIsPrivate',
  'parentIdMissing',
]);

/**
 * The kind a Google error maps to. YouTube answers an exhausted quota with 403, which must not stop the
 * channel as if its credential were bad; a bad key is a 400 that must. A 403 or 404 about one video
 * (comments disabled, comment deleted) is `rejected`, which the connector keeps to that video.
 */
export function classifyGoogleError(
  status: number,
  reasons: readonly string[],
  op: YtOperation,
): ErrorDecision {
  const has = (set: Set<string>) => reasons.some((r) => set.has(r));
  if (has(QUOTA_REASONS)) return { kind: 'rate_limited', wait: 'quota' };
  if (has(RATE_REASONS) || status === 429) return { kind: 'rate_limited', wait: 'short' };
  if (reasons.includes('commentsDisabled')) return { kind: 'rejected' };
  if (status === 401 || has(AUTH_REASONS)) return { kind: 'auth' };
  if (status === 404) return { kind: op === 'listThreads' ? 'auth' : 'rejected' };
  if (op === 'insert' && status === 400 && has(REPLY_REJECTED_REASONS)) return { kind: 'rejected' };
  if (status === 403) return { kind: 'auth' };
  return { kind: 'transient' };
}

function failureFor(raw: unknown, id: string | undefined, what: string, reason: string): ItemFailure {
  return failureRow(raw, reason, id, id ? `${what}:${id}` : undefined);
}

function readId(raw: unknown): string | undefined {
  const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}
