import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTanggapConfig } from '../../config/load-tanggap.ts';
import { transitionCase } from '../../core/cases/transition-case.ts';
import { CASE_ACTIONS, type CaseAction } from '../../core/cases/workflow.ts';
import { syncConfig } from '../../core/config-sync.ts';
import { systemConfigYaml } from '../support/system.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

describe('every workflow transition writes exactly one audit event', () => {
  let ctx: TestContext;
  let actorId: string;

  beforeAll(async () => {
    ctx = await createTestContext('transitions');
    await syncConfig(ctx.prisma, parseTanggapConfig(systemConfigYaml('http://127.0.0.1:9')));
    actorId = (
      await ctx.prisma.user.create({
        data: { username: 'u', displayName: 'u', passwordHash: 'x', role: 'AGENT', agencyId: 'dinas' },
      })
    ).id;
  });
  afterAll(async () => ctx?.cleanup());

  const actions = Object.entries(CASE_ACTIONS).flatMap(([action, rule]) =>
    rule.from.map((from) => [action, from, rule] as const),
  );

  it.each(actions)('%s from %s', async (action, from, rule) => {
    const kase = await ctx.prisma.case.create({
      data: {
        agencyId: 'dinas',
        channelId: 'tg-dinas',
        threadKey: `t-${action}-${from}`,
        category: 'OTHER',
        status: from,
        subject: 's',
        openedAt: new Date(),
      },
    });
    const role = (rule.roles as readonly string[])[0]!;
    const actor = role === 'SYSTEM' ? ('SYSTEM' as const) : { id: actorId, role: role as 'AGENT' };
    const extra = action === 'forward' ? { set: { agencyId: 'prov' } } : {};
    const result = await ctx.prisma.$transaction((tx) =>
      transitionCase(tx, { caseId: kase.id, action: action as CaseAction, actor, ...extra }),
    );
    expect(result.to).toBe(rule.to);
    const events = await ctx.prisma.auditEvent.findMany({ where: { entityType: 'Case', entityId: kase.id } });
    expect(events).toHaveLength(1);
    expect(events[0]!.action).toBe(`case.${action}`);
    expect(events[0]!.data).toMatchObject({ before: { status: from }, after: { status: rule.to } });
  });

  it('refuses a transition from a state the action does not start from, and writes nothing', async () => {
    const kase = await ctx.prisma.case.create({
      data: {
        agencyId: 'dinas',
        channelId: 'tg-dinas',
        threadKey: 't-bad',
        category: 'OTHER',
        status: 'CLOSED',
        subject: 's',
        openedAt: new Date(),
      },
    });
    await expect(
      ctx.prisma.$transaction((tx) =>
        transitionCase(tx, { caseId: kase.id, action: 'triage', actor: { id: actorId, role: 'AGENT' } }),
      ),
    ).rejects.toMatchObject({ reason: 'state' });
    expect(await ctx.prisma.auditEvent.count({ where: { entityId: kase.id } })).toBe(0);
  });
});
