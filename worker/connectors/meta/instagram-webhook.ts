import { z } from 'zod';
import { MessageKind } from '../../../core/db/generated/enums.ts';
import { formatIssues } from '../item-failure.ts';
import type { InboundItem, WebhookBatch } from '../types.ts';
import { fromUnix, WebhookPayloadError } from './facebook-webhook.ts';
import { itemFailure } from './item-failure.ts';

/**
 * Parses one Instagram webhook delivery (`object: "instagram"`): `comments` (and `live_comments`) carry the
 * comment itself; `mentions` carry only ids (`media_id`, `comment_id`), so they come back as `mentions`
 * for the connector's `fetchMention` to read. Pure, like parseFacebookWebhook.
 *
 * Thread keys: `ig:<media-id>:<top-comment-id>` (one thread per top-level comment, as on Facebook:
 * Instagram also only lets us reply to a top-level comment) and `igm:<media-id>:<comment-or-media-id>` for
 * mentions on other accounts' media, which are answered through `/{ig-user-id}/mentions`.
 */

const ZEntry = z.looseObject({ id: z.string(), time: z.number(), changes: z.array(z.unknown()).optional() });
const ZInstagramWebhook = z.looseObject({ object: z.literal('instagram'), entry: z.array(ZEntry) });
const ZChange = z.looseObject({ field: z.string(), value: z.unknown() });

const ZCommentValue = z.looseObject({
  id: z.string().min(1),
  text: z.string(),
  from: z.looseObject({ id: z.string().min(1), username: z.string().optional() }),
  media: z.looseObject({ id: z.string().min(1), media_product_type: z.string().optional() }),
  parent_id: z.string().optional(),
});

const ZMentionValue = z.looseObject({
  media_id: z.string().min(1),
  comment_id: z.string().min(1).optional(),
});

/** A mention to read with the connector's `fetchMention`: the webhook names it, never its text. */
export interface InstagramMentionRef {
  igUserId: string;
  mediaId: string;
  /** Absent when the mention is in the media's caption. */
  commentId?: string;
  at: Date;
}

export interface InstagramWebhookBatch extends WebhookBatch {
  mentions: InstagramMentionRef[];
}

export function igCommentThreadKey(mediaId: string, topCommentId: string): string {
  return `ig:${mediaId}:${topCommentId}`;
}

export function igMentionThreadKey(mediaId: string, commentOrMediaId: string): string {
  return `igm:${mediaId}:${commentOrMediaId}`;
}

export function parseInstagramWebhook(body: unknown): InstagramWebhookBatch {
  const parsed = ZInstagramWebhook.safeParse(body);
  if (!parsed.success) {
    throw new WebhookPayloadError(`instagram webhook: ${formatIssues(parsed.error)}`);
  }
  const batch: InstagramWebhookBatch = { items: [], failures: [], statuses: [], mentions: [] };
  for (const entry of parsed.data.entry) {
    for (const raw of entry.changes ?? []) {
      const change = ZChange.safeParse(raw);
      if (!change.success) {
        batch.failures.push(itemFailure(raw, formatIssues(change.error), 'ig-webhook'));
        continue;
      }
      const { field, value } = change.data;
      if (field === 'comments' || field === 'live_comments') commentChange(value, entry, batch);
      else if (field === 'mentions') mentionChange(value, entry, batch);
    }
  }
  return batch;
}

function commentChange(value: unknown, entry: z.infer<typeof ZEntry>, batch: InstagramWebhookBatch) {
  const parsed = ZCommentValue.safeParse(value);
  if (!parsed.success) {
    batch.failures.push(itemFailure(value, formatIssues(parsed.error), 'ig-comment'));
    return;
  }
  const c = parsed.data;
  // Our own replies come back as comment webhooks from the account itself.
  if (c.from.id === entry.id || !c.text.trim()) return;
  const item: InboundItem = {
    externalId: c.id,
    kind: MessageKind.COMMENT,
    threadKey: igCommentThreadKey(c.media.id, c.parent_id ?? c.id),
    text: c.text,
    // The payload has no comment timestamp; the delivery time is within seconds of it.
    postedAt: fromUnix(entry.time),
    raw: value,
    contact: { externalId: c.from.id, ...(c.from.username ? { handle: `@${c.from.username}` } : {}) },
  };
  batch.items.push(item);
}

function mentionChange(value: unknown, entry: z.infer<typeof ZEntry>, batch: InstagramWebhookBatch) {
  const parsed = ZMentionValue.safeParse(value);
  if (!parsed.success) {
    batch.failures.push(itemFailure(value, formatIssues(parsed.error), 'ig-mention'));
    return;
  }
  batch.mentions.push({
    igUserId: entry.id,
    mediaId: parsed.data.media_id,
    ...(parsed.data.comment_id ? { commentId: parsed.data.comment_id } : {}),
    at: fromUnix(entry.time),
  });
}
