import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The refresh-token grant of an OAuth 2.0 token endpoint (RFC 6749 §6), for the fake YouTube and X servers.
 * `google` answers like oauth2.googleapis.com/token: client credentials in the form, the refresh token kept,
 * `invalid_grant` "Token has been expired or revoked." for a revoked one. `x` answers like
 * api.x.com/2/oauth2/token for a confidential client: HTTP Basic client authentication, a new refresh token
 * on every refresh (the used one stops working), `invalid_request` "Value passed for the token was invalid."
 * for a refresh token it does not know.
 */

export interface FakeOAuthClient {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Lifetime of issued access tokens (`expires_in`); Google's are 3599 s, X's 7200 s. */
  lifetimeSeconds?: number;
}

export interface TokenRequest {
  grantType: string | null;
  refreshToken: string | null;
  clientAuth: 'basic' | 'body' | 'none';
  status: number;
}

export interface CannedTokenResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeTokenIssuer {
  /** The refresh token the endpoint accepts now (X rotates it on each refresh). */
  readonly refreshToken: string;
  /** Every request to the token endpoint, in order. */
  readonly requests: TokenRequest[];
  /** Access tokens issued so far, in order. */
  readonly issued: string[];
  /** The refresh token stops working, as when the user revokes the app's access. */
  revokeRefreshToken(): void;
  /** Every issued access token stops working at once (the API answers 401), whatever its expiry. */
  expireAccessTokens(): void;
  setLifetime(seconds: number): void;
  /** The next token request gets this response instead; several queue in order. */
  failNext(response: CannedTokenResponse): void;
  /** `valid` for a live issued token, `expired` for one past its lifetime, `unknown` otherwise. */
  check(accessToken: string): 'valid' | 'expired' | 'unknown';
  /** Answers one token request: status, JSON body, extra headers. */
  exchange(headers: IncomingHttpHeaders, body: string): [number, unknown, Record<string, string>];
}

export function createTokenIssuer(options: {
  style: 'google' | 'x';
  client: FakeOAuthClient;
  now: () => number;
}): FakeTokenIssuer {
  const { style, client, now } = options;
  let lifetime = client.lifetimeSeconds ?? (style === 'google' ? 3_599 : 7_200);
  let refreshToken: string | null = client.refreshToken;
  const expiries = new Map<string, number>();
  const requests: TokenRequest[] = [];
  const issued: string[] = [];
  const canned: CannedTokenResponse[] = [];

  function basicCredentials(headers: IncomingHttpHeaders): [string, string] | undefined {
    const encoded = /^Basic (.+)$/i.exec(headers.authorization ?? '')?.[1];
    if (!encoded) return undefined;
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
  }

  function exchange(headers: IncomingHttpHeaders, text: string): [number, unknown, Record<string, string>] {
    const form = new URLSearchParams(
      (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ? text : '',
    );
    const basic = basicCredentials(headers);
    const record: TokenRequest = {
      grantType: form.get('grant_type'),
      refreshToken: form.get('refresh_token'),
      clientAuth: basic ? 'basic' : form.has('client_secret') ? 'body' : 'none',
      status: 0,
    };
    requests.push(record);
    const answer = (status: number, body: unknown, extra: Record<string, string> = {}) => {
      record.status = status;
      return [status, body, extra] as [number, unknown, Record<string, string>];
    };
    const next = canned.shift();
    if (next) return answer(next.status, next.body ?? null, next.headers);

    const [id, secret] = basic ?? [form.get('client_id'), form.get('client_secret')];
    if (id !== client.clientId || secret !== client.clientSecret || (style === 'x' && !basic)) {
      return style === 'google'
        ? answer(401, { error: 'invalid_client', error_description: 'Unauthorized' })
        : answer(401, {
            error: 'unauthorized_client',
            error_description: 'Missing valid authorization header',
          });
    }
    if (record.grantType !== 'refresh_token') {
      return answer(400, {
        error: 'unsupported_grant_type',
        error_description: `Invalid grant_type: ${record.grantType ?? ''}`,
      });
    }
    if (refreshToken === null || record.refreshToken !== refreshToken) {
      return style === 'google'
        ? answer(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' })
        : answer(400, {
            error: 'invalid_request',
            error_description: 'Value passed for the token was invalid.',
          });
    }
    const accessToken = `${style === 'google' ? 'ya29.' : ''}fake-access-${issued.length + 1}-${randomBytes(6).toString('hex')}`;
    issued.push(accessToken);
    expiries.set(accessToken, now() + lifetime * 1000);
    if (style === 'google') {
      return answer(200, {
        access_token: accessToken,
        expires_in: lifetime,
        scope: 'https://www.googleapis.com/auth/youtube.force-ssl',
        token_type: 'Bearer',
      });
    }
    refreshToken = `fake-refresh-${issued.length + 1}-${randomBytes(6).toString('hex')}`;
    return answer(200, {
      token_type: 'bearer',
      expires_in: lifetime,
      access_token: accessToken,
      scope: 'tweet.read tweet.write users.read offline.access',
      refresh_token: refreshToken,
    });
  }

  return {
    get refreshToken() {
      return refreshToken ?? '';
    },
    requests,
    issued,
    revokeRefreshToken() {
      refreshToken = null;
    },
    expireAccessTokens() {
      for (const token of expiries.keys()) expiries.set(token, Number.NEGATIVE_INFINITY);
    },
    setLifetime(seconds) {
      lifetime = seconds;
    },
    failNext(response) {
      canned.push(response);
    },
    check(accessToken) {
      const expiry = expiries.get(accessToken);
      if (expiry === undefined) return 'unknown';
      return now() < expiry ? 'valid' : 'expired';
    },
    exchange,
  };
}
