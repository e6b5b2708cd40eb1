import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDefaultTemplates } from '../../core/replies/default-templates.ts';
import { type ApiUser, apiAs } from '../support/api-client.ts';
import { createUser, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext, waitUntil } from '../support/test-context.ts';

describe('case workflow through HTTP: triage → draft → four-eyes approval → published', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let agent: ApiUser;
  let validator: ApiUser;
  let validator2: ApiUser;
  let provAgent: ApiUser;

  async function newCase(text: string, fromId: number) {
    system.telegram.pushMessage({ from: { id: fromId, firstName: `Warga${fromId}` }, text });
    return waitUntil(
      async () =>
        ctx.prisma.case.findFirst({
          where: { messages: { some: { text } } },
          select: { id: true, version: true, status: true },
        }),
      { what: 'the case to open' },
    );
  }
  const auditCount = (caseId: string) =>
    ctx.prisma.auditEvent.count({ where: { entityType: 'Case', entityId: caseId } });

  beforeAll(async () => {
    ctx = await createTestContext('workflow');
    system = await startSystem(ctx);
    await seedDefaultTemplates(ctx.prisma);
    await createUser(ctx, 'agen', 'AGENT', 'dinas');
    await createUser(ctx, 'val1', 'VALIDATOR', 'dinas');
    await createUser(ctx, 'val2', 'VALIDATOR', 'dinas');
    await createUser(ctx, 'agen-prov', 'AGENT', 'prov');
    agent = await apiAs(system.dashboard.url, 'agen');
    validator = await apiAs(system.dashboard.url, 'val1');
    validator2 = await apiAs(system.dashboard.url, 'val2');
    provAgent = await apiAs(system.dashboard.url, 'agen-prov');
  });
  afterAll(async () => {
    await system?.stop();
    await ctx?.cleanup();
  });

  it('runs a complaint from NEW to ANSWERED, one audit event per transition, one publish', async () => {
    const kase = await newCase('Lampu jalan di Jl. Sudirman mati sudah seminggu, tolong diperbaiki', 501);
    expect(kase.status).toBe('NEW');
    const audits0 = await auditCount(kase.id);

    let r = await agent.post(`/api/cases/${kase.id}/transitions`, {
      action: 'triage',
      version: kase.version,
    });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('TRIAGED');
    // A stale version is a conflict that shows the current state.
    const stale = await agent.post(`/api/cases/${kase.id}/transitions`, {
      action: 'claim',
      version: kase.version,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');
    expect(stale.body.error.details).toMatchObject({ status: 'TRIAGED' });
    r = await agent.post(`/api/cases/${kase.id}/transitions`, { action: 'claim', version: r.body.version });
    expect(r.body.status).toBe('IN_PROGRESS');

    const draft = await agent.post(`/api/cases/${kase.id}/replies`, {
      text: 'Terima kasih, laporan diteruskan ke Dishub.',
    });
    expect(draft.status).toBe(201);
    const submitted = await agent.post(`/api/replies/${draft.body.id}/submit`, {
      version: draft.body.version,
    });
    expect(submitted.body.caseStatus).toBe('AWAITING_VALIDATION');

    // The agent cannot approve, and no validator may approve their own draft (checked below with a validator's draft).
    expect((await agent.post(`/api/replies/${draft.body.id}/approve`, { version: 1 })).status).toBe(403);
    // Two validators approve at once: exactly one wins, exactly one publish job runs.
    const [a, b] = await Promise.all([
      validator.post(`/api/replies/${draft.body.id}/approve`, { version: 1 }),
      validator2.post(`/api/replies/${draft.body.id}/approve`, { version: 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);

    const answered = await waitUntil(
      async () => {
        const c = await ctx.prisma.case.findUniqueOrThrow({ where: { id: kase.id } });
        return c.status === 'ANSWERED' && c;
      },
      { what: 'the reply to be published' },
    );
    expect(answered.firstResponseAt).not.toBeNull();
    expect(
      system.telegram.sent.filter((m) => m.text === 'Terima kasih, laporan diteruskan ke Dishub.'),
    ).toHaveLength(1);
    const reply = await ctx.prisma.reply.findUniqueOrThrow({
      where: { id: draft.body.id },
      include: { reviews: true },
    });
    expect(reply.status).toBe('PUBLISHED');
    expect(reply.reviews).toHaveLength(1);
    expect(await ctx.prisma.message.count({ where: { caseId: kase.id, direction: 'OUTBOUND' } })).toBe(1);
    // triage, claim, submit, approve, published: five transitions, five audit events.
    expect((await auditCount(kase.id)) - audits0).toBe(5);

    const detail = await agent.get(`/api/cases/${kase.id}`);
    expect(detail.body.case.replies[0].status).toBe('PUBLISHED');
    expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining([
        'case.triage',
        'case.claim',
        'case.submit',
        'case.approve_reply',
        'case.published',
      ]),
    );
  });

  it('forbids approving your own draft and requires a comment to reject', async () => {
    const kase = await newCase('Jalan berlubang di depan SDN 3, bahaya untuk anak-anak!', 502);
    const vDraftingAgent = await apiAs(system.dashboard.url, 'agen');
    let r = await vDraftingAgent.post(`/api/cases/${kase.id}/transitions`, {
      action: 'triage',
      version: kase.version,
    });
    r = await vDraftingAgent.post(`/api/cases/${kase.id}/transitions`, {
      action: 'claim',
      version: r.body.version,
    });
    const draft = await agent.post(`/api/cases/${kase.id}/replies`, { text: 'Laporan diterima.' });
    await agent.post(`/api/replies/${draft.body.id}/submit`, { version: 0 });
    const noComment = await validator.post(`/api/replies/${draft.body.id}/reject`, { version: 1 });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.field).toBe('comment');
    const rejected = await validator.post(`/api/replies/${draft.body.id}/reject`, {
      version: 1,
      comment: 'Sebutkan jadwal perbaikan.',
    });
    expect(rejected.body.caseStatus).toBe('REJECTED');
    // The drafter revises and resubmits; the case goes back to validation.
    const revised = await agent.patch(`/api/replies/${draft.body.id}`, {
      version: 2,
      text: 'Perbaikan dijadwalkan pekan depan.',
    });
    expect(revised.status).toBe(200);
    expect((await agent.post(`/api/replies/${draft.body.id}/submit`, { version: 3 })).body.caseStatus).toBe(
      'AWAITING_VALIDATION',
    );

    // A validator's own draft cannot be approved by that validator.
    await ctx.prisma.reply.create({
      data: { caseId: kase.id, authorId: validator.user.id, text: 'x', status: 'PENDING_VALIDATION' },
    });
    const own = await ctx.prisma.reply.findFirstOrThrow({ where: { authorId: validator.user.id } });
    const res = await validator.post(`/api/replies/${own.id}/approve`, { version: 0 });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('own_draft');
  });

  it('forwards a case: it leaves the source queue and appears in the target queue', async () => {
    const kase = await newCase('Bagaimana syarat mengurus izin keramaian untuk acara 17an?', 503);
    const noNote = await agent.post(`/api/cases/${kase.id}/transitions`, {
      action: 'forward',
      version: kase.version,
      targetAgencyId: 'prov',
    });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.field).toBe('note');
    const fwd = await agent.post(`/api/cases/${kase.id}/transitions`, {
      action: 'forward',
      version: kase.version,
      targetAgencyId: 'prov',
      note: 'Izin keramaian ditangani provinsi.',
    });
    expect(fwd.status).toBe(200);
    expect(fwd.body).toMatchObject({ status: 'FORWARDED', agencyId: 'prov' });
    const sourceQueue = (await agent.get('/api/cases')).body.cases.map((c: { id: string }) => c.id);
    const targetQueue = (await provAgent.get('/api/cases')).body.cases.map((c: { id: string }) => c.id);
    expect(sourceQueue).not.toContain(kase.id);
    expect(targetQueue).toContain(kase.id);
    expect((await agent.get(`/api/cases/${kase.id}`)).status).toBe(404);
    const accepted = await provAgent.post(`/api/cases/${kase.id}/transitions`, {
      action: 'accept_forward',
      version: fwd.body.version,
    });
    expect(accepted.body.status).toBe('TRIAGED');
  });

  it('runs a misinformation case to a verdict in the claim registry and a published clarification', async () => {
    const kase = await newCase(
      'Viral di grup WA, katanya ada pembagian bansos Rp 600 ribu lewat link bit.ly, benarkah?',
      505,
    );
    expect(kase.status).toBe('FLAGGED');
    const verifying = await agent.post(`/api/cases/${kase.id}/transitions`, {
      action: 'start_verification',
      version: kase.version,
    });
    expect(verifying.body.status).toBe('VERIFYING');
    const noVerdict = await agent.post(`/api/cases/${kase.id}/replies`, {
      kind: 'VERDICT',
      text: 'Itu hoaks.',
    });
    expect(noVerdict.status).toBe(400);
    expect(noVerdict.body.error.field).toBe('verdict');
    const draft = await agent.post(`/api/cases/${kase.id}/replies`, {
      kind: 'VERDICT',
      verdict: 'HOAKS',
      claimTitle: 'Pembagian bansos Rp 600 ribu lewat tautan bit.ly',
      text: 'Informasi tersebut HOAKS. Bansos tidak pernah dibagikan lewat tautan; cek di cekbansos.kemensos.go.id.',
    });
    await agent.post(`/api/replies/${draft.body.id}/submit`, { version: 0 });
    const approved = await validator.post(`/api/replies/${draft.body.id}/approve`, { version: 1 });
    expect(approved.body.caseStatus).toBe('VERDICT');
    const claim = await ctx.prisma.claim.findUniqueOrThrow({ where: { id: approved.body.claimId } });
    expect(claim).toMatchObject({
      verdict: 'HOAKS',
      agencyId: 'dinas',
      title: 'Pembagian bansos Rp 600 ribu lewat tautan bit.ly',
    });
    await waitUntil(
      async () =>
        (await ctx.prisma.case.findUniqueOrThrow({ where: { id: kase.id } })).status === 'CLARIFIED',
      { what: 'the clarification to be published' },
    );
    expect(system.telegram.sent.some((m) => m.text.startsWith('Informasi tersebut HOAKS'))).toBe(true);
  });

  it('reopens an answered case when the citizen writes again', async () => {
    const answered = await ctx.prisma.case.findFirstOrThrow({
      where: { status: 'ANSWERED' },
      include: { messages: { take: 1 } },
    });
    const chatId = Number(answered.threadKey.replace('tg:', ''));
    system.telegram.pushMessage({
      from: { id: chatId, firstName: `Warga${chatId}` },
      text: 'Kok belum diperbaiki juga ya?',
    });
    await waitUntil(
      async () =>
        (await ctx.prisma.case.findUniqueOrThrow({ where: { id: answered.id } })).status === 'IN_PROGRESS',
      { what: 'the case to reopen' },
    );
    const events = await ctx.prisma.auditEvent.findMany({
      where: { entityId: answered.id, action: 'case.citizen_wrote' },
    });
    expect(events).toHaveLength(1);
  });

  it('drafts from a template filled with the citizen name, register number and agency', async () => {
    const kase = await newCase('Mohon salinan dokumen RKA Dinas tahun 2025, untuk penelitian.', 506);
    let r = await agent.post(`/api/cases/${kase.id}/transitions`, {
      action: 'triage',
      version: kase.version,
    });
    r = await agent.post(`/api/cases/${kase.id}/transitions`, { action: 'claim', version: r.body.version });
    const request = await agent.post(`/api/cases/${kase.id}/formal-request`, {});
    expect(request.status).toBe(201);
    const draft = await agent.post(`/api/cases/${kase.id}/replies`, {
      templateKey: 'permintaan-informasi-diregistrasi',
    });
    expect(draft.status).toBe(201);
    expect(draft.body.text).toContain(request.body.registerNumber);
    expect(draft.body.text).toContain('Warga506');
    expect(draft.body.text).not.toContain('{{nomor_register}}');
    const missing = await agent.post(`/api/cases/${kase.id}/replies`, { templateKey: 'tidak-ada' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('templateKey');
  });

  it('rejects a state change without the CSRF token', async () => {
    const kase = await newCase('Kapan jadwal vaksinasi HPV untuk anak SD?', 504);
    const res = await agent.post(
      `/api/cases/${kase.id}/transitions`,
      { action: 'triage', version: kase.version },
      { csrf: false },
    );
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf');
  });

  it('serves an OpenAPI document listing every route of the app', async () => {
    const doc = (await agent.get('/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/cases/{id}/transitions'].post.requestBody).toBeDefined();
  });
});
