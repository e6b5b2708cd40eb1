import type { MessageKind, Platform } from '../../core/db/generated/enums.ts';

/** One inbound item, normalised from any platform. */
export interface InboundItem {
  externalId: string;
  kind: MessageKind;
  /** Groups the item into its conversation: a DM chat, a comment thread, an e-mail thread. */
  threadKey: string;
  text: string;
  postedAt: Date;
  raw: unknown;
  contact?: { externalId: string; displayName?: string; handle?: string };
  /** Set when the platform reports the item as edited: the store updates the text and keeps the old one. */
  editedAt?: Date;
  /** Public link to the item on the platform, when it has one. */
  url?: string;
}

/** An item the platform sent that we could not parse: kept, never dropped. */
export interface ItemFailure {
  /** Platform id when known, else a hash of the raw body, so a retried page records it once. */
  dedupeKey: string;
  externalId?: string;
  reason: string;
  /** The raw item, capped in size. */
  raw: string;
}

export interface FetchResult {
  items: InboundItem[];
  failures: ItemFailure[];
  /** Cursor to store with this page, in the same transaction as the items. */
  nextCursor: string | null;
  /** True when the platform has more right now: the poller fetches again at once. */
  hasMore: boolean;
  /** What the platform's rate-limit signals said on this page (headers, usage), for pacing and channel health. */
  rateLimit?: RateLimitState;
}

/** A channel's rate-limit state as the platform reported it. */
export interface RateLimitState {
  /** Calls left in the current window, when the platform says. */
  remaining?: number;
  limit?: number;
  /** When the window resets. */
  resetAt?: Date;
  /** Wait this long before the next call so the channel is not blocked (0 or absent: no need). */
  slowDownMs?: number;
}

export interface OutboundReply {
  /** Our reply id: stable across retries, used where a platform can carry it (e-mail Message-ID). */
  replyId: string;
  threadKey: string;
  inReplyToExternalId: string;
  /** When the message we answer was posted (WhatsApp only lets a business reply freely within 24 hours). */
  inReplyToPostedAt?: Date;
  text: string;
}

/** What one webhook delivery (Meta: Facebook, Instagram, WhatsApp) carried, parsed. */
export interface WebhookBatch {
  items: InboundItem[];
  failures: ItemFailure[];
  /** Delivery receipts for replies we sent; they may arrive out of order. */
  statuses: DeliveryStatus[];
}

export interface DeliveryStatus {
  /** The platform id of our outbound message (WhatsApp `wamid`). */
  externalId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  at: Date;
  error?: string;
}

export interface Connector {
  platform: Platform;
  fetchSince(cursor: string | null): Promise<FetchResult>;
  publishReply(reply: OutboundReply): Promise<PublishedReply>;
  /**
   * Where the platform allows it: looks for a reply we already posted (a retried job after a crash between
   * the platform's answer and our commit) so it is not posted twice. `null` when none is found.
   */
  findPublishedReply?(reply: OutboundReply, since: Date): Promise<PublishedReply | null>;
}

export interface PublishedReply {
  externalId: string;
  postedAt: Date;
}

/**
 * `rejected`: the platform refused this one call for a reason a retry cannot fix (WhatsApp's 24-hour
 * customer-service window, a deleted comment); shown on the case, never retried.
 */
export type ConnectorErrorKind = 'auth' | 'rate_limited' | 'transient' | 'malformed_page' | 'rejected';

/** Errors a connector raises; the poll job maps each kind to channel status and retry behaviour. */
export class ConnectorError extends Error {
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly details: { retryAfterMs?: number; status?: number; raw?: string } = {},
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}
