import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiUser, apiAs } from '../support/api-client.ts';
import { createOtherAgency, createUser, startSystem, TEST_PASSWORD } from '../support/system.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

describe('admin users API: scope, validation, audit, never a password', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let provAdmin: ApiUser;
  let dinasAdmin: ApiUser;
  let supervisor: ApiUser;
  const NEW_PASSWORD = 'kata-sandi-baru-2026';

  const jsonLogin = (username: string, password: string) =>
    fetch(`${system.dashboard.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    }).then((r) => r.status);

  beforeAll(async () => {
    ctx = await createTestContext('adminusers');
    system = await startSystem(ctx, { worker: false });
    await createOtherAgency(ctx);
    await createUser(ctx, 'admin-prov', 'ADMIN', 'prov');
    await createUser(ctx, 'admin-dinas', 'ADMIN', 'dinas');
    await createUser(ctx, 'sup', 'SUPERVISOR', 'prov');
    await createUser(ctx, 'agen-dinas', 'AGENT', 'dinas');
    await createUser(ctx, 'agen-lain', 'AGENT', 'lain');
    [provAdmin, dinasAdmin, supervisor] = await Promise.all([
      apiAs(system.dashboard.url, 'admin-prov'),
      apiAs(system.dashboard.url, 'admin-dinas'),
      apiAs(system.dashboard.url, 'sup'),
    ]);
  });
  afterAll(async () => {
    await system?.stop();
    await ctx?.cleanup();
  });

  it('lists the users of the admin’s agency subtree, without password hashes', async () => {
    const res = await provAdmin.get('/api/admin/users');
    expect(res.status).toBe(200);
    const names = res.body.users.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['admin-prov', 'admin-dinas', 'sup', 'agen-dinas']));
    expect(names).not.toContain('agen-lain');
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|argon2/);
    expect(res.body.users[0]).toEqual({
      id: expect.any(String),
      username: expect.any(String),
      displayName: expect.any(String),
      role: expect.any(String),
      agencyId: expect.any(String),
      active: true,
      createdAt: expect.any(String),
    });

    const dinas = await dinasAdmin.get('/api/admin/users');
    expect(new Set(dinas.body.users.map((u: { agencyId: string }) => u.agencyId))).toEqual(
      new Set(['dinas']),
    );
    expect((await supervisor.get('/api/admin/users')).status).toBe(403);
  });

  it('creates a user who can then log in, and audits it without the password', async () => {
    const res = await provAdmin.post('/api/admin/users', {
      username: 'budi.s',
      displayName: 'Budi Santoso',
      role: 'VALIDATOR',
      agencyId: 'dinas',
      password: NEW_PASSWORD,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      username: 'budi.s',
      role: 'VALIDATOR',
      agencyId: 'dinas',
      active: true,
    });
    expect(res.body.passwordHash).toBeUndefined();
    expect(await jsonLogin('budi.s', NEW_PASSWORD)).toBe(200);

    const audit = await ctx.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'admin.user_created', entityId: res.body.id },
    });
    expect(audit).toMatchObject({ actorId: provAdmin.user.id, agencyId: 'dinas', entityType: 'User' });
    expect(audit.data).toMatchObject({
      before: null,
      after: { username: 'budi.s', displayName: 'Budi Santoso', role: 'VALIDATOR', agencyId: 'dinas' },
    });
    expect(JSON.stringify(audit.data)).not.toMatch(new RegExp(`${NEW_PASSWORD}|password|argon2`, 'i'));
  });

  it('refuses a taken username, bad input, foreign agencies and non-admins', async () => {
    const base = { displayName: 'Siti', role: 'AGENT', agencyId: 'dinas', password: NEW_PASSWORD };
    const taken = await provAdmin.post('/api/admin/users', { ...base, username: 'agen-dinas' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'username_taken', field: 'username' });

    for (const username of ['ab', 'Siti Aminah', 'UPPER', `a${'b'.repeat(32)}`, '-siti']) {
      const bad = await provAdmin.post('/api/admin/users', { ...base, username });
      expect(bad.status, username).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'invalid_input', field: 'username' });
    }
    const weak = await provAdmin.post('/api/admin/users', {
      ...base,
      username: 'siti',
      password: 'pendek123',
    });
    expect(weak.body.error).toMatchObject({ code: 'invalid_input', field: 'password' });
    const role = await provAdmin.post('/api/admin/users', { ...base, username: 'siti', role: 'ROOT' });
    expect(role.body.error.field).toBe('role');

    // An admin of the office below cannot create users in the parent, nor anywhere outside the tree.
    for (const agencyId of ['prov', 'lain', 'tidak-ada']) {
      const foreign = await dinasAdmin.post('/api/admin/users', { ...base, username: 'siti', agencyId });
      expect(foreign.status).toBe(403);
      expect(foreign.body.error).toMatchObject({ code: 'forbidden_agency', field: 'agencyId' });
    }
    expect((await supervisor.post('/api/admin/users', { ...base, username: 'siti' })).status).toBe(403);
    expect(await ctx.prisma.user.count({ where: { username: 'siti' } })).toBe(0);
  });

  it('updates name, role, password and active flag, auditing before and after', async () => {
    const target = await createUser(ctx, 'dewi', 'AGENT', 'dinas');
    const path = `/api/admin/users/${target.id}`;

    const renamed = await dinasAdmin.patch(path, { displayName: 'Dewi Lestari', role: 'VALIDATOR' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ displayName: 'Dewi Lestari', role: 'VALIDATOR', active: true });
    expect(renamed.body.passwordHash).toBeUndefined();

    const password = await dinasAdmin.patch(path, { password: NEW_PASSWORD });
    expect(password.status).toBe(200);
    expect(await jsonLogin('dewi', TEST_PASSWORD)).toBe(401);
    expect(await jsonLogin('dewi', NEW_PASSWORD)).toBe(200);

    const off = await dinasAdmin.patch(path, { active: false });
    expect(off.body.active).toBe(false);
    expect(await jsonLogin('dewi', NEW_PASSWORD)).toBe(401);

    const audits = await ctx.prisma.auditEvent.findMany({
      where: { action: 'admin.user_updated', entityId: target.id },
      orderBy: { id: 'asc' },
    });
    expect(audits.map((a) => a.data)).toEqual([
      expect.objectContaining({
        before: expect.objectContaining({ displayName: 'dewi', role: 'AGENT' }),
        after: expect.objectContaining({ displayName: 'Dewi Lestari', role: 'VALIDATOR' }),
        passwordChanged: false,
      }),
      expect.objectContaining({ passwordChanged: true }),
      expect.objectContaining({
        before: expect.objectContaining({ active: true }),
        after: expect.objectContaining({ active: false }),
      }),
    ]);
    for (const a of audits) {
      expect(a.actorId).toBe(dinasAdmin.user.id);
      expect(JSON.stringify(a.data)).not.toMatch(new RegExp(`${NEW_PASSWORD}|passwordHash|argon2`));
    }
  });

  it('hides users outside the admin’s scope and refuses empty or unknown changes and self-lockout', async () => {
    const foreign = await ctx.prisma.user.findUniqueOrThrow({ where: { username: 'agen-lain' } });
    const hidden = await provAdmin.patch(`/api/admin/users/${foreign.id}`, { displayName: 'Diambil alih' });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('not_found');
    expect((await provAdmin.patch(`/api/admin/users/${foreign.id}`, {})).status).toBe(404);
    const provUser = await ctx.prisma.user.findUniqueOrThrow({ where: { username: 'sup' } });
    expect((await dinasAdmin.patch(`/api/admin/users/${provUser.id}`, { active: false })).status).toBe(404);
    expect((await provAdmin.patch('/api/admin/users/tidak-ada', { active: false })).status).toBe(404);

    const target = await ctx.prisma.user.findUniqueOrThrow({ where: { username: 'agen-dinas' } });
    expect((await provAdmin.patch(`/api/admin/users/${target.id}`, {})).status).toBe(400);
    expect((await provAdmin.patch(`/api/admin/users/${target.id}`, { agencyId: 'prov' })).status).toBe(400);
    expect(
      (await provAdmin.patch(`/api/admin/users/${target.id}`, { password: 'pendek' })).body.error.field,
    ).toBe('password');

    const self = await provAdmin.patch(`/api/admin/users/${provAdmin.user.id}`, { active: false });
    expect(self.status).toBe(409);
    expect(self.body.error).toMatchObject({ code: 'self_lockout', field: 'active' });
    expect((await provAdmin.patch(`/api/admin/users/${provAdmin.user.id}`, { role: 'AGENT' })).status).toBe(
      409,
    );
    expect(
      (await provAdmin.patch(`/api/admin/users/${provAdmin.user.id}`, { displayName: 'Admin Provinsi' }))
        .status,
    ).toBe(200);
  });
});
