import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  extendRequest,
  fileObjection,
  openFormalRequest,
  PpidError,
} from '../../core/ppid/formal-request.ts';
import { formatRegisterNumber, localYear } from '../../core/ppid/register-number.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

/** Generous limits: 50 transactions queue for 10 pooled connections and for one counter row lock. */
const TX = { maxWait: 30_000, timeout: 30_000 } as const;

describe('register number format and local year', () => {
  it('formats PPID/<AGENCY>/<YEAR>/<SEQ5>', () => {
    expect(formatRegisterNumber('dinas-kominfo', 2027, 42)).toBe('PPID/DINAS-KOMINFO/2027/00042');
    expect(formatRegisterNumber('prov', 2026, 123_456)).toBe('PPID/PROV/2026/123456');
  });

  it('takes the year in the agency time zone', () => {
    expect(localYear(new Date('2026-12-31T16:59:59Z'), 'Asia/Jakarta')).toBe(2026);
    expect(localYear(new Date('2026-12-31T17:00:00Z'), 'Asia/Jakarta')).toBe(2027);
    expect(localYear(new Date('2026-12-31T14:59:59Z'), 'Asia/Jayapura')).toBe(2026);
    expect(localYear(new Date('2026-12-31T15:00:00Z'), 'Asia/Jayapura')).toBe(2027);
    expect(() => localYear(new Date(), 'Not/AZone')).toThrow();
  });
});

describe('formal requests: register numbering under concurrency (real Postgres)', () => {
  let ctx: TestContext;
  let actor: { id: string; role: 'AGENT' };
  let counter = 0;

  async function newCase(agencyId: string, openedAt: Date) {
    counter++;
    return ctx.prisma.case.create({
      data: {
        agencyId,
        channelId: 'tg-dinas',
        threadKey: `thread-${counter}`,
        openKey: `tg-dinas:thread-${counter}`,
        category: 'INFO_REQUEST',
        subject: `Permintaan data anggaran ${counter}`,
        openedAt,
      },
    });
  }
  const register = (caseId: string) =>
    ctx.prisma.$transaction((tx) => openFormalRequest(tx, { caseId, actor }), TX);

  beforeAll(async () => {
    ctx = await createTestContext('ppidregister');
    await ctx.prisma.agency.createMany({
      data: [
        {
          id: 'prov',
          name: 'PPID Utama',
          kind: 'PPID_UTAMA',
          timeZone: 'Asia/Jakarta',
          slaPolicy: 'standar',
        },
        {
          id: 'dinas',
          name: 'Dinas Contoh',
          kind: 'PPID_PELAKSANA',
          parentId: 'prov',
          timeZone: 'Asia/Jakarta',
          slaPolicy: 'standar',
        },
        {
          id: 'lain',
          name: 'Instansi Lain',
          kind: 'PPID_UTAMA',
          timeZone: 'Asia/Jayapura',
          slaPolicy: 'standar',
        },
      ],
    });
    await ctx.prisma.channel.create({
      data: {
        id: 'tg-dinas',
        agencyId: 'dinas',
        platform: 'TELEGRAM',
        account: '@DinasBot',
        pollIntervalSeconds: 5,
      },
    });
    const user = await ctx.prisma.user.create({
      data: { username: 'agen', displayName: 'Agen', role: 'AGENT', agencyId: 'dinas', passwordHash: 'x' },
    });
    actor = { id: user.id, role: 'AGENT' };
  });
  afterAll(async () => {
    await ctx?.cleanup();
  });

  it('numbers 50 concurrent requests of one agency exactly 1..50: no duplicates, no gaps', async () => {
    const cases = [];
    for (let i = 0; i < 50; i++) cases.push(await newCase('dinas', new Date(Date.UTC(2026, 2, 1, 3, i))));
    const requests = await Promise.all(cases.map((c) => register(c.id)));
    const seqs = requests.map((r) => r.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(requests.map((r) => r.registerNumber)).size).toBe(50);
    for (const r of requests) {
      expect(r.year).toBe(2026);
      expect(r.registerNumber).toBe(formatRegisterNumber('dinas', 2026, r.seq));
      // Opened Sun 1 Mar 2026 (WIB): day 1 is Mon 2 Mar, day 10 Fri 13 Mar, due at its 16:30 close.
      expect(r.dueAt?.toISOString()).toBe('2026-03-13T09:30:00.000Z');
    }
    expect(requests.find((r) => r.seq === 7)!.registerNumber).toBe('PPID/DINAS/2026/00007');
    expect(
      await ctx.prisma.registerCounter.findUnique({
        where: { agencyId_year: { agencyId: 'dinas', year: 2026 } },
      }),
    ).toMatchObject({ last: 50 });
    expect(await ctx.prisma.auditEvent.count({ where: { action: 'ppid.request_registered' } })).toBe(50);
  });

  it('takes requestedAt from the case and audits the registration', async () => {
    const kase = await newCase('dinas', new Date('2026-04-02T01:02:03Z'));
    const request = await register(kase.id);
    expect(request.requestedAt.toISOString()).toBe('2026-04-02T01:02:03.000Z');
    const audit = await ctx.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'ppid.request_registered', entityId: request.id },
    });
    expect(audit).toMatchObject({ agencyId: 'dinas', actorId: actor.id, entityType: 'InformationRequest' });
    expect(audit.data).toMatchObject({
      caseId: kase.id,
      before: null,
      after: { registerNumber: request.registerNumber, year: 2026, seq: request.seq },
    });
  });

  it('refuses a second request for the same case, without using up a number', async () => {
    const kase = await newCase('dinas', new Date('2026-05-01T00:00:00Z'));
    const first = await register(kase.id);
    const again = await register(kase.id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(PpidError);
    expect(again).toMatchObject({ status: 409, code: 'already_registered' });
    // Both at once: one wins, the other is refused, and the register stays gapless.
    const [c1] = [await newCase('dinas', new Date('2026-05-02T00:00:00Z'))];
    const raced = await Promise.allSettled([register(c1.id), register(c1.id)]);
    expect(raced.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      raced.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason),
    ).toEqual([expect.objectContaining({ code: 'already_registered' })]);
    const next = await register((await newCase('dinas', new Date('2026-05-03T00:00:00Z'))).id);
    expect(next.seq).toBe(first.seq + 2);
  });

  it('gives a rolled-back number to the next request, also one waiting on the lock meanwhile', async () => {
    const last = async () =>
      (
        await ctx.prisma.registerCounter.findUniqueOrThrow({
          where: { agencyId_year: { agencyId: 'dinas', year: 2026 } },
        })
      ).last;
    const before = await last();

    // Plain rollback.
    const a = await newCase('dinas', new Date('2026-06-01T00:00:00Z'));
    await expect(
      ctx.prisma.$transaction(async (tx) => {
        const r = await openFormalRequest(tx, { caseId: a.id, actor });
        expect(r.seq).toBe(before + 1);
        throw new Error('rollback on purpose');
      }, TX),
    ).rejects.toThrow('rollback on purpose');
    expect(await last()).toBe(before);
    expect(await ctx.prisma.informationRequest.count({ where: { caseId: a.id } })).toBe(0);

    // A transaction holds number before+1 while another waits on the counter row; the first rolls back.
    const b = await newCase('dinas', new Date('2026-06-02T00:00:00Z'));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const doomed = ctx.prisma
      .$transaction(async (tx) => {
        await openFormalRequest(tx, { caseId: a.id, actor });
        holding();
        await new Promise((r) => setTimeout(r, 500));
        throw new Error('rollback while another waits');
      }, TX)
      .catch((e: Error) => e.message);
    await held;
    const waiting = register(b.id);
    expect(await doomed).toBe('rollback while another waits');
    expect((await waiting).seq).toBe(before + 1);
    expect((await register(a.id)).seq).toBe(before + 2);
    expect(await last()).toBe(before + 2);

    const all = await ctx.prisma.informationRequest.findMany({
      where: { agencyId: 'dinas', year: 2026 },
      orderBy: { seq: 'asc' },
      select: { seq: true },
    });
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
  });

  it('keeps one register per agency and per local year', async () => {
    // 2026-12-31 18:00 UTC is 2027-01-01 01:00 in Asia/Jakarta: first number of 2027.
    const newYear = await register((await newCase('dinas', new Date('2026-12-31T18:00:00Z'))).id);
    expect(newYear).toMatchObject({ year: 2027, seq: 1, registerNumber: 'PPID/DINAS/2027/00001' });
    const lastOf2026 = await register((await newCase('dinas', new Date('2026-12-31T16:59:00Z'))).id);
    expect(lastOf2026.year).toBe(2026);
    expect(lastOf2026.seq).toBeGreaterThan(50);

    // Another agency starts at 1; Asia/Jayapura (UTC+9) turns the year at 15:00 UTC.
    const lain = await register((await newCase('lain', new Date('2026-12-31T15:30:00Z'))).id);
    expect(lain).toMatchObject({ year: 2027, seq: 1, registerNumber: 'PPID/LAIN/2027/00001' });
    const lain2026 = await register((await newCase('lain', new Date('2026-12-31T14:30:00Z'))).id);
    expect(lain2026).toMatchObject({ year: 2026, seq: 1, registerNumber: 'PPID/LAIN/2026/00001' });
    const dinas2027 = await register((await newCase('dinas', new Date('2027-01-05T00:00:00Z'))).id);
    expect(dinas2027).toMatchObject({ year: 2027, seq: 2 });
  });

  it('extends a request once, with a reason, and audits before/after', async () => {
    const request = await register((await newCase('dinas', new Date('2026-07-01T00:00:00Z'))).id);
    const extend = (reason: string) =>
      ctx.prisma.$transaction((tx) => extendRequest(tx, { requestId: request.id, actor, reason }));
    await expect(extend('  singkat  ')).rejects.toMatchObject({ status: 400, field: 'reason' });
    const extended = await extend('  Dokumen masih dikumpulkan dari tiga bidang.  ');
    expect(extended.extendedAt).toBeInstanceOf(Date);
    expect(extended.extensionReason).toBe('Dokumen masih dikumpulkan dari tiga bidang.');
    await expect(extend('Perpanjangan kedua tidak boleh.')).rejects.toMatchObject({
      status: 409,
      code: 'already_extended',
    });
    const audits = await ctx.prisma.auditEvent.findMany({
      where: { action: 'ppid.request_extended', entityId: request.id },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.data).toMatchObject({
      before: { extendedAt: null, extensionReason: null },
      after: { extensionReason: 'Dokumen masih dikumpulkan dari tiga bidang.' },
    });

    // Two extensions at once: exactly one succeeds.
    const other = await register((await newCase('dinas', new Date('2026-07-02T00:00:00Z'))).id);
    const both = await Promise.allSettled(
      [1, 2].map(() =>
        ctx.prisma.$transaction((tx) =>
          extendRequest(tx, { requestId: other.id, actor, reason: 'Data masih diverifikasi bidang teknis.' }),
        ),
      ),
    );
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('files objections with their filing time and audits them', async () => {
    const request = await register((await newCase('dinas', new Date('2026-08-01T00:00:00Z'))).id);
    const file = (reason: string, filedAt: Date) =>
      ctx.prisma.$transaction((tx) => fileObjection(tx, { requestId: request.id, actor, reason, filedAt }));
    const objection = await file('Informasi yang diberikan tidak lengkap.', new Date('2026-08-20T02:00:00Z'));
    // Filed Thu 20 Aug 2026: 30 working days skipping Maulid (25 Aug) end Fri 2 Oct, 16:30 WIB.
    expect(objection).toMatchObject({
      requestId: request.id,
      dueAt: new Date('2026-10-02T09:30:00Z'),
      decidedAt: null,
    });
    expect(objection.filedAt.toISOString()).toBe('2026-08-20T02:00:00.000Z');
    await expect(
      file('Terlalu awal sekali diajukan.', new Date('2026-07-01T00:00:00Z')),
    ).rejects.toMatchObject({
      status: 400,
      field: 'filedAt',
    });
    await expect(file('Diajukan dari masa depan.', new Date(Date.now() + 86_400_000))).rejects.toMatchObject({
      status: 400,
      field: 'filedAt',
    });
    await expect(file('pendek', new Date())).rejects.toMatchObject({ status: 400, field: 'reason' });
    const audit = await ctx.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'ppid.objection_filed', entityId: request.id },
    });
    expect(audit.data).toMatchObject({
      objectionId: objection.id,
      before: null,
      after: {
        reason: 'Informasi yang diberikan tidak lengkap.',
        filedAt: '2026-08-20T02:00:00.000Z',
        dueAt: objection.dueAt!.toISOString(),
      },
    });
  });
});

describe('legal clocks on formal requests (standard office week, national holidays)', () => {
  it('computes 10, 10+7 and 30 working days in the agency zone', async () => {
    const { legalDeadline } = await import('../../core/sla/agency-calendar.ts');
    // Received Fri 2026-03-13 14:00 WIB, not counted. Working days: Mar 16, 17; skipped: cuti bersama
    // Nyepi 18, Nyepi 19, cuti bersama 20, Idul Fitri 21–22 (weekend), cuti bersama 23–24; then 25, 26,
    // 27, 30, 31, Apr 1, 2; Good Friday Apr 3 skipped; Apr 6 is day 10 → Mon 6 Apr 16:00 WIB.
    const received = new Date('2026-03-13T07:00:00Z');
    const due = legalDeadline({ timeZone: 'Asia/Jakarta' }, received, 'informationRequest');
    expect(due.toISOString()).toBe('2026-04-06T09:00:00.000Z');
    // +7 working days after Apr 6: 7, 8, 9, 10, 13, 14, 15 → Wed 15 Apr 16:00 WIB.
    expect(
      legalDeadline({ timeZone: 'Asia/Jakarta' }, due, 'informationRequestExtension').toISOString(),
    ).toBe('2026-04-15T09:00:00.000Z');
  });
});
