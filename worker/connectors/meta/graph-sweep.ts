import { capUtf8 } from '../http-client.ts';
import { safeStringify } from '../item-failure.ts';
import {
  ConnectorError,
  type FetchResult,
  type InboundItem,
  type ItemFailure,
  type RateLimitState,
} from '../types.ts';
import type { ItemOutcome } from './facebook-items.ts';
import { mergeRateLimits, type TGraphList, ZGraphList } from './graph-api.ts';

/**
 * What the Facebook Page and Instagram connectors share when they sweep an account: one fetch's collected
 * outcomes, the window of newest posts or media they watch, and the readers that fail a page loudly.
 */

/** Collects one fetch's items, failures and rate-limit signals. */
export class Sweep {
  items: InboundItem[] = [];
  failures: ItemFailure[] = [];
  more = false;
  rateLimit: RateLimitState | undefined;
  add(outcome: ItemOutcome) {
    if (outcome.kind === 'item') this.items.push(outcome.item);
    else if (outcome.kind === 'failure') this.failures.push(outcome.failure);
  }
  rate(state: RateLimitState | undefined) {
    this.rateLimit = mergeRateLimits(this.rateLimit, state);
  }
  result(nextCursor: string): FetchResult {
    return {
      items: this.items,
      failures: this.failures,
      nextCursor,
      hasMore: this.more,
      ...(this.rateLimit ? { rateLimit: this.rateLimit } : {}),
    };
  }
}

/**
 * The watched window (newest posts or media, `at` ISO) admits an object that is not in it yet and is newer
 * than `floor`, the newest one that left: a post that left must not be re-read from its first comment.
 */
export function admits(watched: readonly { id: string }[], floor: string | undefined, id: string, at: Date) {
  const min = floor ? Date.parse(floor) : Number.NEGATIVE_INFINITY;
  return !watched.some((w) => w.id === id) && at.getTime() > min;
}

/** Sorts the window newest first and cuts it to `size`; returns the floor, moved by what was cut. */
export function trimWindow(watched: { at: string }[], size: number, floor: string | undefined) {
  watched.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  let next = floor;
  for (const evicted of watched.splice(size)) {
    if (!next || Date.parse(evicted.at) > Date.parse(next)) next = evicted.at;
  }
  return next;
}

/** A Graph list, or a `malformed_page` error naming the connector (`label`) and what was listed. */
export function readGraphList(label: string, data: unknown, what: string): TGraphList {
  const parsed = ZGraphList.safeParse(data);
  if (!parsed.success) {
    throw new ConnectorError('malformed_page', `${label} ${what}: not a Graph list (no data array)`, {
      raw: capUtf8(safeStringify(data)),
    });
  }
  return parsed.data;
}

/** The id a publish answered with; without one the reply cannot be recorded as published. */
export function readPublishedId(label: string, data: unknown, field: string): string {
  const id = (data as Record<string, unknown> | null)?.[field];
  if (typeof id !== 'string' || !id) {
    throw new ConnectorError('malformed_page', `${label}: the answer to a publish has no ${field}`, {
      raw: capUtf8(safeStringify(data)),
    });
  }
  return id;
}
