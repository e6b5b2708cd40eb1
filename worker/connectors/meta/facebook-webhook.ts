import { z } from 'zod';
import { MessageKind } from '../../../core/db/generated/enums.ts';
import { formatIssues } from '../item-failure.ts';
import type { DeliveryStatus, InboundItem, WebhookBatch } from '../types.ts';
import { fbCommentThreadKey, fbMessengerThreadKey } from './facebook-items.ts';
import { itemFailure } from './item-failure.ts';

/**
 * Parses one Page webhook delivery (`object: "page"`): `changes[]` with `field: "feed"` (comments and
 * visitor posts, verbs add/edited/remove) and `messaging[]` (Messenger). Pure: the signature is checked
 * before this runs (core/webhooks), and storing is the caller's job. Items get the same externalId and
 * threadKey as the poller gives them, so a message seen both ways is stored once.
 * An unreadable envelope throws (the route answers 400); an unreadable change or event becomes a failure.
 */

const ZEntry = z.looseObject({
  id: z.string(),
  time: z.number(),
  changes: z.array(z.unknown()).optional(),
  messaging: z.array(z.unknown()).optional(),
});
const ZPageWebhook = z.looseObject({ object: z.literal('page'), entry: z.array(ZEntry) });

const ZFrom = z.looseObject({ id: z.string().min(1), name: z.string().optional() });

const ZFeedValue = z.looseObject({
  item: z.string(),
  verb: z.string(),
  post_id: z.string().optional(),
  comment_id: z.string().optional(),
  parent_id: z.string().optional(),
  message: z.string().optional(),
  created_time: z.number().optional(),
  from: ZFrom.optional(),
});
const ZChange = z.looseObject({ field: z.string(), value: z.unknown() });

const ZMessagingEvent = z.looseObject({
  sender: z.looseObject({ id: z.string().min(1) }),
  recipient: z.looseObject({ id: z.string().min(1) }),
  timestamp: z.number(),
  message: z
    .looseObject({ mid: z.string().min(1), text: z.string().optional(), is_echo: z.boolean().optional() })
    .optional(),
  message_edit: z.looseObject({ mid: z.string().min(1), text: z.string() }).optional(),
  delivery: z.looseObject({ mids: z.array(z.string()).optional(), watermark: z.number() }).optional(),
});

/** Feed item types that are posts (a visitor's post on the page is a conversation of its own). */
const POST_ITEMS = new Set(['status', 'post', 'photo', 'video', 'share']);

export class WebhookPayloadError extends Error {
  override name = 'WebhookPayloadError';
}

export function parseFacebookWebhook(body: unknown): WebhookBatch {
  const parsed = ZPageWebhook.safeParse(body);
  if (!parsed.success) {
    throw new WebhookPayloadError(`facebook webhook: ${formatIssues(parsed.error)}`);
  }
  const batch: WebhookBatch = { items: [], failures: [], statuses: [] };
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes ?? []) feedChange(change, entry, batch);
    for (const event of entry.messaging ?? []) messagingEvent(event, entry.id, batch);
  }
  return batch;
}

function feedChange(raw: unknown, entry: z.infer<typeof ZEntry>, batch: WebhookBatch) {
  const change = ZChange.safeParse(raw);
  if (!change.success) {
    batch.failures.push(itemFailure(raw, formatIssues(change.error), 'fb-webhook'));
    return;
  }
  if (change.data.field !== 'feed') return;
  const parsed = ZFeedValue.safeParse(change.data.value);
  if (!parsed.success) {
    batch.failures.push(itemFailure(change.data.value, formatIssues(parsed.error), 'fb-webhook'));
    return;
  }
  const v = parsed.data;
  // Deletions have no place in a batch yet; reactions and likes are not conversations.
  if (v.verb !== 'add' && v.verb !== 'edited') return;
  if (v.item !== 'comment' && !POST_ITEMS.has(v.item)) return;
  if (v.from?.id === entry.id) return; // the page itself (our replies come back as webhooks too)
  const missing = missingFields(v);
  if (missing) {
    batch.failures.push(itemFailure(change.data.value, missing, 'fb-webhook'));
    return;
  }
  if (!v.message?.trim()) return; // a photo or sticker without text
  const postId = v.post_id!;
  const isComment = v.item === 'comment';
  const id = isComment ? v.comment_id! : postId;
  // A top-level comment's parent is the post; a reply's is its comment, which heads the thread.
  const top = !isComment ? postId : v.parent_id && v.parent_id !== postId ? v.parent_id : id;
  const item: InboundItem = {
    externalId: id,
    kind: isComment ? MessageKind.COMMENT : MessageKind.POST,
    threadKey: fbCommentThreadKey(postId, top),
    text: v.message,
    postedAt: fromUnix(v.created_time ?? entry.time),
    raw: change.data.value,
  };
  if (v.from) item.contact = { externalId: v.from.id, ...(v.from.name ? { displayName: v.from.name } : {}) };
  if (v.verb === 'edited') item.editedAt = fromUnix(entry.time);
  batch.items.push(item);
}

function missingFields(v: z.infer<typeof ZFeedValue>): string | undefined {
  if (!v.post_id) return 'post_id: missing';
  if (v.item === 'comment' && !v.comment_id) return 'comment_id: missing';
  if (v.message === undefined) return 'message: missing';
  return undefined;
}

function messagingEvent(raw: unknown, pageId: string, batch: WebhookBatch) {
  const parsed = ZMessagingEvent.safeParse(raw);
  if (!parsed.success) {
    batch.failures.push(itemFailure(raw, formatIssues(parsed.error), 'fb-messaging'));
    return;
  }
  const e = parsed.data;
  if (e.delivery) {
    const at = fromUnix(e.delivery.watermark);
    for (const mid of e.delivery.mids ?? []) {
      batch.statuses.push({ externalId: mid, status: 'delivered', at } satisfies DeliveryStatus);
    }
    return;
  }
  const text = e.message_edit?.text ?? e.message?.text;
  const mid = e.message_edit?.mid ?? e.message?.mid;
  // Echoes are what the page sent; read receipts, postbacks and attachments carry no citizen text.
  if (!mid || e.message?.is_echo || e.sender.id === pageId || !text?.trim()) return;
  const item: InboundItem = {
    externalId: mid,
    kind: MessageKind.DM,
    threadKey: fbMessengerThreadKey(e.sender.id),
    text,
    postedAt: fromUnix(e.timestamp),
    raw,
    contact: { externalId: e.sender.id },
  };
  if (e.message_edit) item.editedAt = fromUnix(e.timestamp);
  batch.items.push(item);
}

/** Meta sends seconds in feed changes and milliseconds in Messenger events. */
export function fromUnix(value: number): Date {
  return new Date(value > 1e12 ? value : value * 1000);
}
