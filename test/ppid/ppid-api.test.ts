import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiUser, apiAs } from '../support/api-client.ts';
import { createOtherAgency, createUser, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

describe('PPID API: formal requests, extension, objections, register list', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let agent: ApiUser;
  let validator: ApiUser;
  let provSupervisor: ApiUser;
  let otherAgent: ApiUser;
  let counter = 0;

  async function newCase(agencyId: string, openedAt = new Date('2026-03-02T02:00:00Z')) {
    counter++;
    return ctx.prisma.case.create({
      data: {
        agencyId,
        channelId: 'tg-dinas',
        threadKey: `ppid-${counter}`,
        openKey: `tg-dinas:ppid-${counter}`,
        category: 'INFO_REQUEST',
        subject: `Mohon salinan DPA tahun 2026 (${counter})`,
        openedAt,
      },
    });
  }

  beforeAll(async () => {
    ctx = await createTestContext('ppidapi');
    system = await startSystem(ctx, { worker: false });
    await createOtherAgency(ctx);
    await createUser(ctx, 'agen', 'AGENT', 'dinas');
    await createUser(ctx, 'val', 'VALIDATOR', 'dinas');
    await createUser(ctx, 'sup-prov', 'SUPERVISOR', 'prov');
    await createUser(ctx, 'agen-lain', 'AGENT', 'lain');
    [agent, validator, provSupervisor, otherAgent] = await Promise.all([
      apiAs(system.dashboard.url, 'agen'),
      apiAs(system.dashboard.url, 'val'),
      apiAs(system.dashboard.url, 'sup-prov'),
      apiAs(system.dashboard.url, 'agen-lain'),
    ]);
  });
  afterAll(async () => {
    await system?.stop();
    await ctx?.cleanup();
  });

  it('registers a case as a formal request once, with the next register number', async () => {
    const kase = await newCase('dinas');
    const res = await agent.post(`/api/cases/${kase.id}/formal-request`, {});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      caseId: kase.id,
      agencyId: 'dinas',
      year: 2026,
      seq: 1,
      registerNumber: 'PPID/DINAS/2026/00001',
      requestedAt: '2026-03-02T02:00:00.000Z',
      // Mon 2 Mar 09:00 WIB, not counted: Mar 3–6, 9–13, 16 → Mon 16 Mar 16:00 WIB.
      dueAt: '2026-03-16T09:00:00.000Z',
    });
    expect(
      await ctx.prisma.auditEvent.count({
        where: { action: 'ppid.request_registered', entityId: res.body.id },
      }),
    ).toBe(1);

    const again = await agent.post(`/api/cases/${kase.id}/formal-request`, {});
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'already_registered', message: expect.any(String) });

    // A supervisor of the parent agency may register a case of the office below.
    const second = await provSupervisor.post(`/api/cases/${(await newCase('dinas')).id}/formal-request`, {});
    expect(second.status).toBe(201);
    expect(second.body.registerNumber).toBe('PPID/DINAS/2026/00002');
  });

  it('refuses the wrong role, foreign agencies (as 404), unknown cases and a missing CSRF token', async () => {
    const kase = await newCase('dinas');
    expect((await validator.post(`/api/cases/${kase.id}/formal-request`, {})).status).toBe(403);
    const foreign = await otherAgent.post(`/api/cases/${kase.id}/formal-request`, {});
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('not_found');
    expect((await agent.post('/api/cases/tidak-ada/formal-request', {})).status).toBe(404);
    const noCsrf = await agent.post(`/api/cases/${kase.id}/formal-request`, {}, { csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('csrf');
    expect(await ctx.prisma.informationRequest.count({ where: { caseId: kase.id } })).toBe(0);
  });

  it('extends once with a reason; the second time is a conflict', async () => {
    const request = (await agent.post(`/api/cases/${(await newCase('dinas')).id}/formal-request`, {})).body;
    const path = `/api/information-requests/${request.id}/extension`;

    const short = await agent.post(path, { reason: 'kurang' });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({ code: 'invalid_input', field: 'reason' });
    expect((await agent.post(path, {})).body.error.field).toBe('reason');
    expect((await validator.post(path, { reason: 'Dokumen masih dikumpulkan.' })).status).toBe(403);
    expect((await otherAgent.post(path, { reason: 'Dokumen masih dikumpulkan.' })).status).toBe(404);
    // Scope is checked before the body: an invalid body on a foreign request is still a 404.
    expect((await otherAgent.post(path, {})).status).toBe(404);

    const ok = await agent.post(path, { reason: 'Dokumen masih dikumpulkan dari bidang anggaran.' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      extensionReason: 'Dokumen masih dikumpulkan dari bidang anggaran.',
      extendedAt: expect.any(String),
    });
    const twice = await agent.post(path, { reason: 'Perpanjangan kedua kalinya.' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('already_extended');

    const audit = await ctx.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'ppid.request_extended', entityId: request.id },
    });
    expect(audit.actorId).toBe(agent.user.id);
    expect(audit.data).toMatchObject({
      before: { extendedAt: null },
      after: { extensionReason: 'Dokumen masih dikumpulkan dari bidang anggaran.' },
    });
  });

  it('records objections with or without a filing time', async () => {
    const request = (await agent.post(`/api/cases/${(await newCase('dinas')).id}/formal-request`, {})).body;
    const path = `/api/information-requests/${request.id}/objections`;

    const dated = await agent.post(path, {
      reason: 'Jawaban tidak sesuai dengan informasi yang diminta.',
      filedAt: '2026-03-20T03:00:00Z',
    });
    expect(dated.status).toBe(201);
    expect(dated.body).toMatchObject({
      requestId: request.id,
      filedAt: '2026-03-20T03:00:00.000Z',
      // 30 working days after Fri 20 Mar (cuti bersama 23–24 Mar, Good Friday 3 Apr, 1 May skipped): Thu 7 May.
      dueAt: '2026-05-07T09:00:00.000Z',
    });

    const now = await provSupervisor.post(path, { reason: 'Informasi belum diberikan sama sekali.' });
    expect(now.status).toBe(201);
    expect(Math.abs(Date.parse(now.body.filedAt) - Date.now())).toBeLessThan(60_000);

    expect(
      (await agent.post(path, { reason: 'Tanggal tidak valid.', filedAt: 'kemarin' })).body.error.field,
    ).toBe('filedAt');
    const early = await agent.post(path, {
      reason: 'Sebelum permintaannya ada.',
      filedAt: '2026-01-01T00:00:00Z',
    });
    expect(early.status).toBe(400);
    expect(early.body.error.field).toBe('filedAt');
    expect((await otherAgent.post(path, { reason: 'Bukan urusan instansi saya.' })).status).toBe(404);
    expect(
      (await agent.post('/api/information-requests/tidak-ada/objections', { reason: 'Tidak ada.....' }))
        .status,
    ).toBe(404);
    expect(
      await ctx.prisma.auditEvent.count({ where: { action: 'ppid.objection_filed', entityId: request.id } }),
    ).toBe(2);
  });

  it('lists the register scoped to the agencies the user sees', async () => {
    const provReq = await provSupervisor.post(`/api/cases/${(await newCase('prov')).id}/formal-request`, {});
    expect(provReq.body.registerNumber).toBe('PPID/PROV/2026/00001');
    const lainReq = await otherAgent.post(`/api/cases/${(await newCase('lain')).id}/formal-request`, {});
    expect(lainReq.body.registerNumber).toBe('PPID/LAIN/2026/00001');

    const mine = await agent.get('/api/information-requests');
    expect(mine.status).toBe(200);
    const dinasNumbers = mine.body.requests.map((r: { registerNumber: string }) => r.registerNumber);
    expect(dinasNumbers.length).toBeGreaterThanOrEqual(4);
    expect(dinasNumbers.every((n: string) => n.startsWith('PPID/DINAS/'))).toBe(true);
    expect(mine.body.requests[0]).toMatchObject({ case: { subject: expect.any(String) } });
    // Newest first, with its objections in filing order.
    expect(mine.body.requests.map((r: { seq: number }) => r.seq)).toEqual(
      [...mine.body.requests.map((r: { seq: number }) => r.seq)].sort((a, b) => b - a),
    );
    const objected = mine.body.requests.find((r: { objections: unknown[] }) => r.objections.length > 0);
    expect(objected.objections.map((o: { filedAt: string }) => o.filedAt)[0]).toBe(
      '2026-03-20T03:00:00.000Z',
    );
    expect(objected.objections).toHaveLength(2);

    const validatorView = await validator.get('/api/information-requests');
    expect(validatorView.status).toBe(200);
    expect(validatorView.body.requests).toHaveLength(mine.body.requests.length);

    const sup = await provSupervisor.get('/api/information-requests');
    const supAgencies = new Set(sup.body.requests.map((r: { agencyId: string }) => r.agencyId));
    expect([...supAgencies].sort()).toEqual(['dinas', 'prov']);
    const onlyProv = await provSupervisor.get('/api/information-requests?agencyId=prov&year=2026');
    expect(onlyProv.body.requests.map((r: { registerNumber: string }) => r.registerNumber)).toEqual([
      'PPID/PROV/2026/00001',
    ]);
    // Naming an agency outside one's scope yields nothing, not its register.
    expect((await agent.get('/api/information-requests?agencyId=lain')).body.requests).toEqual([]);
    expect((await agent.get('/api/information-requests?year=2027')).body.requests).toEqual([]);
    expect((await agent.get('/api/information-requests?year=abc')).status).toBe(400);

    const lain = await otherAgent.get('/api/information-requests');
    expect(lain.body.requests.map((r: { registerNumber: string }) => r.registerNumber)).toEqual([
      'PPID/LAIN/2026/00001',
    ]);
  });
});
