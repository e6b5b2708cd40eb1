import { z } from 'zod';
import { maxId, type XPageMeta, type XStream } from './x-parse.ts';

/**
 * The X connector's cursor, per stream: the `since_id` of the last finished sweep and the sweep in progress
 * (X's `next_token` and the newest id its first page saw). X pages newest → oldest, so `since_id` may only
 * move to that newest id once the last page of the sweep is stored; until then a restart resumes with the
 * stored token and neither misses nor repeats a tweet.
 */
const ZId = z.string().regex(/^\d{1,20}$/);
const ZStreamState = z.object({
  sinceId: ZId.nullable(),
  sweep: z.object({ token: z.string().min(1), newestId: ZId.nullable() }).nullable(),
});
const ZXCursor = z.object({
  v: z.literal(1),
  mentions: ZStreamState,
  // The query is kept so that a changed search starts afresh instead of paging with another query's token.
  search: ZStreamState.extend({ query: z.string() }).optional(),
});

export type TXStreamState = z.infer<typeof ZStreamState>;
export type TXCursor = Partial<Record<XStream, TXStreamState>>;

const FRESH: TXStreamState = { sinceId: null, sweep: null };

/** The stored cursor for this configuration; `null` (a new channel) starts every stream afresh. */
export function parseXCursor(cursor: string | null, searchQuery: string | undefined): TXCursor {
  let stored: z.infer<typeof ZXCursor> | undefined;
  if (cursor !== null) {
    let json: unknown;
    try {
      json = JSON.parse(cursor);
    } catch {
      json = undefined;
    }
    const parsed = ZXCursor.safeParse(json);
    // Only this connector writes the cursor; anything else is a bug worth failing loudly on.
    if (!parsed.success) throw new Error(`x: invalid cursor ${JSON.stringify(cursor.slice(0, 200))}`);
    stored = parsed.data;
  }
  const state: TXCursor = { mentions: stored?.mentions ?? FRESH };
  if (searchQuery !== undefined) {
    const search = stored?.search;
    state.search =
      search && search.query === searchQuery ? { sinceId: search.sinceId, sweep: search.sweep } : FRESH;
  }
  return state;
}

export function serializeXCursor(state: TXCursor, searchQuery: string | undefined): string {
  const mentions = state.mentions ?? FRESH;
  return JSON.stringify({
    v: 1,
    mentions,
    ...(searchQuery !== undefined ? { search: { ...(state.search ?? FRESH), query: searchQuery } } : {}),
  });
}

/** Streams to call now: only those with a sweep in progress, else all of them (a new sweep each). */
export function streamsToFetch(state: TXCursor): XStream[] {
  const all = (Object.keys(state) as XStream[]).filter((s) => state[s] !== undefined);
  const paging = all.filter((s) => state[s]?.sweep);
  return paging.length ? paging : all;
}

/** The stream's state after one page was stored. */
export function nextStreamState(prev: TXStreamState, meta: XPageMeta): TXStreamState {
  // The first page of a sweep carries the newest id; later pages are older and must not replace it.
  const newestId = prev.sweep ? prev.sweep.newestId : (meta.newestId ?? null);
  if (meta.nextToken) return { sinceId: prev.sinceId, sweep: { token: meta.nextToken, newestId } };
  return { sinceId: maxId(prev.sinceId ?? undefined, newestId ?? undefined) ?? null, sweep: null };
}
