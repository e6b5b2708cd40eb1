import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { capUtf8 } from './http-client.ts';
import type { ItemFailure } from './types.ts';

/**
 * How every connector records an item it could not read. Keyed by `dedupeKey` when the item names itself,
 * else by a hash of its JSON, so the same broken item fetched twice is stored once.
 */
export function failureRow(raw: unknown, reason: string, id?: string, dedupeKey = id): ItemFailure {
  const json = safeStringify(raw);
  return {
    dedupeKey: dedupeKey ?? createHash('sha256').update(json).digest('hex'),
    ...(id ? { externalId: id } : {}),
    reason: reason.slice(0, 1000),
    raw: capUtf8(json),
  };
}

/** `message.text: expected string, received number; entry[0].id: …`: zod paths name the fields. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.map((p, i) =>
        typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`,
      );
      return `${path.join('') || '(root)'}: ${issue.message.replace(/^Invalid input: /, '')}`;
    })
    .join('; ');
}

/** JSON for a failure's `raw`; never throws, whatever the platform sent. */
export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
