import { z } from 'zod';
import { MessageKind } from '../../../core/db/generated/enums.ts';
import { formatIssues } from '../item-failure.ts';
import type { InboundItem, ItemFailure } from '../types.ts';
import { parseGraphTime, ZGraphTime } from './graph-api.ts';
import { itemFailure } from './item-failure.ts';

/**
 * Pure mapping of Facebook Page objects (Graph reads and webhook changes) to InboundItems, shared by the
 * poller and the webhook parser so both produce the same externalId and threadKey for the same comment.
 *
 * Thread keys: `fb:<post-id>:<top-comment-id>`, one thread per top-level comment and its replies, not one
 * per post. A case is opened per thread and a reply answers the case's latest message: with one thread per
 * post, every citizen commenting on one announcement would share a case and only the last one would get an
 * answer. Messenger: `fbm:<psid>`. Meta's webhooks name the sender's page-scoped id, never the
 * conversation id, and a page has exactly one conversation per PSID; keying by PSID makes polled and
 * webhook messages land in the same thread, and it is the recipient id a reply needs.
 */

export const ZFbUser = z.looseObject({ id: z.string().min(1), name: z.string().optional() });

export const ZFbComment = z.looseObject({
  id: z.string().min(1),
  // Empty for sticker- or photo-only comments: valid, skipped.
  message: z.string().optional(),
  created_time: ZGraphTime,
  // Graph omits `from` when the commenter's data is not visible to the token: the item still counts.
  from: ZFbUser.optional(),
  parent: z.looseObject({ id: z.string().min(1) }).optional(),
  permalink_url: z.string().optional(),
});

export const ZFbPost = z.looseObject({
  id: z.string().min(1),
  message: z.string().optional(),
  created_time: ZGraphTime,
  updated_time: ZGraphTime.optional(),
  from: ZFbUser.optional(),
  permalink_url: z.string().optional(),
});

export const ZFbMessage = z.looseObject({
  id: z.string().min(1),
  message: z.string().optional(),
  created_time: ZGraphTime,
  from: ZFbUser.extend({ email: z.string().optional() }),
});

export type ItemOutcome =
  | { kind: 'item'; item: InboundItem }
  | { kind: 'failure'; failure: ItemFailure }
  | { kind: 'skipped'; why: string };

export function fbCommentThreadKey(postId: string, topCommentId: string): string {
  return `fb:${postId}:${topCommentId}`;
}

export function fbMessengerThreadKey(psid: string): string {
  return `fbm:${psid}`;
}

/** `fb:<post-id>:<top-comment-id>` → its parts; undefined for any other key. */
export function parseFbCommentThreadKey(
  threadKey: string,
): { postId: string; topCommentId: string } | undefined {
  const match = /^fb:([^:]+):([^:]+)$/.exec(threadKey);
  return match ? { postId: match[1]!, topCommentId: match[2]! } : undefined;
}

export function parseFbMessengerThreadKey(threadKey: string): string | undefined {
  return /^fbm:([^:]+)$/.exec(threadKey)?.[1];
}

/**
 * One comment from `/{post-id}/comments?filter=stream`. `topOf` maps reply ids to their thread's top comment
 * for comments seen earlier on the same page (a reply to a reply names its direct parent).
 */
export function commentOutcome(
  raw: unknown,
  context: { pageId: string; postId: string; topOf?: Map<string, string> },
): ItemOutcome {
  const parsed = ZFbComment.safeParse(raw);
  if (!parsed.success) {
    return { kind: 'failure', failure: itemFailure(raw, formatIssues(parsed.error), 'fb-comment') };
  }
  const c = parsed.data;
  const parentId = c.parent?.id;
  const top = parentId ? (context.topOf?.get(parentId) ?? parentId) : c.id;
  context.topOf?.set(c.id, top);
  if (c.from?.id === context.pageId) return { kind: 'skipped', why: 'the page itself' };
  if (!c.message?.trim()) return { kind: 'skipped', why: 'no text (sticker or photo)' };
  const item: InboundItem = {
    externalId: c.id,
    kind: MessageKind.COMMENT,
    threadKey: fbCommentThreadKey(context.postId, top),
    text: c.message,
    postedAt: parseGraphTime(c.created_time)!,
    raw,
  };
  if (c.from) item.contact = contactOf(c.from);
  if (c.permalink_url) item.url = c.permalink_url;
  return { kind: 'item', item };
}

/** A post on the page's feed: a visitor's post is an item (its own thread); the page's own are not. */
export function postOutcome(raw: unknown, pageId: string): ItemOutcome {
  const parsed = ZFbPost.safeParse(raw);
  if (!parsed.success) {
    return { kind: 'failure', failure: itemFailure(raw, formatIssues(parsed.error), 'fb-post') };
  }
  const p = parsed.data;
  if (!p.from || p.from.id === pageId) return { kind: 'skipped', why: 'the page itself' };
  if (!p.message?.trim()) return { kind: 'skipped', why: 'no text' };
  const item: InboundItem = {
    externalId: p.id,
    kind: MessageKind.POST,
    threadKey: fbCommentThreadKey(p.id, p.id),
    text: p.message,
    postedAt: parseGraphTime(p.created_time)!,
    raw,
    contact: contactOf(p.from),
  };
  if (p.permalink_url) item.url = p.permalink_url;
  return { kind: 'item', item };
}

/** One Messenger message from a conversation's `messages` edge. */
export function messageOutcome(raw: unknown, pageId: string): ItemOutcome {
  const parsed = ZFbMessage.safeParse(raw);
  if (!parsed.success) {
    return { kind: 'failure', failure: itemFailure(raw, formatIssues(parsed.error), 'fb-message') };
  }
  const m = parsed.data;
  if (m.from.id === pageId) return { kind: 'skipped', why: 'sent by the page' };
  if (!m.message?.trim()) return { kind: 'skipped', why: 'no text (attachment only)' };
  return {
    kind: 'item',
    item: {
      externalId: m.id,
      kind: MessageKind.DM,
      threadKey: fbMessengerThreadKey(m.from.id),
      text: m.message,
      postedAt: parseGraphTime(m.created_time)!,
      raw,
      contact: contactOf(m.from),
    },
  };
}

function contactOf(user: z.infer<typeof ZFbUser>): NonNullable<InboundItem['contact']> {
  return { externalId: user.id, ...(user.name ? { displayName: user.name } : {}) };
}
