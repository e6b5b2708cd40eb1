import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, seedDefaultTemplates } from '../../core/replies/default-templates.ts';
import {
  renderTemplate,
  TEMPLATE_VARIABLES,
  unknownPlaceholders,
} from '../../core/replies/render-template.ts';
import { type ApiUser, apiAs } from '../support/api-client.ts';
import { createUser, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

describe('renderTemplate', () => {
  const vars = {
    nama: 'Bu Ani',
    nomor_register: 'PPID/DINAS/2026/00007',
    tautan: 'https://ppid.example.go.id/klarifikasi/1',
    instansi: 'Dinas Kominfo',
  };

  it('fills the four variables, also repeated and with spaces inside the braces', () => {
    expect(
      renderTemplate(
        'Halo {{nama}}, nomor {{ nomor_register }} di {{instansi}}: {{tautan}}. Salam {{nama}}.',
        vars,
      ),
    ).toBe(
      'Halo Bu Ani, nomor PPID/DINAS/2026/00007 di Dinas Kominfo: https://ppid.example.go.id/klarifikasi/1. Salam Bu Ani.',
    );
  });

  it('leaves unknown placeholders and missing values visible for the validator', () => {
    expect(renderTemplate('Halo {{nama}}, {{nma}} {{tanggal}}', vars)).toBe(
      'Halo Bu Ani, {{nma}} {{tanggal}}',
    );
    expect(renderTemplate('Halo {{nama}}, lihat {{tautan}}', { nama: 'Pak Budi', tautan: '  ' })).toBe(
      'Halo Pak Budi, lihat {{tautan}}',
    );
    expect(renderTemplate('{{instansi}}', { instansi: null })).toBe('{{instansi}}');
    expect(unknownPlaceholders('{{nama}} {{nma}} {{ tanggal }} {{nma}}')).toEqual(['nma', 'tanggal']);
  });

  it('inserts values as plain text, once: no markup, no re-expansion, no $-patterns', () => {
    expect(renderTemplate('Halo {{nama}}!', { nama: '<b>{{tautan}}</b> $& $1' })).toBe(
      'Halo <b>{{tautan}}</b> $& $1!',
    );
    expect(renderTemplate('Tanpa variabel.', vars)).toBe('Tanpa variabel.');
  });

  it('ships at least six Indonesian defaults that use only known variables', () => {
    expect(DEFAULT_TEMPLATES.length).toBeGreaterThanOrEqual(6);
    expect(new Set(DEFAULT_TEMPLATES.map((t) => t.key)).size).toBe(DEFAULT_TEMPLATES.length);
    for (const t of DEFAULT_TEMPLATES) {
      expect(unknownPlaceholders(t.body), t.key).toEqual([]);
      const rendered = renderTemplate(t.body, vars);
      expect(rendered, t.key).not.toMatch(/\{\{/);
    }
    const registered = DEFAULT_TEMPLATES.find((t) => t.key === 'permintaan-informasi-diregistrasi')!;
    expect(registered.body).toContain('{{nomor_register}}');
    expect(registered.body).toMatch(/10 \(sepuluh\) hari kerja/);
    expect(registered.body).toMatch(/UU No\. 14 Tahun 2008/);
    expect(DEFAULT_TEMPLATES.find((t) => t.key === 'klarifikasi-hoaks')!.body).toContain('{{tautan}}');
    expect(DEFAULT_TEMPLATES.find((t) => t.key === 'mohon-data-tambahan')!.body).toMatch(/DM/);
    expect(TEMPLATE_VARIABLES).toEqual(['nama', 'nomor_register', 'tautan', 'instansi']);
  });
});

describe('reply templates: seeding and API', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let dinasAdmin: ApiUser;
  let dinasAgent: ApiUser;
  let provValidator: ApiUser;

  beforeAll(async () => {
    ctx = await createTestContext('templates');
    system = await startSystem(ctx, { worker: false });
    await createUser(ctx, 'admin-dinas', 'ADMIN', 'dinas');
    await createUser(ctx, 'agen-dinas', 'AGENT', 'dinas');
    await createUser(ctx, 'val-prov', 'VALIDATOR', 'prov');
    [dinasAdmin, dinasAgent, provValidator] = await Promise.all([
      apiAs(system.dashboard.url, 'admin-dinas'),
      apiAs(system.dashboard.url, 'agen-dinas'),
      apiAs(system.dashboard.url, 'val-prov'),
    ]);
  });
  afterAll(async () => {
    await system?.stop();
    await ctx?.cleanup();
  });

  it('seeds the defaults idempotently, also when run twice at once, and refreshes edited text', async () => {
    const results = await Promise.all([seedDefaultTemplates(ctx.prisma), seedDefaultTemplates(ctx.prisma)]);
    expect(results.map((r) => r.created).sort()).toEqual([0, DEFAULT_TEMPLATES.length]);
    expect(await ctx.prisma.replyTemplate.count({ where: { agencyId: null } })).toBe(
      DEFAULT_TEMPLATES.length,
    );
    expect(await seedDefaultTemplates(ctx.prisma)).toEqual({ created: 0, updated: 0 });
    await ctx.prisma.replyTemplate.updateMany({
      where: { agencyId: null, key: 'jawaban-selesai' },
      data: { body: 'diubah' },
    });
    expect(await seedDefaultTemplates(ctx.prisma)).toEqual({ created: 0, updated: 1 });
    expect(await ctx.prisma.replyTemplate.count({ where: { agencyId: null } })).toBe(
      DEFAULT_TEMPLATES.length,
    );
  });

  it('lets an admin add a template for their agency, audited; it overrides a default of the same key', async () => {
    const own = await dinasAdmin.post('/api/templates', {
      key: 'jam-layanan',
      title: 'Jam layanan',
      body: 'Halo {{nama}}, layanan {{instansi}} buka Senin–Jumat pukul 08.00–16.00 WIB.',
    });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ agencyId: 'dinas', key: 'jam-layanan', isDefault: false });
    const audit = await ctx.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'template.created', entityId: own.body.id },
    });
    expect(audit).toMatchObject({ actorId: dinasAdmin.user.id, agencyId: 'dinas' });

    const override = await dinasAdmin.post('/api/templates', {
      key: 'jawaban-selesai',
      title: 'Jawaban selesai (Dinas)',
      body: 'Halo {{nama}}, jawaban ada di {{tautan}}.',
    });
    expect(override.status).toBe(201);

    const list = await dinasAgent.get('/api/templates');
    expect(list.status).toBe(200);
    const byKey = new Map(list.body.templates.map((t: { key: string }) => [t.key, t]));
    expect(list.body.templates).toHaveLength(DEFAULT_TEMPLATES.length + 1);
    expect(byKey.get('jam-layanan')).toMatchObject({ agencyId: 'dinas', isDefault: false });
    expect(byKey.get('jawaban-selesai')).toMatchObject({
      title: 'Jawaban selesai (Dinas)',
      isDefault: false,
    });
    expect(byKey.get('klarifikasi-hoaks')).toMatchObject({ agencyId: null, isDefault: true });

    // Another agency sees only the defaults.
    const prov = await provValidator.get('/api/templates');
    expect(prov.body.templates).toHaveLength(DEFAULT_TEMPLATES.length);
    expect(prov.body.templates.every((t: { isDefault: boolean }) => t.isDefault)).toBe(true);
  });

  it('refuses duplicates, unknown variables, bad keys and non-admins', async () => {
    const dup = await dinasAdmin.post('/api/templates', { key: 'jam-layanan', title: 'Lagi', body: 'Isi.' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'key_taken', field: 'key' });
    const typo = await dinasAdmin.post('/api/templates', {
      key: 'salam',
      title: 'Salam',
      body: 'Halo {{nma}}',
    });
    expect(typo.status).toBe(400);
    expect(typo.body.error).toMatchObject({ field: 'body', message: expect.stringContaining('{{nma}}') });
    const key = await dinasAdmin.post('/api/templates', { key: 'Kunci Spasi', title: 'x', body: 'y' });
    expect(key.body.error.field).toBe('key');
    expect(
      (await dinasAdmin.post('/api/templates', { key: 'kosong', title: 'x', body: '  ' })).body.error.field,
    ).toBe('body');
    expect(
      (await dinasAgent.post('/api/templates', { key: 'salam', title: 'Salam', body: 'Halo' })).status,
    ).toBe(403);
  });
});
