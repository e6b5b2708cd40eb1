import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiUser, apiAs } from '../support/api-client.ts';
import { createOtherAgency, createUser, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

const ROLES = ['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN'] as const;
type Role = (typeof ROLES)[number];
const PAGES = new Set(['/', '/admin', '/kasus/:id', '/validasi', '/sla', '/hoaks', '/kanal']);

/**
 * Every route the app answers × every role × own / other agency → the status the route's declared roles
 * imply. Routes come from the live Express router, so a route added without thought fails here.
 */
describe('authorisation matrix', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  const own = new Map<Role, ApiUser>();
  const other = new Map<Role, ApiUser>();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await createTestContext('authz');
    system = await startSystem(ctx, { worker: false });
    await createOtherAgency(ctx);
    for (const role of ROLES) {
      await createUser(ctx, `own-${role.toLowerCase()}`, role, 'dinas');
      await createUser(ctx, `other-${role.toLowerCase()}`, role, 'lain');
      own.set(role, await apiAs(system.dashboard.url, `own-${role.toLowerCase()}`));
      other.set(role, await apiAs(system.dashboard.url, `other-${role.toLowerCase()}`));
    }
    const drafter = await createUser(ctx, 'drafter', 'AGENT', 'dinas');
    const kase = await ctx.prisma.case.create({
      data: {
        agencyId: 'dinas',
        channelId: 'tg-dinas',
        threadKey: 'tg:1',
        openKey: 'tg-dinas:tg:1',
        category: 'INFO_REQUEST',
        subject: 'Syarat KTP?',
        openedAt: new Date(),
      },
    });
    const reply = await ctx.prisma.reply.create({
      data: { caseId: kase.id, authorId: drafter.id, text: 'Jawaban' },
    });
    const request = await ctx.prisma.informationRequest.create({
      data: {
        caseId: kase.id,
        agencyId: 'dinas',
        year: 2026,
        seq: 1,
        registerNumber: 'PPID/DINAS/2026/00001',
        requestedAt: new Date(),
      },
    });
    const failure = await ctx.prisma.processingFailure.create({
      data: { channelId: 'tg-dinas', dedupeKey: 'page:matrix', reason: 'unreadable page', raw: '{' },
    });
    const rumour = await ctx.prisma.message.create({
      data: {
        channelId: 'tg-dinas',
        externalId: 'rumour-1',
        direction: 'INBOUND',
        kind: 'DM',
        threadKey: 'tg:2',
        text: 'Sebarkan! Ada BLT 600 ribu lewat link ini',
        raw: {},
        postedAt: new Date(),
      },
    });
    await ctx.prisma.emergingCluster.create({
      data: {
        id: 'c1',
        representativeText: rumour.text,
        members: { create: [{ messageId: rumour.id, similarity: 1 }] },
      },
    });
    Object.assign(ids, {
      'emerging-clusters': 'c1',
      failures: failure.id,
      cases: kase.id,
      kasus: kase.id,
      replies: reply.id,
      'information-requests': request.id,
      users: drafter.id,
    });
  });
  afterAll(async () => {
    await system?.stop();
    await ctx?.cleanup();
  });

  function concretePath(path: string): string {
    return path.replace(
      /\/([\w-]+)\/:id/,
      (_m, collection: string) => `/${collection}/${ids[collection] ?? 'unknown'}`,
    );
  }

  async function call(user: ApiUser | null, method: string, path: string) {
    const headers: Record<string, string> = {};
    if (user) headers.cookie = user.cookie;
    if (method !== 'get') {
      headers['content-type'] = 'application/json';
      if (user)
        headers['x-csrf-token'] = (
          await (
            await fetch(`${system.dashboard.url}/api/auth/session`, { headers: { cookie: user.cookie } })
          ).json()
        ).csrfToken;
    }
    const res = await fetch(`${system.dashboard.url}${path}`, {
      method: method.toUpperCase(),
      headers,
      redirect: 'manual',
      ...(method !== 'get' ? { body: '{}' } : {}),
    });
    await res.arrayBuffer();
    return res.status;
  }

  it('covers every route, and every route is in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${system.dashboard.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { 'x-roles': Role[] | 'public' }>>;
    };
    const routes = system.dashboard.routes;
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const documented = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method];
      expect(documented, `${route.method.toUpperCase()} ${route.path} missing from OpenAPI`).toBeDefined();
    }
  });

  it('answers each route × role × agency as its declared roles say', async () => {
    const doc = (await (await fetch(`${system.dashboard.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { 'x-roles': Role[] | 'public' }>>;
    };
    const failures: string[] = [];
    const expectStatus = (label: string, actual: number, ok: (s: number) => boolean, want: string) => {
      if (!ok(actual)) failures.push(`${label}: got ${actual}, want ${want}`);
    };
    for (const route of system.dashboard.routes) {
      const roles = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]![route.method]!['x-roles'];
      const path = concretePath(route.path);
      const label = `${route.method.toUpperCase()} ${route.path}`;
      const isLogout = route.path.endsWith('/logout');
      if (roles === 'public') {
        expectStatus(
          `${label} anonymous`,
          await call(null, route.method, path),
          (s) => s !== 401 && s !== 403,
          'not 401/403',
        );
        continue;
      }
      const anonymous = await call(null, route.method, path);
      if (PAGES.has(route.path))
        expectStatus(`${label} anonymous`, anonymous, (s) => s === 303, '303 to /login');
      else expectStatus(`${label} anonymous`, anonymous, (s) => s === 401 || (isLogout && s === 403), '401');
      for (const role of ROLES) {
        const allowed = roles.includes(role);
        // Logging out ends the session; use a throwaway one.
        const me = isLogout ? await apiAs(system.dashboard.url, `own-${role.toLowerCase()}`) : own.get(role)!;
        const mine = await call(me, route.method, path);
        if (!allowed) expectStatus(`${label} ${role} own`, mine, (s) => s === 403, '403');
        else expectStatus(`${label} ${role} own`, mine, (s) => ![401, 403, 404].includes(s), 'allowed');
        if (route.path.includes(':id') && !isLogout) {
          const theirs = await call(other.get(role)!, route.method, path);
          expectStatus(
            `${label} ${role} other agency`,
            theirs,
            (s) => s === (allowed ? 404 : 403),
            allowed ? '404' : '403',
          );
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
