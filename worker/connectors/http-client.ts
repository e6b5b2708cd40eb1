import type { IncomingHttpHeaders } from 'node:http';
import { type Dispatcher, request } from 'undici';
import { ConnectorError, type ConnectorErrorKind } from './types.ts';

/** Raw bodies kept in errors and failures are capped at this many bytes (UTF-8). */
export const RAW_CAP_BYTES = 64 * 1024;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface PlatformErrorInfo {
  /** The platform's own explanation, e.g. Telegram's `description`. */
  message?: string;
  /** A wait the platform asked for in its body (Telegram's `parameters.retry_after`), in ms. */
  retryAfterMs?: number;
}

export interface HttpJsonOptions {
  method: HttpMethod;
  /** A string is sent as is; anything else is sent as JSON with `content-type: application/json`. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Whole request, headers and body included. */
  timeoutMs: number;
  /** Bodies larger than this are refused as `malformed_page`. */
  maxBytes: number;
  /** For tests (undici MockAgent) or a custom pool; the global dispatcher otherwise. */
  dispatcher?: Dispatcher;
  /** Reads the platform's message (and a body-level retry hint) out of an error body. */
  describeError?: (body: unknown) => PlatformErrorInfo | undefined;
  /** Extra status → kind mappings, e.g. `{ 404: 'auth' }` where a bad token answers 404. */
  statusKinds?: Readonly<Record<number, ConnectorErrorKind>>;
}

export interface HttpJsonResponse<T = unknown> {
  status: number;
  headers: IncomingHttpHeaders;
  data: T;
}

/**
 * One HTTP call that answers parsed JSON or throws a ConnectorError: network errors, timeouts and 5xx are
 * `transient`, 401/403 `auth`, 429 `rate_limited` (with `Retry-After`), an unreadable 2xx body (not JSON,
 * over `maxBytes`) `malformed_page` with the first 64 KiB in `details.raw`. No retries: the job retries.
 * Every message goes through `redactUrl`/`redactSecrets`, so a token in the URL never reaches a log.
 */
export async function httpJson<T = unknown>(
  url: string,
  options: HttpJsonOptions,
): Promise<HttpJsonResponse<T>> {
  const { method, timeoutMs, maxBytes } = options;
  const where = `${method} ${redactUrl(url)}`;
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    if (typeof options.body === 'string') body = options.body;
    else {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
  }

  const signal = AbortSignal.timeout(timeoutMs);
  let status: number;
  let responseHeaders: IncomingHttpHeaders;
  let read: CappedBody;
  try {
    const res = await request(url, {
      method,
      headers,
      body,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    status = res.statusCode;
    responseHeaders = res.headers;
    read = await readCapped(res.body, maxBytes);
  } catch (error) {
    if (error instanceof ConnectorError) throw error;
    const why = signal.aborted ? `timed out after ${timeoutMs} ms` : `network error: ${describeCause(error)}`;
    throw new ConnectorError('transient', `${where}: ${why}`);
  }

  const text = read.buffer.toString('utf8');
  if (status >= 200 && status < 300) {
    if (read.truncated) {
      throw new ConnectorError(
        'malformed_page',
        `${where}: response body over ${maxBytes} bytes, refused (${read.total}+ bytes read)`,
        { status, raw: capUtf8(read.buffer, RAW_CAP_BYTES) },
      );
    }
    try {
      return { status, headers: responseHeaders, data: JSON.parse(text) as T };
    } catch (error) {
      throw new ConnectorError(
        'malformed_page',
        `${where}: response is not valid JSON (${describeCause(error)})`,
        {
          status,
          raw: capUtf8(read.buffer, RAW_CAP_BYTES),
        },
      );
    }
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const info = { ...defaultDescribeError(parsed), ...options.describeError?.(parsed) };
  const retryAfterMs = info.retryAfterMs ?? parseRetryAfter(responseHeaders['retry-after']);
  throw errorForStatus(status, {
    where,
    platformMessage: info.message,
    raw: capUtf8(read.buffer, RAW_CAP_BYTES),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(options.statusKinds ? { statusKinds: options.statusKinds } : {}),
  });
}

/** The kind an HTTP (or platform `error_code`) status maps to; `undefined` for success. */
export function kindForStatus(
  status: number,
  statusKinds: Readonly<Record<number, ConnectorErrorKind>> = {},
): ConnectorErrorKind | undefined {
  const override = statusKinds[status];
  if (override) return override;
  if (status >= 200 && status < 300) return undefined;
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limited';
  // 5xx, 408 and anything else: the job retries with backoff and the channel shows the message meanwhile.
  return 'transient';
}

/** Builds the ConnectorError for a failed status; shared with connectors whose envelope carries the code. */
export function errorForStatus(
  status: number,
  context: {
    where: string;
    platformMessage?: string | undefined;
    retryAfterMs?: number;
    raw?: string;
    statusKinds?: Readonly<Record<number, ConnectorErrorKind>>;
  },
): ConnectorError {
  const kind = kindForStatus(status, context.statusKinds) ?? 'transient';
  const said = context.platformMessage ? `: ${redactSecrets(context.platformMessage).slice(0, 500)}` : '';
  const wait =
    kind === 'rate_limited' && context.retryAfterMs !== undefined
      ? ` (retry after ${context.retryAfterMs} ms)`
      : '';
  return new ConnectorError(kind, `${context.where}: HTTP ${status}${said}${wait}`, {
    status,
    ...(context.retryAfterMs !== undefined ? { retryAfterMs: context.retryAfterMs } : {}),
    ...(context.raw !== undefined ? { raw: context.raw } : {}),
  });
}

/** `Retry-After` as ms: delta-seconds or an HTTP date; `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Masks credentials in a URL: `/bot<token>/` path segments and `access_token=`, `token=` and `key=` (Google
 * API keys) query parameters.
 */
export function redactUrl(url: string | URL): string {
  return redactSecrets(String(url));
}

/** The same masking for any text that may quote a URL (error causes, platform messages). */
export function redactSecrets(text: string): string {
  return text
    .replace(/\/bot[^/?#\s]+/gi, '/bot***')
    .replace(
      /([?&;]|\b)(access_token|token|key)=[^&#\s"']*/gi,
      (_m, sep: string, key: string) => `${sep}${key}=***`,
    );
}

/** A UTF-8 buffer cut to at most `maxBytes`, never in the middle of a character. */
export function capUtf8(input: Buffer | string, maxBytes = RAW_CAP_BYTES): string {
  const buffer = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (buffer.length <= maxBytes) return buffer.toString('utf8');
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the cut character.
  while (end > 0 && ((buffer[end] ?? 0) & 0xc0) === 0x80) end--;
  return buffer.subarray(0, end).toString('utf8');
}

interface CappedBody {
  buffer: Buffer;
  /** Bytes received; when truncated, how far we read before giving up. */
  total: number;
  truncated: boolean;
}

async function readCapped(body: AsyncIterable<Buffer | Uint8Array | string>, maxBytes: number) {
  const chunks: Buffer[] = [];
  let total = 0;
  let truncated = false;
  for await (const chunk of body) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    total += buf.length;
    if (total > maxBytes) {
      truncated = true;
      // Keep what fits (for the raw excerpt) and stop reading: leaving the loop destroys the stream.
      const room = maxBytes - (total - buf.length);
      if (room > 0) chunks.push(buf.subarray(0, room));
      break;
    }
    chunks.push(buf);
  }
  return { buffer: Buffer.concat(chunks), total, truncated } satisfies CappedBody;
}

function defaultDescribeError(body: unknown): PlatformErrorInfo {
  if (!body || typeof body !== 'object') return {};
  const b = body as Record<string, unknown>;
  const nested =
    b.error && typeof b.error === 'object' ? (b.error as Record<string, unknown>).message : b.error;
  const message = [b.description, nested, b.message, b.detail].find((m) => typeof m === 'string');
  return typeof message === 'string' ? { message } : {};
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return redactSecrets(String(error));
  const code = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return redactSecrets(`${typeof code === 'string' ? `${code} ` : ''}${error.message}${cause}`).slice(0, 500);
}
