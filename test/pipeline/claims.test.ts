import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem } from '../support/system.ts';
import { createTestContext, type TestContext, waitUntil } from '../support/test-context.ts';

describe('known claims in the pipeline', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;

  beforeAll(async () => {
    ctx = await createTestContext('claims');
    // Registered before the worker starts: its claim registry is built on the first classification.
    await ctx.prisma.agency.create({
      data: {
        id: 'dinas',
        name: 'Dinas Contoh',
        kind: 'PPID_UTAMA',
        timeZone: 'Asia/Jakarta',
        slaPolicy: 'standar',
      },
    });
    await ctx.prisma.claim.create({
      data: {
        id: 'klaim-air-pdam',
        agencyId: 'dinas',
        title: 'Air PDAM tercemar limbah pabrik',
        text: 'Air PDAM di seluruh kota tercemar limbah pabrik kimia dan tidak boleh diminum sampai akhir bulan',
        verdict: 'HOAKS',
      },
    });
    system = await startSystem(ctx);
  });
  afterAll(async () => {
    await system?.stop();
    await ctx?.cleanup();
  });

  it('flags a message repeating a debunked claim, naming the claim, even without rumour wording', async () => {
    const text = 'air pdam seluruh kota tercemar limbah pabrik kimia, ga boleh diminum sampe akhir bulan';
    system.telegram.pushMessage({ from: { id: 801, firstName: 'Yanti' }, text });
    const classification = await waitUntil(
      async () => ctx.prisma.classification.findFirst({ where: { message: { text } } }),
      { what: 'the message to be classified' },
    );
    expect(classification.category).toBe('MISINFORMATION');
    expect(classification.claimId).toBe('klaim-air-pdam');
    expect(JSON.stringify(classification.reasons)).toContain('klaim terdaftar');
  });
});
