import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { capUtf8 } from '../http-client.ts';
import type { ItemFailure } from '../types.ts';

/** A failure row for one unreadable Graph item: keyed by its id when it has one, else by a hash of it. */
export function itemFailure(raw: unknown, reason: string, prefix: string): ItemFailure {
  const json = safeStringify(raw);
  const id = readId(raw);
  return {
    dedupeKey: id ? `${prefix}:${id}` : createHash('sha256').update(json).digest('hex'),
    ...(id ? { externalId: id } : {}),
    reason: reason.slice(0, 1000),
    raw: capUtf8(json),
  };
}

/** `message: expected string, received number; from.id: …`: zod paths name the fields. */
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

function readId(raw: unknown): string | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const id = r.id ?? r.mid ?? r.comment_id ?? (r.message as Record<string, unknown> | undefined)?.mid;
  return typeof id === 'string' && id.length > 0 && id.length < 200 ? id : undefined;
}

export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
