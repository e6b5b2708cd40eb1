import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { httpJson, redactUrl } from './http-client.ts';
import { ConnectorError } from './types.ts';

/**
 * OAuth 2.0 access tokens from a refresh token (RFC 6749 §6): Google's expire after about an hour, X's
 * user-context tokens after two. A token source caches the access token until shortly before it expires and
 * shares one refresh among concurrent callers, so a poll and a publish never race two refreshes.
 */

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const X_TOKEN_URL = 'https://api.x.com/2/oauth2/token';

export interface TokenSourceOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  timeoutMs: number;
  /** `body`: client_id/client_secret in the form (Google); `basic`: HTTP Basic (X confidential clients). */
  clientAuth: 'body' | 'basic';
  /**
   * X rotates refresh tokens: each refresh answers a new one and the old one stops working. The source keeps
   * using the new one in memory; the caller must persist it (it is awaited, after the source has switched),
   * or a restart falls back to the configured, by then dead, refresh token.
   */
  onRotate?: (newRefreshToken: string) => void | Promise<void>;
  /** The rotated refresh token saved by `onRotate` before a restart, if any; read once, before the first refresh. */
  loadRotated?: () => Promise<string | null>;
  /** For tests: the clock (ms) that decides when a cached token has expired. */
  now?: () => number;
  dispatcher?: Dispatcher;
}

export interface TokenSource {
  /** A valid access token: the cached one, or a fresh one from the token endpoint. */
  get(): Promise<string>;
  /**
   * Drops the cached token after the API refused it (401). Pass the token that was refused, so a caller
   * holding an already-replaced token does not throw away the fresh one another caller fetched.
   */
  invalidate(rejected?: string): void;
}

/** Assumed lifetime when the endpoint omits `expires_in` (optional in RFC 6749); a 401 still invalidates. */
const DEFAULT_LIFETIME_S = 3_600;
/** Refresh this long before expiry (at most a tenth of the lifetime), so a token never dies mid-request. */
const EXPIRY_MARGIN_MS = 60_000;
const MAX_BYTES = 64 * 1024;

const ZTokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  token_type: z.string().optional(),
});

/** A failed refresh: connectors pass it on as is, never reading its status as one of their API's. */
export class TokenRefreshError extends ConnectorError {
  override name = 'TokenRefreshError';
}

const ZOAuthError = z.object({ error: z.string(), error_description: z.string().optional() });

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const now = options.now ?? Date.now;
  let refreshToken = options.refreshToken;
  let cached: { token: string; refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  let loaded = !options.loadRotated;

  /** Whatever the provider says, the credentials never reach a message. */
  const scrub = (text: string) =>
    [options.clientSecret, options.refreshToken, refreshToken].reduce(
      (t, secret) => (secret ? t.split(secret).join('***') : t),
      text,
    );

  async function refresh(): Promise<string> {
    if (!loaded) {
      refreshToken = (await options.loadRotated!()) ?? refreshToken;
      loaded = true;
    }
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (options.clientAuth === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
    } else {
      form.set('client_id', options.clientId);
      form.set('client_secret', options.clientSecret);
    }
    const where = `oauth token refresh: POST ${redactUrl(options.tokenUrl)}`;
    let data: unknown;
    try {
      const res = await httpJson(options.tokenUrl, {
        method: 'POST',
        body: form.toString(),
        headers,
        timeoutMs: options.timeoutMs,
        maxBytes: MAX_BYTES,
        describeError: describeOAuthError,
        // RFC 6749 §5.2: a refused grant or client is a 400; retrying cannot fix it, an operator must.
        statusKinds: { 400: 'auth' },
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      });
      data = res.data;
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      // A 2xx we could not read may hold a token: neither it nor the raw body goes anywhere.
      const kind = error.kind === 'malformed_page' ? 'transient' : error.kind;
      const message =
        error.kind === 'malformed_page'
          ? `${where}: unreadable answer`
          : `oauth token refresh: ${error.message}`;
      throw new TokenRefreshError(kind, scrub(message), {
        ...(error.details.status !== undefined ? { status: error.details.status } : {}),
        ...(error.details.retryAfterMs !== undefined ? { retryAfterMs: error.details.retryAfterMs } : {}),
      });
    }
    const parsed = ZTokenResponse.safeParse(data);
    if (!parsed.success) {
      throw new TokenRefreshError('transient', `${where}: the answer has no access_token`);
    }
    const { access_token: token, expires_in: lifetimeS = DEFAULT_LIFETIME_S } = parsed.data;
    const lifetimeMs = lifetimeS * 1000;
    cached = { token, refreshAt: now() + lifetimeMs - Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 10) };
    const rotated = parsed.data.refresh_token;
    if (rotated && rotated !== refreshToken) {
      refreshToken = rotated;
      await options.onRotate?.(rotated);
    }
    return token;
  }

  return {
    get() {
      if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
      inflight ??= refresh().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate(rejected) {
      if (rejected === undefined || cached?.token === rejected) cached = undefined;
    },
  };
}

const sources = new Map<string, TokenSource>();

/**
 * The worker builds a connector per job; this keeps one token source per channel and credential set, so
 * those instances share the cached token (and X's rotated refresh token). The map key carries a SHA-256
 * fingerprint of the credentials, never the credentials themselves; changed credentials replace the entry.
 */
export function tokenSourceFor(key: string, options: TokenSourceOptions): TokenSource {
  const fingerprint = createHash('sha256')
    .update([options.tokenUrl, options.clientAuth, options.clientId, options.refreshToken].join('\0'))
    .digest('hex');
  const id = `${key}\0${fingerprint}`;
  let source = sources.get(id);
  if (!source) {
    for (const other of sources.keys()) if (other.startsWith(`${key}\0`)) sources.delete(other);
    source = createTokenSource(options);
    sources.set(id, source);
  }
  return source;
}

/** For tests: forget every cached token source. */
export function clearTokenSources(): void {
  sources.clear();
}

function describeOAuthError(body: unknown) {
  const parsed = ZOAuthError.safeParse(body);
  if (!parsed.success) return undefined;
  const { error, error_description: description } = parsed.data;
  return { message: description ? `${error}: ${description}` : error };
}
