import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from '../support/api-client.ts';
import { createUser, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext, waitUntil } from '../support/test-context.ts';

/** Invented rumour, three ways it spreads, and an unrelated complaint. */
const RUMOUR = [
  'SEBARKAN!! Pemprov bagi BLT Rp600 ribu untuk semua warga, daftar lewat link bit.ly/blt-pemprov sebelum Jumat',
  'Info dari grup sebelah: pemprov bagi BLT 600rb utk semua warga, daftar lewat link bit.ly/blt-pemprov sblm jumat. sebarkan ke keluarga',
  'benarkah pemprov bagi BLT Rp600 ribu untuk semua warga lewat link bit.ly/blt-pemprov? katanya harus daftar sebelum Jumat',
];

describe('emerging claims through the worker: grouped, listed with their spread, promoted to the registry', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;

  beforeAll(async () => {
    ctx = await createTestContext('emerging');
    system = await startSystem(ctx);
    await createUser(ctx, 'validator', 'VALIDATOR', 'dinas');
    await createUser(ctx, 'agen', 'AGENT', 'dinas');
  });
  afterAll(async () => {
    await system?.stop();
    await ctx?.cleanup();
  });

  it('groups paraphrases of an unregistered rumour into one candidate claim', async () => {
    RUMOUR.forEach((text, i) => {
      system.telegram.pushMessage({ from: { id: 6100 + i, firstName: `Warga${i}` }, text });
    });
    system.telegram.pushMessage({
      from: { id: 6200, firstName: 'Rudi' },
      text: 'Lapor, jalan di depan SDN 2 berlubang besar dan belum diperbaiki sejak bulan lalu',
    });
    await waitUntil(async () => (await ctx.prisma.classification.count()) === 4, {
      what: 'all four messages classified',
      timeoutMs: 20_000,
    });
    const members = await waitUntil(
      async () => {
        const rows = await ctx.prisma.emergingClusterMember.findMany();
        return rows.length >= 3 ? rows : null;
      },
      { what: 'the three rumours clustered' },
    );
    expect(members).toHaveLength(3);
    expect(new Set(members.map((m) => m.clusterId)).size).toBe(1);

    const validator = await apiAs(system.dashboard.url, 'validator');
    const list = await validator.get('/api/emerging-clusters');
    expect(list.status).toBe(200);
    expect(list.body.clusters).toHaveLength(1);
    const [cluster] = list.body.clusters;
    expect(cluster).toMatchObject({ status: 'OPEN', count: 3, channels: { 'tg-dinas': 3 } });
    expect(cluster.growthPerHour.lastHour).toBe(3);
    expect(RUMOUR).toContain(cluster.representativeText);

    // Agents see it but cannot decide on it; a bad verdict names the field.
    const agent = await apiAs(system.dashboard.url, 'agen');
    expect((await agent.post(`/api/emerging-clusters/${cluster.id}/promote`, {})).status).toBe(403);
    const bad = await validator.post(`/api/emerging-clusters/${cluster.id}/promote`, {
      title: 'BLT 600 ribu lewat tautan',
      verdict: 'PALSU',
    });
    expect(bad).toMatchObject({ status: 400, body: { error: { field: 'verdict' } } });

    const promoted = await validator.post(`/api/emerging-clusters/${cluster.id}/promote`, {
      title: 'BLT Rp600 ribu lewat tautan bit.ly',
      verdict: 'HOAKS',
      clarificationUrl: 'https://example.go.id/klarifikasi/blt',
    });
    expect(promoted.status).toBe(201);
    expect(promoted.body.linkedMessages).toBe(3);
    const linked = await ctx.prisma.classification.count({ where: { claimId: promoted.body.claim.id } });
    expect(linked).toBe(3);
    expect(
      (
        await validator.post(`/api/emerging-clusters/${cluster.id}/promote`, {
          title: 'Lagi',
          verdict: 'HOAKS',
        })
      ).status,
    ).toBe(400);
    expect((await validator.post(`/api/emerging-clusters/${cluster.id}/dismiss`)).status).toBe(200);
    expect((await ctx.prisma.emergingCluster.findUniqueOrThrow({ where: { id: cluster.id } })).status).toBe(
      'PROMOTED',
    );
    expect((await validator.get('/api/emerging-clusters')).body.clusters).toEqual([]);
  });
});
