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
}

export interface OutboundReply {
  threadKey: string;
  inReplyToExternalId: string;
  text: string;
}

export interface Connector {
  platform: Platform;
  fetchSince(cursor: string | null): Promise<FetchResult>;
  publishReply(reply: OutboundReply): Promise<{ externalId: string; postedAt: Date }>;
}

export type ConnectorErrorKind = 'auth' | 'rate_limited' | 'transient' | 'malformed_page';

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
