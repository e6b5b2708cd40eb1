import type { Queue } from 'bullmq';
import type { TSlaPolicy } from '../../config/tanggap-schema.ts';
import type { PrismaClient } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { CaseCategory, CaseStatus, MessageKind } from '../db/generated/enums.ts';
import { JOBS, slaJobId } from '../jobs/catalogue.ts';
import { agencyCalendar } from './agency-calendar.ts';
import {
  type CaseClock,
  type CaseClockPolicy,
  computeCaseClock,
  type Pause,
  parsePauses,
  type SlaTarget,
  serialisePauses,
} from './case-clock.ts';
import { epochKind, slaStateOf } from './sla-state.ts';

/** The state in which the SLA clock stands still unless the policy names others. */
export const PAUSE_STATUS: CaseStatus = 'WAITING_ON_CITIZEN';

/** Whether the case's clocks stand still in this state under its policy. */
export function isPaused(policy: CaseClockPolicy | null, status: string): boolean {
  return (policy?.pauseIn ?? [PAUSE_STATUS]).includes(status);
}

/** Comments, mentions and posts are public; direct messages and e-mail private. */
export function channelTypeOf(kind: MessageKind): 'public' | 'private' {
  return kind === 'DM' || kind === 'EMAIL' ? 'private' : 'public';
}

/**
 * The clock a case of this category (opened by a message of this kind) runs on under this policy; null when
 * the policy sets no target. Targets for the channel type win over the category's general ones.
 */
export function clockPolicyFor(
  policy: TSlaPolicy | undefined,
  category: CaseCategory,
  kind?: MessageKind,
): CaseClockPolicy | null {
  if (!policy) return null;
  const byType = kind ? policy.byChannelType?.[channelTypeOf(kind)] : undefined;
  const hours = policy.firstResponseHours?.[category];
  const configured = byType?.firstResponse?.[category] ?? policy.firstResponse?.[category];
  const firstResponse: SlaTarget | undefined = configured
    ? stripUndefined(configured)
    : hours
      ? { calendarHours: hours }
      : undefined;
  const configuredResolution = byType?.resolution?.[category] ?? policy.resolution?.[category];
  const resolution = configuredResolution ? stripUndefined(configuredResolution) : undefined;
  if (!firstResponse && !resolution) return null;
  return {
    ...(firstResponse ? { firstResponse } : {}),
    ...(resolution ? { resolution } : {}),
    warnAt: policy.warnAt,
    onForward: policy.onForward,
    pauseIn: policy.pauseIn,
  };
}

function stripUndefined(target: object): SlaTarget {
  return Object.fromEntries(Object.entries(target).filter(([, v]) => v !== undefined)) as SlaTarget;
}

/** What computing a case's clock needs; select it with CLOCK_FIELDS. */
export const CLOCK_FIELDS = {
  openedAt: true,
  slaStartedAt: true,
  slaClock: true,
  slaPauses: true,
  agency: { select: { timeZone: true, calendar: true } },
} as const;

type ClockRow = {
  openedAt: Date;
  slaStartedAt: Date | null;
  slaClock: Prisma.JsonValue;
  slaPauses: Prisma.JsonValue;
  agency: { timeZone: string; calendar: Prisma.JsonValue };
};

export function clockPolicyOf(row: { slaClock: Prisma.JsonValue }): CaseClockPolicy | null {
  return (row.slaClock as unknown as CaseClockPolicy | null) ?? null;
}

export function clockOf(row: ClockRow, now: Date): CaseClock | null {
  const policy = clockPolicyOf(row);
  if (!policy) return null;
  return computeCaseClock({
    policy,
    timeZone: row.agency.timeZone,
    calendar: agencyCalendar(row.agency),
    openedAt: row.slaStartedAt ?? row.openedAt,
    pauses: parsePauses(row.slaPauses),
    now,
  });
}

/**
 * The SLA side of a transition, inside its transaction, after the case row has moved: entering
 * WAITING_ON_CITIZEN opens a pause and leaving it closes the pause (the deadlines move by the time paused);
 * a forward keeps the clocks or restarts them at the forward, as the policy says, in the new agency's
 * calendar. The deadlines and the SLA state are then recomputed from stored facts. Returns true when the
 * deadlines may have moved (the caller then schedules the case's SLA jobs again, after commit).
 */
export async function applySlaTransition(
  tx: Prisma.TransactionClient,
  caseId: string,
  change: { from: CaseStatus; to: CaseStatus; forwarded: boolean; now: Date },
): Promise<boolean> {
  const row = await tx.case.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      ...CLOCK_FIELDS,
      slaEpoch: true,
      slaState: true,
      firstResponseAt: true,
      resolvedAt: true,
      slaEvents: { select: { kind: true } },
    },
  });
  const { from, to, now } = change;
  const policy = clockPolicyOf(row);
  let pauses: Pause[] = parsePauses(row.slaPauses);
  let startedAt = row.slaStartedAt;
  let epoch = row.slaEpoch;
  let moved = false;
  if (change.forwarded && policy) {
    if (policy.onForward === 'restart') {
      startedAt = now;
      epoch += 1;
      pauses = [];
    }
    moved = true;
  }
  const wasPaused = isPaused(policy, from);
  const nowPaused = isPaused(policy, to);
  if (!wasPaused && nowPaused) pauses.push({ from: now, to: null });
  if (wasPaused && !nowPaused) {
    const open = pauses.findLast((p) => p.to === null);
    if (open) open.to = new Date(Math.max(now.getTime(), open.from.getTime()));
    moved = true;
  }
  const clock = clockOf({ ...row, slaStartedAt: startedAt, slaPauses: serialisePauses(pauses) }, now);
  const firstResponseDueAt = clock?.firstResponseDueAt ?? null;
  const resolutionDueAt = clock?.resolutionDueAt ?? null;
  const slaState = slaStateOf({
    policy,
    epoch,
    eventKinds: row.slaEvents.map((e) => e.kind),
    firstResponseAt: row.firstResponseAt,
    firstResponseDueAt,
    resolvedAt: row.resolvedAt,
    resolutionDueAt,
  });
  await tx.case.update({
    where: { id: caseId },
    data: {
      slaPauses: serialisePauses(pauses),
      slaStartedAt: startedAt,
      slaEpoch: epoch,
      slaState,
      ...(clock ? { firstResponseDueAt, resolutionDueAt } : {}),
    },
  });
  return moved && clock !== null;
}

export type SlaScheduler = (caseId: string) => Promise<void>;

/**
 * Adds a delayed `sla` job for every warning and breach of the case that is still to come: job ids carry the
 * deadline and the clock epoch, so scheduling twice adds nothing and a moved deadline gets fresh jobs (the
 * old ones find their deadline stale and do nothing). Nothing is scheduled while the case is closed or paused.
 */
export function createSlaScheduler(prisma: PrismaClient, queue: Queue, now: () => Date = () => new Date()) {
  return async (caseId: string) => {
    const row = await prisma.case.findUnique({
      where: { id: caseId },
      select: {
        ...CLOCK_FIELDS,
        status: true,
        slaEpoch: true,
        firstResponseAt: true,
        slaEvents: { select: { kind: true } },
      },
    });
    if (!row || row.status === 'CLOSED' || isPaused(clockPolicyOf(row), row.status)) return;
    const at = now();
    const clock = clockOf(row, at);
    if (!clock) return;
    const fired = new Set(row.slaEvents.map((e) => e.kind));
    for (const checkpoint of clock.checkpoints) {
      const kind = epochKind(row.slaEpoch, checkpoint.kind);
      if (fired.has(kind)) continue;
      if (checkpoint.clock === 'first' && row.firstResponseAt) continue;
      const payload = JOBS.sla.payload.parse({
        caseId,
        kind,
        dueAt: checkpoint.dueAt.getTime(),
        fireAt: checkpoint.at.getTime(),
      });
      await queue.add('sla', payload, {
        ...JOBS.sla.options,
        jobId: slaJobId(caseId, kind, checkpoint.dueAt),
        delay: Math.max(0, checkpoint.at.getTime() - at.getTime()),
      });
    }
  };
}

/**
 * A formal request's one extension (UU 14/2008 Pasal 22 ayat 8) moves the case's resolution clock with it:
 * a working-days target grows by the extension (10 + 7 working days = the request's new legal deadline);
 * a case whose policy set no working-days resolution target gets the statutory one plus the extension.
 * Returns true when the deadline moved (schedule the case's SLA jobs again after commit).
 */
export async function extendResolutionClock(
  tx: Prisma.TransactionClient,
  caseId: string,
  extra: { workingDays: number; baseWorkingDays: number },
  now: Date,
): Promise<boolean> {
  const row = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: CLOCK_FIELDS });
  const policy = clockPolicyOf(row);
  if (!policy) return false;
  const current = policy.resolution;
  const days = current && 'workingDays' in current ? current.workingDays : extra.baseWorkingDays;
  const extended: CaseClockPolicy = { ...policy, resolution: { workingDays: days + extra.workingDays } };
  const clock = clockOf({ ...row, slaClock: extended as unknown as Prisma.JsonValue }, now)!;
  await tx.case.update({
    where: { id: caseId },
    data: {
      slaClock: extended as unknown as Prisma.InputJsonValue,
      resolutionDueAt: clock.resolutionDueAt,
      version: { increment: 1 },
    },
  });
  return true;
}
