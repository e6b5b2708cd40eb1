import { failureRow } from '../item-failure.ts';
import type { ItemFailure } from '../types.ts';

/** A failure row for one unreadable Graph item: keyed `prefix:id` by its Graph id when it has one. */
export function itemFailure(raw: unknown, reason: string, prefix: string): ItemFailure {
  const id = readId(raw);
  return failureRow(raw, reason, id, id && `${prefix}:${id}`);
}

function readId(raw: unknown): string | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const id = r.id ?? r.mid ?? r.comment_id ?? (r.message as Record<string, unknown> | undefined)?.mid;
  return typeof id === 'string' && id.length > 0 && id.length < 200 ? id : undefined;
}
