import type { IncomingHttpHeaders } from 'node:http';
import { type Dispatcher, getGlobalDispatcher } from 'undici';
import { z } from 'zod';
import {
  capUtf8,
  errorForStatus,
  type HttpMethod,
  httpJson,
  kindForStatus,
  type PlatformErrorInfo,
  redactSecrets,
  redactUrl,
} from '../http-client.ts';
import { ConnectorError, type ConnectorErrorKind, type RateLimitState } from '../types.ts';

/**
 * Shared Graph API plumbing for the Facebook Page, Instagram and WhatsApp connectors: the error envelope,
 * the usage headers, cursor paging and one call helper. Exports here are used by other connectors: keep them
 * stable.
 */

export const GRAPH_BASE_URL = 'https://graph.facebook.com';
export const GRAPH_DEFAULT_VERSION = 'v21.0';
/** Default response cap: a page of 100 comments with their permalinks is far below this. */
export const GRAPH_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** Usage (percent of the window) above which we ask the poller to slow down. */
export const USAGE_SLOW_DOWN_PCT = 80;
/** The longest slow-down asked for from usage alone (at 100 %); Meta's app window rolls over one hour. */
export const USAGE_MAX_SLOW_DOWN_MS = 15 * 60_000;
/** Throttled without a hint of how long: Meta's windows roll, so a minute usually frees some calls. */
export const DEFAULT_THROTTLE_WAIT_MS = 60_000;

export const ZGraphError = z.looseObject({
  message: z.string().optional(),
  type: z.string().optional(),
  code: z.number().int().optional(),
  error_subcode: z.number().int().optional(),
  error_user_title: z.string().optional(),
  error_user_msg: z.string().optional(),
  fbtrace_id: z.string().optional(),
});
export type TGraphError = z.infer<typeof ZGraphError>;

const ZGraphErrorEnvelope = z.looseObject({ error: ZGraphError });

/** App-, user- and page-level throttling codes (4, 17, 32, 613) and the BUC family (80001 pages, 80002 IG…). */
const THROTTLE_CODES = new Set([4, 17, 32, 341, 613]);
/** Token invalid, expired or revoked (190 and its subcodes 458–467, 102 for an old session). */
const AUTH_CODES = new Set([102, 190]);

/** The Graph error in a response body, when it has one. */
export function readGraphError(body: unknown): TGraphError | undefined {
  const parsed = ZGraphErrorEnvelope.safeParse(body);
  return parsed.success ? parsed.data.error : undefined;
}

/** `(#190/463) Error validating access token … [OAuthException, fbtrace_id AbC]`, token-free. */
export function formatGraphError(error: TGraphError): string {
  const code =
    error.code !== undefined
      ? `(#${error.code}${error.error_subcode ? `/${error.error_subcode}` : ''}) `
      : '';
  const message = (error.message ?? 'Graph API error').replace(/^\(#\d+\)\s*/, '');
  const extra = [error.type, error.fbtrace_id ? `fbtrace_id ${error.fbtrace_id}` : undefined].filter(Boolean);
  return redactSecrets(`${code}${message}${extra.length ? ` [${extra.join(', ')}]` : ''}`);
}

/** For `httpJson`'s `describeError`: the Graph envelope's message, code and type. */
export function describeGraphError(body: unknown): PlatformErrorInfo | undefined {
  const error = readGraphError(body);
  return error ? { message: formatGraphError(error) } : undefined;
}

/**
 * The kind a Graph error maps to. Graph answers most errors with HTTP 400 (throttling included), so the
 * envelope's code decides; the HTTP status only where the code says nothing we know.
 * `OAuthException` alone is not proof of a dead token: Graph also types bad parameters (#100) and
 * throttling (#4) that way, so only 190/102 (or OAuthException without any code) mark the channel's
 * credential as failed.
 */
export function graphErrorKind(error: TGraphError, httpStatus: number): ConnectorErrorKind {
  const code = error.code;
  if (code !== undefined && (THROTTLE_CODES.has(code) || (code >= 80001 && code <= 80099))) {
    return 'rate_limited';
  }
  if (code !== undefined && AUTH_CODES.has(code)) return 'auth';
  if (code === undefined && error.type === 'OAuthException') return 'auth';
  // Missing permission for the whole edge (10, 200–299): the channel's token cannot do this job.
  if (code === 10 && error.error_subcode === 2018278) return 'rejected'; // Messenger: outside the 24 h window
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) return 'auth';
  if (code === 1 || code === 2) return 'transient';
  // Blocked for policy (368), duplicate (506), person unavailable (551): retrying the same call cannot help.
  if (code === 368 || code === 506 || code === 551) return 'rejected';
  return kindForStatus(httpStatus) ?? 'transient';
}

/** `Object does not exist, cannot be loaded due to missing permissions` (#100/33), or a plain 404. */
export function isMissingObject(error: ConnectorError): boolean {
  const body = error.details.raw ? safeJson(error.details.raw) : undefined;
  const graph = readGraphError(body);
  return error.details.status === 404 || (graph?.code === 100 && graph.error_subcode === 33);
}

const ZUsage = z.looseObject({
  call_count: z.number().optional(),
  total_cputime: z.number().optional(),
  total_time: z.number().optional(),
  /** Minutes until a throttled app/page/business may call again. */
  estimated_time_to_regain_access: z.number().optional(),
});
const ZBucUsage = z.record(z.string(), z.array(ZUsage));

export interface GraphUsage {
  /** The highest percentage any header reports for any of call count, CPU time and total time. */
  maxPct: number;
  /** The longest `estimated_time_to_regain_access`, in ms (0 when none). */
  regainAccessMs: number;
}

/**
 * Reads `x-app-usage`, `x-page-usage`, `x-ad-account-usage` and `x-business-use-case-usage` (JSON, values in
 * percent). Unreadable headers are ignored: usage is advice, never a reason to fail a page.
 */
export function parseGraphUsage(headers: IncomingHttpHeaders): GraphUsage | undefined {
  const entries: z.infer<typeof ZUsage>[] = [];
  for (const name of ['x-app-usage', 'x-page-usage', 'x-ad-account-usage']) {
    const parsed = ZUsage.safeParse(safeJson(headerValue(headers[name])));
    if (parsed.success) entries.push(parsed.data);
  }
  const buc = ZBucUsage.safeParse(safeJson(headerValue(headers['x-business-use-case-usage'])));
  if (buc.success) for (const list of Object.values(buc.data)) entries.push(...list);
  if (entries.length === 0) return undefined;
  let maxPct = 0;
  let regainMinutes = 0;
  for (const e of entries) {
    maxPct = Math.max(maxPct, e.call_count ?? 0, e.total_cputime ?? 0, e.total_time ?? 0);
    regainMinutes = Math.max(regainMinutes, e.estimated_time_to_regain_access ?? 0);
  }
  return { maxPct, regainAccessMs: Math.round(regainMinutes * 60_000) };
}

/**
 * Usage as the poller's RateLimitState: `limit`/`remaining` in percent of the window (Meta gives no call
 * counts), and a slow-down that grows from 0 at 80 % to 15 minutes at 100 %, or the platform's own
 * estimate when it says access is (about to be) cut.
 */
export function rateLimitFromHeaders(headers: IncomingHttpHeaders): RateLimitState | undefined {
  const usage = parseGraphUsage(headers);
  if (!usage) return undefined;
  const state: RateLimitState = { limit: 100, remaining: Math.max(0, Math.round(100 - usage.maxPct)) };
  let slowDownMs = 0;
  if (usage.maxPct >= USAGE_SLOW_DOWN_PCT) {
    const share = Math.min(1, (usage.maxPct - USAGE_SLOW_DOWN_PCT) / (100 - USAGE_SLOW_DOWN_PCT));
    slowDownMs = Math.max(30_000, Math.round(USAGE_MAX_SLOW_DOWN_MS * share));
  }
  slowDownMs = Math.max(slowDownMs, usage.regainAccessMs);
  if (slowDownMs > 0) {
    state.slowDownMs = slowDownMs;
    state.resetAt = new Date(Date.now() + slowDownMs);
  }
  return state;
}

/** Merges the states of several calls in one fetch: the tightest wins. */
export function mergeRateLimits(
  a: RateLimitState | undefined,
  b: RateLimitState | undefined,
): RateLimitState | undefined {
  if (!a || !b) return a ?? b;
  const tighter = (b.remaining ?? 101) < (a.remaining ?? 101) ? b : a;
  const slow = Math.max(a.slowDownMs ?? 0, b.slowDownMs ?? 0);
  const resetAt = slow === (a.slowDownMs ?? 0) ? a.resetAt : b.resetAt;
  return {
    ...tighter,
    ...(slow > 0 ? { slowDownMs: slow } : {}),
    ...(slow > 0 && resetAt ? { resetAt } : {}),
  };
}

export const ZGraphPaging = z.looseObject({
  cursors: z.looseObject({ before: z.string().optional(), after: z.string().optional() }).optional(),
  next: z.string().optional(),
  previous: z.string().optional(),
});

/** A Graph list (`{ data: [...], paging }`); items stay unknown so one bad item never fails the page. */
export const ZGraphList = z.looseObject({
  data: z.array(z.unknown()),
  paging: ZGraphPaging.optional(),
});
export type TGraphList = z.infer<typeof ZGraphList>;

/** The cursor of the next page, or undefined on the last one: Graph omits `paging.next` there. */
export function nextAfter(list: Pick<TGraphList, 'paging'>): string | undefined {
  return list.paging?.next ? list.paging.cursors?.after : undefined;
}

/** The cursor at the end of this page (to resume after it later), whether or not a next page exists. */
export function endCursor(list: Pick<TGraphList, 'paging'>): string | undefined {
  return list.paging?.cursors?.after;
}

export interface GraphClientOptions {
  accessToken: string;
  apiBaseUrl?: string | undefined;
  apiVersion?: string | undefined;
  timeoutMs: number;
  maxResponseBytes?: number | undefined;
  dispatcher?: Dispatcher | undefined;
  /** Names the connector in messages: `facebook`, `instagram`. */
  label: string;
}

export interface GraphResponse {
  status: number;
  data: unknown;
  rateLimit?: RateLimitState;
}

export type GraphCall = (
  method: HttpMethod,
  path: string,
  params?: Record<string, string | number | undefined>,
  body?: unknown,
) => Promise<GraphResponse>;

/**
 * A Graph caller bound to one token. The token travels as the `access_token` query parameter, as Meta's
 * examples do; every message and raw body is scrubbed of it (and of `access_token=`) before it leaves.
 */
export function createGraphClient(options: GraphClientOptions): GraphCall {
  const base = (options.apiBaseUrl ?? GRAPH_BASE_URL).replace(/\/+$/, '');
  const version = options.apiVersion ?? GRAPH_DEFAULT_VERSION;
  const maxBytes = options.maxResponseBytes ?? GRAPH_MAX_RESPONSE_BYTES;
  const scrub = (text: string) => text.split(options.accessToken).join('***');

  return async (method, path, params = {}, body) => {
    const url = new URL(`${base}/${version}/${path.replace(/^\/+/, '')}`);
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    url.searchParams.set('access_token', options.accessToken);
    const where = `${options.label} ${method} ${redactUrl(url)}`;
    // httpJson hands back no headers on an error status, but Meta puts the throttling wait there.
    let seenHeaders: IncomingHttpHeaders | undefined;
    const dispatcher = captureHeaders(options.dispatcher ?? getGlobalDispatcher(), (headers) => {
      seenHeaders = headers;
    });
    try {
      const response = await httpJson(url.toString(), {
        method,
        ...(body !== undefined ? { body } : {}),
        timeoutMs: options.timeoutMs,
        maxBytes,
        describeError: describeGraphError,
        dispatcher,
      });
      const graphError = readGraphError(response.data);
      // A 2xx with an error envelope (a proxy rewriting statuses): the envelope is authoritative.
      if (graphError) throw graphFailure(graphError, response.status, where, response.data, response.headers);
      const rateLimit = rateLimitFromHeaders(response.headers);
      return { status: response.status, data: response.data, ...(rateLimit ? { rateLimit } : {}) };
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      const graphError = error.details.raw ? readGraphError(safeJson(error.details.raw)) : undefined;
      let rebuilt = error;
      if (graphError && error.details.status !== undefined) {
        rebuilt = graphFailure(graphError, error.details.status, where, undefined, seenHeaders, error);
      } else if (error.kind === 'rate_limited' && seenHeaders) {
        // A bare 429 without the envelope: the usage headers may still say how long.
        const wait = Math.max(error.details.retryAfterMs ?? 0, retryAfterFromUsage(seenHeaders) ?? 0);
        if (wait > 0)
          rebuilt = new ConnectorError(error.kind, error.message, { ...error.details, retryAfterMs: wait });
      }
      throw scrubError(rebuilt, scrub);
    }
  };
}

/** The same dispatcher, reporting each response's headers to `sink` (error statuses included). */
function captureHeaders(dispatcher: Dispatcher, sink: (headers: IncomingHttpHeaders) => void): Dispatcher {
  return dispatcher.compose(
    (dispatch) => (opts, handler) =>
      dispatch(opts, {
        onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
        onRequestUpgrade: (controller, status, headers, socket) =>
          handler.onRequestUpgrade?.(controller, status, headers, socket),
        onResponseStart: (controller, status, headers, message) => {
          sink(headers as IncomingHttpHeaders);
          return handler.onResponseStart?.(controller, status, headers, message);
        },
        onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
        onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
        onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
      }),
  );
}

/** The ConnectorError for a Graph error envelope: kind by code, wait from usage headers or Retry-After. */
function graphFailure(
  graph: TGraphError,
  status: number,
  where: string,
  data: unknown,
  headers: IncomingHttpHeaders | undefined,
  original?: ConnectorError,
): ConnectorError {
  const kind = graphErrorKind(graph, status);
  let retryAfterMs: number | undefined;
  if (kind === 'rate_limited') {
    const regain = headers ? (retryAfterFromUsage(headers) ?? 0) : 0;
    const said = Math.max(original?.details.retryAfterMs ?? 0, regain);
    retryAfterMs = said > 0 ? said : DEFAULT_THROTTLE_WAIT_MS;
  }
  const raw = original?.details.raw ?? capUtf8(JSON.stringify(data) ?? '');
  const base = errorForStatus(status, {
    where,
    platformMessage: formatGraphError(graph),
    raw,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    statusKinds: { [status]: kind },
  });
  return base;
}

/** The throttling wait the usage headers give (`estimated_time_to_regain_access`), in ms. */
export function retryAfterFromUsage(headers: IncomingHttpHeaders): number | undefined {
  const regain = parseGraphUsage(headers)?.regainAccessMs;
  return regain ? regain : undefined;
}

function scrubError(error: ConnectorError, scrub: (text: string) => string): ConnectorError {
  const message = scrub(error.message);
  const raw = error.details.raw !== undefined ? scrub(error.details.raw) : undefined;
  if (message === error.message && raw === error.details.raw) return error;
  return new ConnectorError(error.kind, message, { ...error.details, ...(raw !== undefined ? { raw } : {}) });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function safeJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Graph timestamps: ISO with a `+0000` offset (no colon), or Unix seconds in webhooks. */
export function parseGraphTime(value: string | number): Date | undefined {
  const date =
    typeof value === 'number'
      ? new Date(value * 1000)
      : new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A zod string that must be a Graph timestamp. */
export const ZGraphTime = z.string().refine((s) => parseGraphTime(s) !== undefined, 'not a Graph timestamp');
