import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectSocket,
  createOtherAgency,
  createUser,
  getJson,
  login,
  startSystem,
} from '../support/system.ts';
import { createTestContext, type TestContext, waitUntil } from '../support/test-context.ts';

describe('dashboard access: health, sessions, agency scope', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;

  beforeAll(async () => {
    ctx = await createTestContext('access');
    system = await startSystem(ctx);
    await createOtherAgency(ctx);
    await createUser(ctx, 'agen-dinas', 'AGENT', 'dinas');
    await createUser(ctx, 'agen-lain', 'AGENT', 'lain');
    await createUser(ctx, 'sup-prov', 'SUPERVISOR', 'prov');
  });
  afterAll(async () => {
    await system?.stop();
    await ctx?.cleanup();
  });

  it('reports the database and Redis in /healthz', async () => {
    expect(await getJson(`${system.dashboard.url}/healthz`)).toEqual({
      status: 200,
      body: { db: 'ok', redis: 'ok' },
    });
  });

  it('refuses the API and sockets without a session', async () => {
    expect((await getJson(`${system.dashboard.url}/api/cases`)).status).toBe(401);
    const socket = io(system.dashboard.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toBe('unauthorized');
    socket.close();
  });

  it('lets each user see only the cases of their agency subtree, in the API and live', async () => {
    const dinas = await connectSocket(system.dashboard.url, await login(system.dashboard.url, 'agen-dinas'));
    const prov = await connectSocket(system.dashboard.url, await login(system.dashboard.url, 'sup-prov'));
    const lainCookie = await login(system.dashboard.url, 'agen-lain');
    const lain = await connectSocket(system.dashboard.url, lainCookie);

    system.telegram.pushMessage({
      from: { id: 77, firstName: 'Tono' },
      text: 'Bagaimana cara mengurus akta kelahiran?',
    });
    await waitUntil(async () => dinas.events.length > 0 && prov.events.length > 0, {
      what: 'events in both rooms',
    });
    expect(dinas.events[0]!.case.agencyId).toBe('dinas');
    expect(prov.events[0]!.case.id).toBe(dinas.events[0]!.case.id);

    const own = await getJson(`${system.dashboard.url}/api/cases`, lainCookie);
    expect(own.body.cases).toEqual([]);
    expect(lain.events).toEqual([]);
    for (const c of [dinas, prov, lain]) c.socket.close();
  });

  it('ends the session on logout, which needs the CSRF token', async () => {
    const cookie = await login(system.dashboard.url, 'agen-dinas');
    const session = await getJson(`${system.dashboard.url}/api/auth/session`, cookie);
    const csrfToken = session.body.csrfToken as string;
    expect(csrfToken).toMatch(/^[\w-]{20,}$/);
    const forged = await fetch(`${system.dashboard.url}/logout`, {
      method: 'POST',
      headers: { cookie },
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toEqual({
      error: { code: 'csrf', message: expect.stringContaining('CSRF') },
    });
    expect((await getJson(`${system.dashboard.url}/api/cases`, cookie)).status).toBe(200);
    const real = await fetch(`${system.dashboard.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(real.status).toBe(204);
    expect((await getJson(`${system.dashboard.url}/api/cases`, cookie)).status).toBe(401);
  });

  it('drops the sessions of a deactivated user and applies a role change at once', async () => {
    const cookie = await login(system.dashboard.url, 'agen-lain');
    expect((await getJson(`${system.dashboard.url}/api/failures`, cookie)).status).toBe(403);
    await ctx.prisma.user.update({ where: { username: 'agen-lain' }, data: { role: 'ADMIN' } });
    expect((await getJson(`${system.dashboard.url}/api/failures`, cookie)).status).toBe(200);
    await ctx.prisma.user.update({ where: { username: 'agen-lain' }, data: { active: false } });
    expect((await getJson(`${system.dashboard.url}/api/cases`, cookie)).status).toBe(401);
  });
});
