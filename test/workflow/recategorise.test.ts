import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from '../support/api-client.ts';
import { createOtherAgency, createUser, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

const POLICY = `firstResponse: { INFO_REQUEST: { workingHours: 2 }, COMPLAINT: { workingHours: 2 } }
    resolution: { INFO_REQUEST: { workingDays: 10 } }`;

describe('correcting the classifier: the case follows, the message becomes a training example', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;

  beforeAll(async () => {
    ctx = await createTestContext('recategorise');
    system = await startSystem(ctx, { worker: false, slaPolicy: POLICY });
    await createUser(ctx, 'validator', 'VALIDATOR', 'dinas');
    await createOtherAgency(ctx);
    await createUser(ctx, 'validator-lain', 'VALIDATOR', 'lain');
  });
  afterAll(async () => {
    await system?.stop();
    await ctx?.cleanup();
  });

  it('moves a complaint to an information request with its SLA targets and records the example', async () => {
    const openedAt = new Date('2026-03-09T02:00:00Z'); // Mon 09:00 WIB
    const kase = await ctx.prisma.case.create({
      data: {
        agencyId: 'dinas',
        channelId: 'tg-dinas',
        threadKey: 'tg:55',
        category: 'COMPLAINT',
        status: 'TRIAGED',
        // Stale on purpose: nothing stored supports it, so recategorising must derive the state again.
        slaState: 'BREACHED',
        subject: 'Kok KTP saya belum jadi',
        openedAt,
        slaClock: { firstResponse: { workingHours: 2 }, warnAt: [0.5] },
        messages: {
          create: [
            {
              channelId: 'tg-dinas',
              externalId: '55:1',
              direction: 'INBOUND',
              kind: 'DM',
              threadKey: 'tg:55',
              text: 'Kok KTP saya belum jadi ya, syaratnya apa lagi yang kurang?',
              raw: {},
              postedAt: openedAt,
            },
          ],
        },
      },
    });
    const validator = await apiAs(system.dashboard.url, 'validator');
    const bad = await validator.post(`/api/cases/${kase.id}/classification`, { category: 'QUESTION' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('category');

    const res = await validator.post(`/api/cases/${kase.id}/classification`, {
      category: 'INFO_REQUEST',
      secondary: 'COMPLAINT',
    });
    expect(res.status).toBe(200);
    const after = await ctx.prisma.case.findUniqueOrThrow({ where: { id: kase.id } });
    expect(after.category).toBe('INFO_REQUEST');
    // The INFO_REQUEST targets now apply: 10 working days from Mon 9 Mar → Mon 23 Mar 16:00 WIB
    // (18–24 Mar: cuti bersama, Nyepi, Idul Fitri; so day 10 falls later).
    expect(after.resolutionDueAt).not.toBeNull();
    expect(after.slaClock).toMatchObject({ resolution: { workingDays: 10 } });
    expect(after.slaState).toBe('ON_TRACK');

    const example = await ctx.prisma.trainingExample.findFirstOrThrow();
    expect(example).toMatchObject({
      text: 'Kok KTP saya belum jadi ya, syaratnya apa lagi yang kurang?',
      label: 'INFO_REQUEST',
      secondary: 'COMPLAINT',
      source: 'correction:validator',
    });
    // A second correction replaces the example rather than adding one.
    await validator.post(`/api/cases/${kase.id}/classification`, { category: 'COMPLAINT' });
    expect(await ctx.prisma.trainingExample.count()).toBe(1);
    expect((await ctx.prisma.trainingExample.findFirstOrThrow()).label).toBe('COMPLAINT');
    expect(
      await ctx.prisma.auditEvent.count({ where: { entityId: kase.id, action: 'case.recategorised' } }),
    ).toBe(2);

    // Another agency cannot see the case at all.
    const outsider = await apiAs(system.dashboard.url, 'validator-lain');
    expect((await outsider.post(`/api/cases/${kase.id}/classification`, { category: 'OTHER' })).status).toBe(
      404,
    );
  });
});
