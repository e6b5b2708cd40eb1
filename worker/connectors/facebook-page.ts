import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { Platform } from '../../core/db/generated/enums.ts';
import {
  commentOutcome,
  messageOutcome,
  parseFbCommentThreadKey,
  parseFbMessengerThreadKey,
  postOutcome,
  ZFbComment,
  ZFbMessage,
} from './meta/facebook-items.ts';
import {
  createGraphClient,
  endCursor,
  type GraphCall,
  isMissingObject,
  nextAfter,
  parseGraphTime,
  ZGraphList,
} from './meta/graph-api.ts';
import { admits, readGraphList, readPublishedId, Sweep, trimWindow } from './meta/graph-sweep.ts';
import { itemFailure } from './meta/item-failure.ts';
import { type Connector, ConnectorError, type OutboundReply, type PublishedReply } from './types.ts';

export interface FacebookPageConnectorOptions {
  pageId: string;
  /** A Page access token; it only travels as `access_token` and is scrubbed from every message. */
  accessToken: string;
  apiBaseUrl?: string;
  apiVersion?: string;
  timeoutMs: number;
  /** How many of the page's newest posts are watched for comments (default 10). */
  recentPosts?: number;
  /** Comments per request, 1..100 (default 50). */
  commentPageSize?: number;
  /** Conversations per request, 1..50 (default 25). */
  conversationPageSize?: number;
  maxResponseBytes?: number;
  dispatcher?: Dispatcher;
}

/** Messenger's limit for a text message; comments allow far more, but replies this long are a mistake. */
export const MESSENGER_TEXT_MAX = 2000;
export const FB_COMMENT_TEXT_MAX = 8000;
/** Messages read per conversation per sweep; a conversation with more new ones in one sweep loses the rest. */
const MESSAGES_PER_CONVERSATION = 25;
/** Clock skew allowed when matching a reply we may have posted before a crash. */
const FIND_SKEW_MS = 2 * 60_000;

const POST_FIELDS = 'id,message,created_time,updated_time,from,permalink_url';
const COMMENT_FIELDS = 'id,message,created_time,from,parent{id},permalink_url';
const MESSAGE_FIELDS = 'id,message,created_time,from';

/**
 * The stored cursor. `posts`: the watched window, newest first, each with the comments cursor after the
 * last comment read (order=chronological, so new comments come after it). `floor`: created_time of the
 * newest post that left the window, so it is not re-admitted and re-read from its first comment.
 * `conv`: Messenger conversations come newest-updated first; a sweep reads pages until it reaches one
 * updated before `mark`, then `mark` becomes the newest updated_time of that sweep (`top`). Messages at
 * exactly the mark second are remembered by id, so `>=` never repeats nor misses one.
 */
const ZCursor = z.object({
  v: z.literal(1),
  posts: z.array(z.object({ id: z.string(), at: z.string(), after: z.string().optional() })),
  floor: z.string().optional(),
  conv: z.object({
    mark: z.string().optional(),
    markIds: z.array(z.string()),
    after: z.string().optional(),
    top: z.string().optional(),
    topIds: z.array(z.string()),
  }),
});
type TCursor = z.infer<typeof ZCursor>;

const ZConversation = z.looseObject({
  id: z.string(),
  updated_time: z.string(),
  messages: ZGraphList.optional(),
});

export function createFacebookPageConnector(options: FacebookPageConnectorOptions): Connector {
  const { pageId } = options;
  const recentPosts = clamp(options.recentPosts ?? 10, 1, 50);
  const commentPageSize = clamp(options.commentPageSize ?? 50, 1, 100);
  const conversationPageSize = clamp(options.conversationPageSize ?? 25, 1, 50);
  const graph: GraphCall = createGraphClient({
    accessToken: options.accessToken,
    apiBaseUrl: options.apiBaseUrl,
    apiVersion: options.apiVersion,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    dispatcher: options.dispatcher,
    label: 'facebook',
  });

  return {
    platform: Platform.FACEBOOK,

    async fetchSince(cursor) {
      const state = parseCursor(cursor);
      const sweep = new Sweep();

      const feed = await graph('GET', `${pageId}/feed`, { fields: POST_FIELDS, limit: recentPosts });
      sweep.rate(feed.rateLimit);
      admitPosts(state, readGraphList('facebook', feed.data, 'feed'), pageId, recentPosts, sweep);

      for (const post of [...state.posts]) {
        let page: Awaited<ReturnType<GraphCall>>;
        try {
          page = await graph('GET', `${post.id}/comments`, {
            fields: COMMENT_FIELDS,
            filter: 'stream',
            order: 'chronological',
            limit: commentPageSize,
            after: post.after,
          });
        } catch (error) {
          // A deleted post must not block the channel: it leaves the window.
          if (error instanceof ConnectorError && isMissingObject(error)) {
            state.posts = state.posts.filter((p) => p.id !== post.id);
            continue;
          }
          throw error;
        }
        sweep.rate(page.rateLimit);
        const comments = readGraphList('facebook', page.data, `comments of ${post.id}`);
        const topOf = new Map<string, string>();
        for (const raw of comments.data) sweep.add(commentOutcome(raw, { pageId, postId: post.id, topOf }));
        post.after = endCursor(comments) ?? post.after;
        if (nextAfter(comments)) sweep.more = true;
      }

      const conversations = await graph('GET', `${pageId}/conversations`, {
        platform: 'messenger',
        fields: `id,updated_time,messages.limit(${MESSAGES_PER_CONVERSATION}){${MESSAGE_FIELDS}}`,
        limit: conversationPageSize,
        after: state.conv.after,
      });
      sweep.rate(conversations.rateLimit);
      readConversations(state, readGraphList('facebook', conversations.data, 'conversations'), pageId, sweep);

      return sweep.result(JSON.stringify(state));
    },

    async publishReply(reply: OutboundReply): Promise<PublishedReply> {
      const psid = parseFbMessengerThreadKey(reply.threadKey);
      if (psid) {
        checkText(reply.text, MESSENGER_TEXT_MAX);
        const sent = await graph(
          'POST',
          `${pageId}/messages`,
          {},
          {
            recipient: { id: psid },
            messaging_type: 'RESPONSE',
            message: { text: reply.text },
          },
        );
        return { externalId: readPublishedId('facebook', sent.data, 'message_id'), postedAt: new Date() };
      }
      const thread = requireCommentThread(reply.threadKey);
      checkText(reply.text, FB_COMMENT_TEXT_MAX);
      // Under the thread's top comment: Facebook nests replies there, whichever reply we answer.
      const sent = await graph('POST', `${thread.topCommentId}/comments`, {}, { message: reply.text });
      return { externalId: readPublishedId('facebook', sent.data, 'id'), postedAt: new Date() };
    },

    async findPublishedReply(reply: OutboundReply, since: Date): Promise<PublishedReply | null> {
      const after = since.getTime() - FIND_SKEW_MS;
      const psid = parseFbMessengerThreadKey(reply.threadKey);
      if (psid) {
        const res = await graph('GET', `${pageId}/conversations`, {
          platform: 'messenger',
          user_id: psid,
          fields: `messages.limit(50){${MESSAGE_FIELDS}}`,
        });
        for (const conversation of readGraphList('facebook', res.data, 'conversations').data) {
          const messages = ZConversation.partial().safeParse(conversation).data?.messages?.data ?? [];
          const found = matchOwn(messages, ZFbMessage, pageId, reply.text, after);
          if (found) return found;
        }
        return null;
      }
      const thread = requireCommentThread(reply.threadKey);
      const res = await graph('GET', `${thread.topCommentId}/comments`, {
        fields: 'id,message,created_time,from',
        filter: 'stream',
        order: 'reverse_chronological',
        limit: 100,
      });
      return matchOwn(
        readGraphList('facebook', res.data, 'replies').data,
        ZFbComment,
        pageId,
        reply.text,
        after,
      );
    },
  };
}

/** New feed posts join the window (a visitor's post is also an item); the window keeps the newest. */
function admitPosts(
  state: TCursor,
  feed: z.infer<typeof ZGraphList>,
  pageId: string,
  size: number,
  sweep: Sweep,
) {
  for (const raw of feed.data) {
    const outcome = postOutcome(raw, pageId);
    if (outcome.kind === 'failure') {
      sweep.add(outcome);
      continue;
    }
    const { id, created_time } = raw as { id: string; created_time: string };
    const at = parseGraphTime(created_time)!;
    if (!admits(state.posts, state.floor, id, at)) continue;
    state.posts.push({ id, at: at.toISOString() });
    sweep.add(outcome);
  }
  const floor = trimWindow(state.posts, size, state.floor);
  if (floor) state.floor = floor;
}

function readConversations(state: TCursor, page: z.infer<typeof ZGraphList>, pageId: string, sweep: Sweep) {
  const conv = state.conv;
  const mark = conv.mark ? Date.parse(conv.mark) : Number.NEGATIVE_INFINITY;
  let reachedOld = false;
  for (const raw of page.data) {
    const parsed = ZConversation.safeParse(raw);
    const updated = parsed.success ? parseGraphTime(parsed.data.updated_time) : undefined;
    if (!parsed.success || !updated) {
      sweep.failures.push(itemFailure(raw, 'conversation: expected id and updated_time', 'fb-conversation'));
      continue;
    }
    if (updated.getTime() < mark) {
      reachedOld = true;
      break;
    }
    if (!conv.top || updated.getTime() > Date.parse(conv.top)) {
      conv.top = updated.toISOString();
      conv.topIds = [];
    }
    for (const message of parsed.data.messages?.data ?? []) {
      const at = readTime(message);
      if (at !== undefined && at < mark) continue;
      const id = (message as { id?: unknown }).id;
      if (at === mark && typeof id === 'string' && conv.markIds.includes(id)) continue;
      const outcome = messageOutcome(message, pageId);
      sweep.add(outcome);
      if (at !== undefined && at === Date.parse(conv.top) && typeof id === 'string') conv.topIds.push(id);
    }
  }
  const next = nextAfter(page);
  if (!reachedOld && next) {
    conv.after = next;
    sweep.more = true;
    return;
  }
  // Sweep complete: everything updated up to `top` has been read.
  if (conv.top && (!conv.mark || Date.parse(conv.top) > Date.parse(conv.mark))) {
    conv.mark = conv.top;
    conv.markIds = conv.topIds;
  } else if (conv.top && conv.mark && Date.parse(conv.top) === Date.parse(conv.mark)) {
    conv.markIds = [...new Set([...conv.markIds, ...conv.topIds])];
  }
  delete conv.after;
  delete conv.top;
  conv.topIds = [];
}

function matchOwn(
  raws: readonly unknown[],
  schema: typeof ZFbComment | typeof ZFbMessage,
  pageId: string,
  text: string,
  afterMs: number,
): PublishedReply | null {
  for (const raw of raws) {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) continue;
    const { id, message, from, created_time } = parsed.data;
    const at = parseGraphTime(created_time)!;
    if (from?.id === pageId && message?.trim() === text.trim() && at.getTime() >= afterMs) {
      return { externalId: id, postedAt: at };
    }
  }
  return null;
}

function readTime(raw: unknown): number | undefined {
  const value = (raw as { created_time?: unknown } | null)?.created_time;
  return typeof value === 'string' ? parseGraphTime(value)?.getTime() : undefined;
}

function requireCommentThread(threadKey: string) {
  const thread = parseFbCommentThreadKey(threadKey);
  if (!thread) throw new Error(`facebook: not a Facebook thread key: ${JSON.stringify(threadKey)}`);
  return thread;
}

function checkText(text: string, max: number) {
  if (text.trim().length === 0 || text.length > max) {
    throw new Error(`facebook: reply text must be 1..${max} characters`);
  }
}

function parseCursor(cursor: string | null): TCursor {
  if (cursor === null) return { v: 1, posts: [], conv: { markIds: [], topIds: [] } };
  try {
    return ZCursor.parse(JSON.parse(cursor));
  } catch {
    // Only this connector writes the cursor; anything else is a bug worth failing loudly on.
    throw new Error(`facebook: invalid cursor ${JSON.stringify(cursor.slice(0, 200))}`);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.trunc(value)));
}
