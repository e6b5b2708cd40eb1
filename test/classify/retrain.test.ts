import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActiveModel } from '../../worker/classify/active-model.ts';
import { useModel } from '../../worker/classify/model/shipped.ts';
import { classifyMessage } from '../../worker/classify/rules.ts';
import { apiAs } from '../support/api-client.ts';
import { createUser, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext, waitUntil } from '../support/test-context.ts';

describe('retraining from validators’ corrections', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;

  beforeAll(async () => {
    ctx = await createTestContext('retrain');
    system = await startSystem(ctx);
    await createUser(ctx, 'admin', 'ADMIN', 'prov');
  });
  afterAll(async () => {
    useModel(undefined);
    await system?.stop();
    await ctx?.cleanup();
  });

  it('trains a model from the shipped examples plus corrections, activates it, and workers switch to it', async () => {
    await ctx.prisma.trainingExample.createMany({
      data: [
        {
          text: 'min kok e-KTP sy blm jadi2 udh 3 bulan, dukcapil gmn sih',
          label: 'COMPLAINT',
          secondary: 'INFO_REQUEST',
          source: 'correction:validator',
        },
      ],
    });
    const admin = await apiAs(system.dashboard.url, 'admin');
    const queued = await admin.post('/api/classifier/retrain');
    expect(queued.status).toBe(202);
    const model = await waitUntil(() => ctx.prisma.classifierModel.findFirst({ where: { active: true } }), {
      what: 'the retrained model',
      timeoutMs: 240_000,
    });
    expect(model.examples).toBeGreaterThan(1_500);
    expect((model.metrics as { macroF1: number }).macroF1).toBeGreaterThan(0.8);

    const listed = await admin.get('/api/classifier/models');
    expect(listed.body).toMatchObject({ corrections: 1, models: [{ version: model.version, active: true }] });

    // A worker notices the active model and classifies with it; the version goes with each result.
    const ensure = createActiveModel(ctx.prisma, 0);
    expect(await ensure()).toBe(model.version);
    const result = classifyMessage('Syarat perpanjang SIM apa saja ya min?');
    expect(result.modelVersion).toBe(model.version);
    expect(result.category).toBe('INFO_REQUEST');
  }, 300_000);
});
