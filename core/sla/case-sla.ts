import type { Queue } from 'bullmq';
import type { TSlaPolicy } from '../../config/tanggap-schema.ts';
import type { PrismaClient } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { CaseCategory, CaseStatus } from '../db/generated/enums.ts';
import { JOBS, slaJobId } from '../jobs/catalogue.ts';
import {
  type CaseClock,
  type CaseClockPolicy,
  computeCaseClock,
  type Pause,
  parsePauses,
  type SlaTarget,
  serialisePauses,
} from './case-clock.ts';

/** The state in which the SLA clock stands still. */
export const PAUSE_STATUS: CaseStatus = 'WAITING_ON_CITIZEN';

/** The clock a case of this category runs on under this policy; null when the policy sets no target. */
export function clockPolicyFor(
  policy: TSlaPolicy | undefined,
  category: CaseCategory,
): CaseClockPolicy | null {
  if (!policy) return null;
  const hours = policy.firstResponseHours?.[category];
  const configured = policy.firstResponse?.[category];
  const firstResponse: SlaTarget | undefined = configured
    ? stripUndefined(configured)
    : hours
      ? { calendarHours: hours }
      : undefined;
  const configuredResolution = policy.resolution?.[category];
  const resolution = configuredResolution ? stripUndefined(configuredResolution) : undefined;
  if (!firstResponse && !resolution) return null;
  return {
    ...(firstResponse ? { firstResponse } : {}),
    ...(resolution ? { resolution } : {}),
    warnAt: policy.warnAt,
  };
}

function stripUndefined(target: object): SlaTarget {
  return Object.fromEntries(Object.entries(target).filter(([, v]) => v !== undefined)) as SlaTarget;
}

type ClockRow = {
  openedAt: Date;
  slaClock: Prisma.JsonValue;
  slaPauses: Prisma.JsonValue;
  agency: { timeZone: string };
};

export function clockOf(row: ClockRow, now: Date): CaseClock | null {
  if (!row.slaClock) return null;
  return computeCaseClock({
    policy: row.slaClock as unknown as CaseClockPolicy,
    timeZone: row.agency.timeZone,
    openedAt: row.openedAt,
    pauses: parsePauses(row.slaPauses),
    now,
  });
}

/**
 * The SLA side of a transition, inside its transaction: entering WAITING_ON_CITIZEN opens a pause; leaving
 * it closes the pause and moves the deadlines by the time paused. Returns true when the deadlines changed
 * (the caller then schedules the case's SLA jobs again, after commit).
 */
export async function applySlaTransition(
  tx: Prisma.TransactionClient,
  caseId: string,
  from: CaseStatus,
  to: CaseStatus,
  now: Date,
): Promise<boolean> {
  if (from === to || (from !== PAUSE_STATUS && to !== PAUSE_STATUS)) return false;
  const row = await tx.case.findUniqueOrThrow({
    where: { id: caseId },
    select: { openedAt: true, slaClock: true, slaPauses: true, agency: { select: { timeZone: true } } },
  });
  const pauses: Pause[] = parsePauses(row.slaPauses);
  if (to === PAUSE_STATUS) {
    pauses.push({ from: now, to: null });
    await tx.case.update({ where: { id: caseId }, data: { slaPauses: serialisePauses(pauses) } });
    return false;
  }
  const open = pauses.findLast((p) => p.to === null);
  if (open) open.to = now < open.from ? open.from : now;
  const clock = clockOf({ ...row, slaPauses: serialisePauses(pauses) }, now);
  await tx.case.update({
    where: { id: caseId },
    data: {
      slaPauses: serialisePauses(pauses),
      ...(clock
        ? { firstResponseDueAt: clock.firstResponseDueAt, resolutionDueAt: clock.resolutionDueAt }
        : {}),
    },
  });
  return clock !== null;
}

export type SlaScheduler = (caseId: string) => Promise<void>;

/**
 * Adds a delayed `sla` job for every warning and breach of the case that is still to come: job ids carry the
 * deadline, so scheduling twice adds nothing and a moved deadline gets fresh jobs (the old ones find their
 * deadline stale and do nothing). Nothing is scheduled while the case is closed or paused.
 */
export function createSlaScheduler(prisma: PrismaClient, queue: Queue, now: () => Date = () => new Date()) {
  return async (caseId: string) => {
    const row = await prisma.case.findUnique({
      where: { id: caseId },
      select: {
        status: true,
        openedAt: true,
        firstResponseAt: true,
        slaClock: true,
        slaPauses: true,
        agency: { select: { timeZone: true } },
        slaEvents: { select: { kind: true } },
      },
    });
    if (!row || row.status === 'CLOSED' || row.status === PAUSE_STATUS) return;
    const at = now();
    const clock = clockOf(row, at);
    if (!clock) return;
    const fired = new Set(row.slaEvents.map((e) => e.kind));
    for (const checkpoint of clock.checkpoints) {
      if (fired.has(checkpoint.kind)) continue;
      if (checkpoint.clock === 'first' && row.firstResponseAt) continue;
      const payload = JOBS.sla.payload.parse({
        caseId,
        kind: checkpoint.kind,
        dueAt: checkpoint.dueAt.getTime(),
        fireAt: checkpoint.at.getTime(),
      });
      await queue.add('sla', payload, {
        ...JOBS.sla.options,
        jobId: slaJobId(caseId, checkpoint.kind, checkpoint.dueAt),
        delay: Math.max(0, checkpoint.at.getTime() - at.getTime()),
      });
    }
  };
}
