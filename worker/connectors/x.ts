import type { IncomingHttpHeaders } from 'node:http';
import { type Dispatcher, getGlobalDispatcher } from 'undici';
import { Platform } from '../../core/db/generated/enums.ts';
import { capUtf8, errorForStatus, type HttpMethod, httpJson, redactUrl } from './http-client.ts';
import { TokenRefreshError, type TokenSource } from './oauth-token.ts';
import {
  type Connector,
  ConnectorError,
  type FetchResult,
  type InboundItem,
  type OutboundReply,
  type RateLimitState,
} from './types.ts';
import {
  nextStreamState,
  parseXCursor,
  serializeXCursor,
  streamsToFetch,
  type TXStreamState,
} from './x-cursor.ts';
import {
  describeXError,
  findReplyInPage,
  parseCreatedTweet,
  parseTweetPage,
  readRateLimit,
  rejectedParameters,
  retryAfterFromHeaders,
  snowflakeDate,
  tighterRateLimit,
  type XStream,
} from './x-parse.ts';

export interface XConnectorOptions {
  /** App-only token: reads mentions, search and our own timeline. Only ever sent in a header. */
  bearerToken: string;
  /** User-context token of the agency account (OAuth 2.0, `tweet.write`), for posting; else `bearerToken`. */
  userToken?: string;
  /** Fresh user-context tokens (they expire after 2 hours) from a refresh token; preferred over `userToken`. */
  userTokenSource?: TokenSource;
  /** The agency account's numeric user id. */
  userId: string;
  /** Recent-search query about the agency (keywords, `-is:retweet`…); no search stream without it. */
  searchQuery?: string;
  apiBaseUrl?: string;
  timeoutMs: number;
  /** Tweets per page, capped to what each endpoint allows (mentions 5..100, search 10..100). */
  maxResults?: number;
  maxResponseBytes?: number;
  /** undici dispatcher (tests: MockAgent); the global dispatcher otherwise. */
  dispatcher?: Dispatcher;
}

export const X_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
export const X_TWEET_FIELDS =
  'created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,edit_history_tweet_ids,note_tweet';
/** Pages of our own timeline searched for an earlier copy of a reply before posting it again. */
const FIND_REPLY_MAX_PAGES = 5;
/** X refuses these on POST /2/tweets with a 403 that says nothing about the token: a retry cannot help. */
const REFUSED_POST = /duplicate content|conversation is not allowed|deleted or not visible|too long/i;

export function createXConnector(options: XConnectorOptions): Connector {
  const base = (options.apiBaseUrl ?? 'https://api.x.com').replace(/\/+$/, '');
  const maxBytes = options.maxResponseBytes ?? X_MAX_RESPONSE_BYTES;
  const pageSize = (min: number) => Math.min(100, Math.max(min, Math.trunc(options.maxResults ?? 100)));
  const userPath = `/2/users/${encodeURIComponent(options.userId)}`;

  /** One API call; on failure the ConnectorError carries X's message and, for a 429, its reset. */
  async function call(
    method: HttpMethod,
    path: string,
    params: Record<string, string>,
    init: { token: string | TokenSource; body?: unknown; what: string },
  ) {
    if (typeof init.token === 'string') return callWith(method, path, params, { ...init, token: init.token });
    const source = init.token;
    const token = await source.get();
    try {
      return await callWith(method, path, params, { ...init, token });
    } catch (error) {
      // A 401 means the token died early (revoked, clock skew): one retry with a fresh one, never more.
      // Safe for POST /2/tweets too: a 401 means nothing was posted.
      if (!(error instanceof ConnectorError) || error.details.status !== 401) throw error;
      source.invalidate(token);
      return callWith(method, path, params, { ...init, token: await source.get() });
    }
  }

  async function callWith(
    method: HttpMethod,
    path: string,
    params: Record<string, string>,
    init: { token: string; body?: unknown; what: string },
  ) {
    const query = new URLSearchParams(params).toString();
    const url = `${base}${path}${query ? `?${query}` : ''}`;
    let errorHeaders: IncomingHttpHeaders = {};
    try {
      return await httpJson(url, {
        method,
        headers: { authorization: `Bearer ${init.token}` },
        ...(init.body !== undefined ? { body: init.body } : {}),
        timeoutMs: options.timeoutMs,
        maxBytes,
        describeError: describeXError,
        dispatcher: capturingHeaders(options.dispatcher ?? getGlobalDispatcher(), (h) => {
          errorHeaders = h;
        }),
      });
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      const where = `x ${init.what}: ${method} ${redactUrl(url)}`;
      if (error.kind === 'rate_limited') {
        const retryAfterMs = retryAfterFromHeaders(errorHeaders) ?? error.details.retryAfterMs;
        throw errorForStatus(429, {
          where,
          platformMessage: platformMessage(error.details.raw),
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          ...(error.details.raw !== undefined ? { raw: error.details.raw } : {}),
        });
      }
      throw new ConnectorError(
        error.kind,
        error.message.replace(/^(GET|POST) /, `x ${init.what}: $1 `),
        error.details,
      );
    }
  }

  async function fetchStream(stream: XStream, state: TXStreamState, retried = false) {
    const params: Record<string, string> = {
      max_results: String(pageSize(stream === 'mentions' ? 5 : 10)),
      'tweet.fields': X_TWEET_FIELDS,
      expansions: 'author_id',
      'user.fields': 'username,name',
    };
    if (stream === 'search') params.query = options.searchQuery ?? '';
    if (state.sinceId) params.since_id = state.sinceId;
    if (state.sweep) params[stream === 'mentions' ? 'pagination_token' : 'next_token'] = state.sweep.token;
    const path = stream === 'mentions' ? `${userPath}/mentions` : '/2/tweets/search/recent';
    let response: Awaited<ReturnType<typeof call>>;
    try {
      response = await call('GET', path, params, { token: options.bearerToken, what: stream });
    } catch (error) {
      const restart = !retried && error instanceof ConnectorError ? recoverable(error, state) : undefined;
      if (restart) return fetchStream(stream, restart, true);
      throw error;
    }
    const page = parseTweetPage(response.data, stream, options.userId);
    if (!page.ok) {
      throw new ConnectorError(
        page.authLike ? 'auth' : 'malformed_page',
        `x ${stream}: ${page.authLike ? 'account not readable' : 'not a tweets page'} (${page.reason})`,
        { status: response.status, raw: capUtf8(JSON.stringify(response.data) ?? '') },
      );
    }
    return {
      stream,
      page,
      next: nextStreamState(state, page.meta),
      rateLimit: readRateLimit(response.headers),
    };
  }

  return {
    platform: Platform.X,

    async fetchSince(cursor): Promise<FetchResult> {
      const state = parseXCursor(cursor, options.searchQuery);
      const results = await Promise.all(streamsToFetch(state).map((s) => fetchStream(s, state[s]!)));
      // Mentions first: a tweet that both mentions us and matches the search is a MENTION.
      const byId = new Map<string, InboundItem>();
      let rateLimit: RateLimitState | undefined;
      for (const r of results) {
        for (const item of r.page.items) if (!byId.has(item.externalId)) byId.set(item.externalId, item);
        state[r.stream] = r.next;
        rateLimit = tighterRateLimit(rateLimit, r.rateLimit);
      }
      return {
        items: [...byId.values()],
        failures: results.flatMap((r) => r.page.failures),
        nextCursor: serializeXCursor(state, options.searchQuery),
        hasMore: results.some((r) => r.next.sweep !== null),
        ...(rateLimit ? { rateLimit } : {}),
      };
    },

    async publishReply(reply: OutboundReply) {
      if (!/^\d{1,20}$/.test(reply.inReplyToExternalId)) {
        throw new Error(`x: not a tweet id: ${JSON.stringify(reply.inReplyToExternalId)}`);
      }
      if (reply.text.trim().length === 0) throw new Error('x: reply text is empty');
      let response: Awaited<ReturnType<typeof call>>;
      try {
        // Not idempotent: findPublishedReply is how a retried job avoids posting twice.
        response = await call(
          'POST',
          '/2/tweets',
          {},
          {
            token: options.userTokenSource ?? options.userToken ?? options.bearerToken,
            body: { text: reply.text, reply: { in_reply_to_tweet_id: reply.inReplyToExternalId } },
            what: 'post reply',
          },
        );
      } catch (error) {
        throw refusedPost(error);
      }
      const created = parseCreatedTweet(response.data);
      if (!created) {
        throw new ConnectorError('malformed_page', 'x post reply: answer has no data.id', {
          status: response.status,
          raw: capUtf8(JSON.stringify(response.data) ?? ''),
        });
      }
      return { externalId: created.id, postedAt: snowflakeDate(created.id) ?? new Date() };
    },

    async findPublishedReply(reply, since) {
      const params: Record<string, string> = {
        'tweet.fields': 'referenced_tweets,created_at',
        max_results: '100',
        exclude: 'retweets',
        // X wants whole seconds; a minute of slack covers clock skew between us and X.
        start_time: new Date(Math.floor(since.getTime() / 1000) * 1000 - 60_000)
          .toISOString()
          .replace('.000Z', 'Z'),
      };
      for (let page = 0; page < FIND_REPLY_MAX_PAGES; page++) {
        const response = await call('GET', `${userPath}/tweets`, params, {
          token: options.bearerToken,
          what: 'own tweets',
        });
        const result = findReplyInPage(response.data, reply.inReplyToExternalId, reply.text);
        if (!result.ok) {
          throw new ConnectorError('malformed_page', 'x own tweets: not a tweets page', {
            status: response.status,
            raw: capUtf8(JSON.stringify(response.data) ?? ''),
          });
        }
        if (result.found) return { externalId: result.found.id, postedAt: result.found.postedAt };
        if (!result.nextToken) return null;
        params.pagination_token = result.nextToken;
      }
      return null;
    },
  };
}

/**
 * A 400 that names our paging state: a `next_token` X no longer honours restarts the sweep (the store drops
 * the repeats), a `since_id` older than search's 7-day window is dropped (nothing older can be served).
 */
function recoverable(error: ConnectorError, state: TXStreamState): TXStreamState | undefined {
  if (error.details.status !== 400) return undefined;
  const named = rejectedParameters(error.details.raw);
  if (state.sweep && named.some((p) => p === 'pagination_token' || p === 'next_token')) {
    return { sinceId: state.sinceId, sweep: null };
  }
  if (state.sinceId && named.includes('since_id')) return { sinceId: null, sweep: null };
  return undefined;
}

/** X answers 403 both for a bad token and for content it refuses; only the first is the channel's auth. */
function refusedPost(error: unknown): unknown {
  if (!(error instanceof ConnectorError) || error instanceof TokenRefreshError) return error;
  const refused =
    error.details.status === 400 ||
    (error.details.status === 403 && REFUSED_POST.test(platformMessage(error.details.raw) ?? ''));
  return refused ? new ConnectorError('rejected', error.message, error.details) : error;
}

function platformMessage(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    return describeXError(JSON.parse(raw))?.message;
  } catch {
    return undefined;
  }
}

/**
 * httpJson drops the headers of a failed response, but a 429's wait is only in `x-rate-limit-reset`: this
 * interceptor hands each response's headers to `seen` before httpJson reads the body.
 */
function capturingHeaders(base: Dispatcher, seen: (headers: IncomingHttpHeaders) => void): Dispatcher {
  return base.compose(
    (dispatch) => (opts, handler) =>
      dispatch(
        opts,
        new Proxy(handler, {
          get(target, key) {
            if (key === 'onResponseStart') {
              return (...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>) => {
                seen(args[2]);
                return target.onResponseStart?.(...args);
              };
            }
            const value: unknown = Reflect.get(target, key);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        }),
      ),
  );
}
