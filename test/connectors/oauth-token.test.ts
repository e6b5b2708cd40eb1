import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTanggapConfig } from '../../config/load-tanggap.ts';
import { connectorForChannel } from '../../worker/connectors/for-channel.ts';
import {
  clearTokenSources,
  createTokenSource,
  type TokenSourceOptions,
  tokenSourceFor,
} from '../../worker/connectors/oauth-token.ts';
import { type FakeX, startFakeX } from '../fakes/x-server.ts';
import { type FakeYouTube, startFakeYouTube } from '../fakes/youtube-server.ts';
import { rejection } from '../support/connector-assertions.ts';

const CLIENT = {
  clientId: '1234567890-fake.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-fake-client-SECRET-value',
  refreshToken: '1//0fake-REFRESH-token-value',
};
const agency = { channelId: 'UCpemkotBandung000000001', displayName: 'Pemkot Bandung' };

/** A clock shared by the token source and the fake server: time moves only when a test says so. */
function manualClock(start = Date.parse('2025-03-01T01:00:00Z')) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

describe('OAuth token source against the fake Google token endpoint', () => {
  let server: FakeYouTube;
  const clock = manualClock();

  beforeEach(async () => {
    server = await startFakeYouTube({ apiKey: 'AIzaFAKE', oauth: CLIENT, channel: agency, now: clock.now });
  });
  afterEach(async () => {
    await server.close();
  });

  function source(extra: Partial<TokenSourceOptions> = {}) {
    return createTokenSource({
      tokenUrl: `${server.url}/token`,
      ...CLIENT,
      clientAuth: 'body',
      timeoutMs: 5_000,
      now: clock.now,
      ...extra,
    });
  }

  it('refreshes on first use with the client credentials in the form', async () => {
    const tokens = source();
    expect(server.oauth.requests).toHaveLength(0);
    const token = await tokens.get();
    expect(token).toBe(server.oauth.issued[0]);
    expect(server.oauth.requests).toEqual([
      { grantType: 'refresh_token', refreshToken: CLIENT.refreshToken, clientAuth: 'body', status: 200 },
    ]);
  });

  it('caches the token until shortly before expires_in, then refreshes', async () => {
    const tokens = source();
    const first = await tokens.get();
    // Google's tokens live 3599 s; the source refreshes a minute early.
    clock.advance(3_500_000);
    expect(await tokens.get()).toBe(first);
    expect(server.oauth.requests).toHaveLength(1);
    clock.advance(60_000);
    const second = await tokens.get();
    expect(second).not.toBe(first);
    expect(second).toBe(server.oauth.issued[1]);
    expect(server.oauth.requests).toHaveLength(2);
  });

  it('shares one refresh among concurrent callers', async () => {
    const tokens = source();
    const all = await Promise.all(Array.from({ length: 8 }, () => tokens.get()));
    expect(new Set(all)).toEqual(new Set([server.oauth.issued[0]]));
    expect(server.oauth.requests).toHaveLength(1);
  });

  it('invalidate drops the refused token only', async () => {
    const tokens = source();
    const first = await tokens.get();
    tokens.invalidate(first);
    const second = await tokens.get();
    expect(second).not.toBe(first);
    // A caller still holding the first token reports it late: the fresh one stays.
    tokens.invalidate(first);
    expect(await tokens.get()).toBe(second);
    expect(server.oauth.requests).toHaveLength(2);
  });

  it('a revoked refresh token → auth with Google’s description and no secret', async () => {
    server.oauth.revokeRefreshToken();
    const error = await rejection(source().get());
    expect(error).toMatchObject({ kind: 'auth', details: { status: 400 } });
    expect(error.message).toContain('invalid_grant: Token has been expired or revoked.');
    for (const secret of [CLIENT.clientSecret, CLIENT.refreshToken])
      expect(error.message).not.toContain(secret);
    expect(error.details.raw).toBeUndefined();
  });

  it('a wrong client secret → auth (401 invalid_client)', async () => {
    const error = await rejection(source({ clientSecret: 'GOCSPX-WRONG-secret' }).get());
    expect(error).toMatchObject({ kind: 'auth', details: { status: 401 } });
    expect(error.message).toBe(
      `oauth token refresh: POST ${server.url}/token: HTTP 401: invalid_client: Unauthorized`,
    );
    expect(error.message).not.toContain('GOCSPX-WRONG-secret');
  });

  it('429 → rate_limited with Retry-After, 503 → transient, and a later call succeeds', async () => {
    server.oauth.failNext({
      status: 429,
      headers: { 'retry-after': '12' },
      body: { error: 'rate_limit_exceeded', error_description: 'Rate limit exceeded.' },
    });
    server.oauth.failNext({ status: 503, body: { error: 'temporarily_unavailable' } });
    const tokens = source();
    const limited = await rejection(tokens.get());
    expect(limited).toMatchObject({ kind: 'rate_limited', details: { status: 429, retryAfterMs: 12_000 } });
    expect(limited.message).toContain('Rate limit exceeded');
    expect(await rejection(tokens.get())).toMatchObject({ kind: 'transient', details: { status: 503 } });
    // Failures are not cached: the next job's call refreshes again.
    expect(await tokens.get()).toBe(server.oauth.issued[0]);
  });

  it('a 200 without access_token → transient, and the body (which may hold a token) stays out', async () => {
    server.oauth.failNext({ status: 200, body: { token_type: 'Bearer', id_token: 'eyJ-SECRET-ish' } });
    const error = await rejection(source().get());
    expect(error.kind).toBe('transient');
    expect(error.message).toContain('no access_token');
    expect(error.message).not.toContain('eyJ-SECRET-ish');
  });
});

describe('OAuth token source: timeouts', () => {
  let stall: Server;
  afterEach(async () => {
    stall.closeAllConnections();
    await new Promise((resolve) => stall.close(resolve));
  });

  it('a token endpoint that never answers → transient', async () => {
    stall = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((resolve) => stall.listen(0, '127.0.0.1', resolve));
    const { port } = stall.address() as AddressInfo;
    const error = await rejection(
      createTokenSource({
        tokenUrl: `http://127.0.0.1:${port}/token`,
        ...CLIENT,
        clientAuth: 'body',
        timeoutMs: 200,
      }).get(),
    );
    expect(error.kind).toBe('transient');
    expect(error.message).toContain('timed out after 200 ms');
  });
});

describe('OAuth token source against the fake X token endpoint', () => {
  const X_CLIENT = {
    clientId: 'rG9n6402A3dbUJKzXTNX4oWHJ',
    clientSecret: 'x-client-SECRET-value',
    refreshToken: 'x-REFRESH-token-0',
  };
  const xAgency = { id: '1000', username: 'DiskominfoKota', name: 'Diskominfo Kota' };
  let server: FakeX;
  const clock = manualClock();

  beforeEach(async () => {
    server = await startFakeX({
      bearerToken: 'app-bearer',
      oauth: X_CLIENT,
      agency: xAgency,
      now: clock.now,
    });
  });
  afterEach(async () => {
    await server.close();
  });

  it('after a restart, continues from the rotated refresh token the worker saved', async () => {
    const saved = new Map<string, string>();
    const store = {
      load: async (key: string) => saved.get(key) ?? null,
      save: async (key: string, token: string) => {
        saved.set(key, token);
      },
    };
    const options = (loadRotated?: () => Promise<string | null>) => ({
      tokenUrl: `${server.url}/2/oauth2/token`,
      ...X_CLIENT,
      clientAuth: 'basic' as const,
      timeoutMs: 5_000,
      onRotate: (t: string) => store.save('x-chan', t),
      ...(loadRotated ? { loadRotated } : {}),
    });
    await createTokenSource(options()).get();
    expect(saved.get('x-chan')).toBe(server.oauth.refreshToken);
    // A new process: without the saved token the configured one is dead; with it, refreshing works.
    await expect(createTokenSource(options()).get()).rejects.toMatchObject({ kind: 'auth' });
    await expect(createTokenSource(options(() => store.load('x-chan'))).get()).resolves.toMatch(/.+/);
    expect(server.oauth.requests.at(-1)).toMatchObject({ status: 200 });
  });

  it('follows the rotating refresh token across two refreshes, with HTTP Basic client auth', async () => {
    const rotated: string[] = [];
    const tokens = createTokenSource({
      tokenUrl: `${server.url}/2/oauth2/token`,
      ...X_CLIENT,
      clientAuth: 'basic',
      timeoutMs: 5_000,
      now: clock.now,
      onRotate: (t) => {
        rotated.push(t);
      },
    });
    const first = await tokens.get();
    expect(rotated).toEqual([server.oauth.refreshToken]);
    clock.advance(7_200_000);
    const second = await tokens.get();
    clock.advance(7_200_000);
    const third = await tokens.get();
    expect(new Set([first, second, third]).size).toBe(3);
    expect(server.oauth.requests.map((r) => [r.clientAuth, r.refreshToken, r.status])).toEqual([
      ['basic', X_CLIENT.refreshToken, 200],
      ['basic', rotated[0], 200],
      ['basic', rotated[1], 200],
    ]);
    expect(rotated).toHaveLength(3);

    // The configured refresh token was used up by the first rotation: X refuses it now.
    const stale = await rejection(
      createTokenSource({
        tokenUrl: `${server.url}/2/oauth2/token`,
        ...X_CLIENT,
        clientAuth: 'basic',
        timeoutMs: 5_000,
      }).get(),
    );
    expect(stale).toMatchObject({ kind: 'auth', details: { status: 400 } });
    expect(stale.message).toContain('Value passed for the token was invalid.');
    for (const secret of [X_CLIENT.clientSecret, X_CLIENT.refreshToken]) {
      expect(stale.message).not.toContain(secret);
    }
  });
});

describe('token sources shared per channel', () => {
  let server: FakeYouTube;
  const clock = manualClock();
  const ENV = {
    YT_CLIENT_ID: CLIENT.clientId,
    YT_CLIENT_SECRET: CLIENT.clientSecret,
    YT_REFRESH: CLIENT.refreshToken,
  };

  beforeEach(async () => {
    clearTokenSources();
    server = await startFakeYouTube({ apiKey: 'AIzaFAKE', oauth: CLIENT, channel: agency, now: clock.now });
  });
  afterEach(async () => {
    await server.close();
  });

  const config = () =>
    parseTanggapConfig(`
agencies:
  - { id: pemkot-bdg, name: Pemkot Bandung, kind: PPID_UTAMA, timeZone: Asia/Jakarta, slaPolicy: standar }
slaPolicies:
  standar: { firstResponseHours: { INFO_REQUEST: 24, COMPLAINT: 8, MISINFORMATION: 4, OTHER: 72 } }
channels:
  - id: yt-pemkot
    agency: pemkot-bdg
    platform: youtube
    account: Pemkot Bandung
    pollIntervalSeconds: 600
    apiBaseUrl: ${server.url}
    settings: { channelId: ${agency.channelId}, tokenUrl: ${server.url}/token }
    credentials: { clientId: YT_CLIENT_ID, clientSecret: YT_CLIENT_SECRET, refreshToken: YT_REFRESH }
`);

  it('per-job connectors of a channel share one cached token', async () => {
    server.addThread({ videoId: 'vidA', author: agency, text: 'x', at: new Date(clock.now() - 60_000) });
    const c = config();
    await connectorForChannel(c, 'yt-pemkot', ENV).fetchSince(null);
    await connectorForChannel(c, 'yt-pemkot', ENV).fetchSince(null);
    expect(server.oauth.requests).toHaveLength(1);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${server.oauth.issued[0]}`,
      `Bearer ${server.oauth.issued[0]}`,
    ]);
  });

  it('keys by credential: a changed refresh token gets its own source', () => {
    const options: TokenSourceOptions = {
      tokenUrl: `${server.url}/token`,
      ...CLIENT,
      clientAuth: 'body',
      timeoutMs: 5_000,
    };
    const a = tokenSourceFor('yt-pemkot', options);
    expect(tokenSourceFor('yt-pemkot', { ...options })).toBe(a);
    expect(tokenSourceFor('yt-pemkot', { ...options, refreshToken: 'another' })).not.toBe(a);
    expect(tokenSourceFor('yt-other', options)).not.toBe(a);
  });
});
