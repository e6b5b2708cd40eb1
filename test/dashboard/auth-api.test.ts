import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startSystem, TEST_PASSWORD } from '../support/system.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

describe('auth API: JSON login, error shape, lockout, login CSRF', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${system.dashboard.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    ctx = await createTestContext('authapi');
    system = await startSystem(ctx, { worker: false });
    await createUser(ctx, 'validator-a', 'VALIDATOR', 'dinas');
    await createUser(ctx, 'korban', 'AGENT', 'dinas');
  });
  afterAll(async () => {
    await system?.stop();
    await ctx?.cleanup();
  });

  it('logs in with JSON and returns the user and a session cookie', async () => {
    const res = await post('/api/auth/login', { username: 'validator-a', password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect((await res.json()).user).toMatchObject({
      username: 'validator-a',
      role: 'VALIDATOR',
      agencyId: 'dinas',
    });
    expect(res.headers.get('set-cookie')).toMatch(/tanggap_sid=.+HttpOnly/i);
    expect(
      await ctx.prisma.auditEvent.count({ where: { action: 'auth.login', entityId: 'validator-a' } }),
    ).toBe(1);
  });

  it('names the missing field and keeps one error shape', async () => {
    const res = await post('/api/auth/login', { username: 'validator-a' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'invalid_input', message: expect.any(String), field: 'password' },
    });
    const bad = await post('/api/auth/login', '{"username":');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBeTypeOf('string');
  });

  it('locks an account after five failed attempts, even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await post('/api/auth/login', { username: 'korban', password: `salah-${i}` });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('bad_credentials');
    }
    const locked = await post('/api/auth/login', { username: 'korban', password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect((await locked.json()).error.code).toBe('locked');
    expect(
      await ctx.prisma.auditEvent.count({ where: { action: 'auth.login_failed', entityId: 'korban' } }),
    ).toBe(5);
  });

  it('rejects a login posted from another site', async () => {
    const res = await post(
      '/api/auth/login',
      { username: 'validator-a', password: TEST_PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('csrf');
  });
});
