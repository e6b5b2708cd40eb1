import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { Platform } from '../../core/db/generated/enums.ts';
import type { ItemOutcome } from './meta/facebook-items.ts';
import {
  createGraphClient,
  type GraphCall,
  isMissingObject,
  nextAfter,
  parseGraphTime,
  type TGraphList,
  ZGraphList,
} from './meta/graph-api.ts';
import { admits, readGraphList, readPublishedId, Sweep, trimWindow } from './meta/graph-sweep.ts';
import {
  type IgOwner,
  igCommentOutcome,
  igMentionOutcome,
  isOwn,
  ZIgComment,
} from './meta/instagram-items.ts';
import type { InstagramMentionRef } from './meta/instagram-webhook.ts';
import { itemFailure } from './meta/item-failure.ts';
import {
  type Connector,
  ConnectorError,
  type InboundItem,
  type ItemFailure,
  type OutboundReply,
  type PublishedReply,
} from './types.ts';

export interface InstagramConnectorOptions {
  /** The Instagram professional account id (IG User), reached through the linked Page's token. */
  igUserId: string;
  /** Lets us recognise our own replies where Graph omits `from`. */
  igUsername?: string;
  accessToken: string;
  apiBaseUrl?: string;
  apiVersion?: string;
  timeoutMs: number;
  /** How many of the account's newest media are watched for comments (default 10). */
  recentMedia?: number;
  /** Comments per request, 1..50 (default 50). */
  commentPageSize?: number;
  maxResponseBytes?: number;
  dispatcher?: Dispatcher;
}

export interface InstagramConnector extends Connector {
  /** Reads the comment or caption a `mentions` webhook named; null when it has no text. */
  fetchMention(ref: InstagramMentionRef): Promise<InboundItem | null>;
}

/** Instagram's limit for a comment. */
export const IG_COMMENT_TEXT_MAX = 2200;
const FIND_SKEW_MS = 2 * 60_000;
const REPLY_FIELDS = 'id,text,timestamp,username,from';
const COMMENT_FIELDS = `id,text,timestamp,username,from,replies{${REPLY_FIELDS}}`;

/**
 * The stored cursor: the watched media, newest first. Instagram lists comments newest first with no
 * `order` parameter, so each media keeps a time mark: a sweep reads pages from the newest until it meets a
 * comment older than `mark`, then `mark` becomes the newest timestamp of that sweep (`top`). Comments at
 * exactly the mark second are remembered by id. New replies are seen on the pages a sweep reads (replies
 * ride along with their comment); a reply under a comment older than the first page is left to webhooks.
 */
const ZMediaState = z.object({
  id: z.string(),
  at: z.string(),
  mark: z.string().optional(),
  markIds: z.array(z.string()),
  after: z.string().optional(),
  top: z.string().optional(),
  topIds: z.array(z.string()),
});
const ZCursor = z.object({ v: z.literal(1), media: z.array(ZMediaState), floor: z.string().optional() });
type TCursor = z.infer<typeof ZCursor>;
type TMediaState = z.infer<typeof ZMediaState>;

const ZMedia = z.looseObject({ id: z.string().min(1), timestamp: z.string() });

export function createInstagramConnector(options: InstagramConnectorOptions): InstagramConnector {
  const owner: IgOwner = { igUserId: options.igUserId, igUsername: options.igUsername };
  const recentMedia = clamp(options.recentMedia ?? 10, 1, 50);
  const pageSize = clamp(options.commentPageSize ?? 50, 1, 50);
  const graph: GraphCall = createGraphClient({
    accessToken: options.accessToken,
    apiBaseUrl: options.apiBaseUrl,
    apiVersion: options.apiVersion,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    dispatcher: options.dispatcher,
    label: 'instagram',
  });

  return {
    platform: Platform.INSTAGRAM,

    async fetchSince(cursor) {
      const state = parseCursor(cursor);
      const sweep = new Sweep();

      const media = await graph('GET', `${options.igUserId}/media`, {
        fields: 'id,caption,timestamp,permalink',
        limit: recentMedia,
      });
      sweep.rate(media.rateLimit);
      admitMedia(state, readGraphList('instagram', media.data, 'media'), recentMedia, sweep.failures);

      for (const m of [...state.media]) {
        let page: Awaited<ReturnType<GraphCall>>;
        try {
          page = await graph('GET', `${m.id}/comments`, {
            fields: COMMENT_FIELDS,
            limit: pageSize,
            after: m.after,
          });
        } catch (error) {
          if (error instanceof ConnectorError && isMissingObject(error)) {
            state.media = state.media.filter((x) => x.id !== m.id);
            continue;
          }
          throw error;
        }
        sweep.rate(page.rateLimit);
        const comments = readGraphList('instagram', page.data, `comments of ${m.id}`);
        if (readComments(m, comments, owner, (o) => sweep.add(o))) sweep.more = true;
      }

      return sweep.result(JSON.stringify(state));
    },

    async publishReply(reply: OutboundReply): Promise<PublishedReply> {
      checkText(reply.text);
      const mention = /^igm:([^:]+):([^:]+)$/.exec(reply.threadKey);
      if (mention) {
        const [, mediaId, target] = mention;
        const sent = await graph(
          'POST',
          `${options.igUserId}/mentions`,
          {},
          {
            media_id: mediaId,
            ...(target !== mediaId ? { comment_id: target } : {}),
            message: reply.text,
          },
        );
        return { externalId: readPublishedId('instagram', sent.data, 'id'), postedAt: new Date() };
      }
      // Instagram only takes replies on top-level comments: the thread's head, whichever one we answer.
      const top = requireTop(reply.threadKey);
      const sent = await graph('POST', `${top}/replies`, {}, { message: reply.text });
      return { externalId: readPublishedId('instagram', sent.data, 'id'), postedAt: new Date() };
    },

    async findPublishedReply(reply: OutboundReply, since: Date): Promise<PublishedReply | null> {
      // Replies to mentions sit on other accounts' media, which we cannot list.
      if (reply.threadKey.startsWith('igm:')) return null;
      const top = requireTop(reply.threadKey);
      const res = await graph('GET', `${top}/replies`, { fields: REPLY_FIELDS, limit: 50 });
      for (const raw of readGraphList('instagram', res.data, 'replies').data) {
        const parsed = ZIgComment.safeParse(raw);
        if (!parsed.success || !isOwn(parsed.data, owner)) continue;
        const at = parseGraphTime(parsed.data.timestamp)!;
        if (parsed.data.text.trim() === reply.text.trim() && at.getTime() >= since.getTime() - FIND_SKEW_MS) {
          return { externalId: parsed.data.id, postedAt: at };
        }
      }
      return null;
    },

    async fetchMention(ref) {
      const field = ref.commentId
        ? `mentioned_comment.comment_id(${ref.commentId}){id,text,timestamp,username,media{id,permalink}}`
        : `mentioned_media.media_id(${ref.mediaId}){id,caption,timestamp,username,permalink}`;
      const res = await graph('GET', options.igUserId, { fields: field });
      const data = res.data as Record<string, unknown> | null;
      const found = data?.[ref.commentId ? 'mentioned_comment' : 'mentioned_media'];
      const outcome = igMentionOutcome(found, ref.mediaId, ref.commentId);
      if (outcome.kind === 'failure') {
        throw new ConnectorError('malformed_page', `instagram mention: ${outcome.failure.reason}`, {
          raw: outcome.failure.raw,
        });
      }
      return outcome.kind === 'item' ? outcome.item : null;
    },
  };
}

function admitMedia(state: TCursor, page: TGraphList, size: number, failures: ItemFailure[]) {
  for (const raw of page.data) {
    const parsed = ZMedia.safeParse(raw);
    const at = parsed.success ? parseGraphTime(parsed.data.timestamp) : undefined;
    if (!parsed.success || !at) {
      failures.push(itemFailure(raw, 'media: expected id and timestamp', 'ig-media'));
      continue;
    }
    if (!admits(state.media, state.floor, parsed.data.id, at)) continue;
    state.media.push({ id: parsed.data.id, at: at.toISOString(), markIds: [], topIds: [] });
  }
  const floor = trimWindow(state.media, size, state.floor);
  if (floor) state.floor = floor;
}

/**
 * Reads one page of a media's comments (newest first); true when the sweep needs the next page.
 * The new mark comes from the sweep's first page only: a reply met on a later page can be newer than a
 * comment posted mid-sweep at the top, and marking past it would skip that comment. Items emitted beyond
 * the mark that way are remembered by id (`topIds`) so the next sweep does not repeat them.
 */
function readComments(
  m: TMediaState,
  page: TGraphList,
  owner: IgOwner,
  add: (o: ItemOutcome) => void,
): boolean {
  const mark = m.mark ? Date.parse(m.mark) : Number.NEGATIVE_INFINITY;
  const firstPage = m.after === undefined;
  let reachedOld = false;
  const consider = (raw: unknown, topId?: string) => {
    const at = readTime(raw);
    const id = (raw as { id?: unknown } | null)?.id;
    if (at !== undefined && at < mark) return false;
    const known = typeof id === 'string' && m.markIds.includes(id);
    if (!known) add(igCommentOutcome(raw, m.id, owner, topId));
    if (at === undefined || typeof id !== 'string') return true;
    if (firstPage && (!m.top || at > Date.parse(m.top))) {
      m.topIds = m.topIds.filter((x) => x.startsWith('>'));
      m.top = new Date(at).toISOString();
    }
    const top = m.top ? Date.parse(m.top) : Number.NEGATIVE_INFINITY;
    if (at === top) m.topIds.push(id);
    else if (at > top) m.topIds.push(`>${id}`);
    return true;
  };
  for (const raw of page.data) {
    if (!consider(raw)) reachedOld = true;
    const replies = ZGraphList.safeParse((raw as { replies?: unknown } | null)?.replies);
    const topId = (raw as { id?: unknown } | null)?.id;
    if (replies.success && typeof topId === 'string') for (const r of replies.data.data) consider(r, topId);
  }
  const next = nextAfter(page);
  if (!reachedOld && next) {
    m.after = next;
    return true;
  }
  const ids = m.topIds.map((x) => x.replace(/^>/, ''));
  if (m.top && (!m.mark || Date.parse(m.top) > Date.parse(m.mark))) {
    m.mark = m.top;
    m.markIds = [...new Set(ids)];
  } else {
    m.markIds = [...new Set([...m.markIds, ...ids])];
  }
  delete m.after;
  delete m.top;
  m.topIds = [];
  return false;
}

function readTime(raw: unknown): number | undefined {
  const value = (raw as { timestamp?: unknown } | null)?.timestamp;
  return typeof value === 'string' ? parseGraphTime(value)?.getTime() : undefined;
}

function requireTop(threadKey: string): string {
  const top = /^ig:[^:]+:([^:]+)$/.exec(threadKey)?.[1];
  if (!top) throw new Error(`instagram: not an Instagram thread key: ${JSON.stringify(threadKey)}`);
  return top;
}

function checkText(text: string) {
  if (text.trim().length === 0 || text.length > IG_COMMENT_TEXT_MAX) {
    throw new Error(`instagram: reply text must be 1..${IG_COMMENT_TEXT_MAX} characters`);
  }
}

function parseCursor(cursor: string | null): TCursor {
  if (cursor === null) return { v: 1, media: [] };
  try {
    return ZCursor.parse(JSON.parse(cursor));
  } catch {
    throw new Error(`instagram: invalid cursor ${JSON.stringify(cursor.slice(0, 200))}`);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.trunc(value)));
}
