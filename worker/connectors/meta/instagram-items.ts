import { z } from 'zod';
import { MessageKind } from '../../../core/db/generated/enums.ts';
import { formatIssues } from '../item-failure.ts';
import type { InboundItem } from '../types.ts';
import type { ItemOutcome } from './facebook-items.ts';
import { parseGraphTime, ZGraphList, ZGraphTime } from './graph-api.ts';
import { igCommentThreadKey, igMentionThreadKey } from './instagram-webhook.ts';
import { itemFailure } from './item-failure.ts';

/** Pure mapping of Instagram Graph comments and mentions to InboundItems (same keys as the webhook). */

export const ZIgComment = z.looseObject({
  id: z.string().min(1),
  text: z.string(),
  timestamp: ZGraphTime,
  username: z.string().optional(),
  from: z.looseObject({ id: z.string().min(1), username: z.string().optional() }).optional(),
  replies: ZGraphList.optional(),
});
export type TIgComment = z.infer<typeof ZIgComment>;

export interface IgOwner {
  igUserId: string;
  /** The account's own username: replies we posted are recognised by it when `from` is absent. */
  igUsername?: string | undefined;
}

export function isOwn(c: Pick<TIgComment, 'from' | 'username'>, owner: IgOwner): boolean {
  return c.from?.id === owner.igUserId || (!!owner.igUsername && c.username === owner.igUsername);
}

/** A top-level comment (`topId` undefined) or a reply under `topId`. */
export function igCommentOutcome(raw: unknown, mediaId: string, owner: IgOwner, topId?: string): ItemOutcome {
  const parsed = ZIgComment.safeParse(raw);
  if (!parsed.success) {
    return { kind: 'failure', failure: itemFailure(raw, formatIssues(parsed.error), 'ig-comment') };
  }
  const c = parsed.data;
  if (isOwn(c, owner)) return { kind: 'skipped', why: 'the account itself' };
  if (!c.text.trim()) return { kind: 'skipped', why: 'no text' };
  return {
    kind: 'item',
    item: {
      externalId: c.id,
      kind: MessageKind.COMMENT,
      threadKey: igCommentThreadKey(mediaId, topId ?? c.id),
      text: c.text,
      postedAt: parseGraphTime(c.timestamp)!,
      raw,
      ...contactOf(c),
    },
  };
}

const ZMentioned = z.looseObject({
  id: z.string().min(1),
  text: z.string().optional(),
  caption: z.string().optional(),
  timestamp: ZGraphTime,
  username: z.string().optional(),
  permalink: z.string().optional(),
});

/** What `mentioned_comment` / `mentioned_media` returned for a mention webhook. */
export function igMentionOutcome(raw: unknown, mediaId: string, commentId: string | undefined): ItemOutcome {
  const parsed = ZMentioned.safeParse(raw);
  if (!parsed.success) {
    return { kind: 'failure', failure: itemFailure(raw, formatIssues(parsed.error), 'ig-mention') };
  }
  const m = parsed.data;
  const text = commentId ? m.text : m.caption;
  if (!text?.trim()) return { kind: 'skipped', why: 'no text' };
  const item: InboundItem = {
    externalId: m.id,
    kind: MessageKind.MENTION,
    threadKey: igMentionThreadKey(mediaId, commentId ?? mediaId),
    text,
    postedAt: parseGraphTime(m.timestamp)!,
    raw,
    ...(m.username ? { contact: { externalId: m.username, handle: `@${m.username}` } } : {}),
  };
  if (m.permalink) item.url = m.permalink;
  return { kind: 'item', item };
}

function contactOf(c: TIgComment): Pick<InboundItem, 'contact'> {
  const username = c.from?.username ?? c.username;
  const id = c.from?.id ?? username;
  if (!id) return {};
  return { contact: { externalId: id, ...(username ? { handle: `@${username}` } : {}) } };
}
