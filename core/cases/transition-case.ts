import type { Prisma } from '../db/generated/client.ts';
import type { CaseStatus, Role } from '../db/generated/enums.ts';
import { applySlaTransition } from '../sla/case-sla.ts';
import { type CaseAction, checkTransition } from './workflow.ts';

export class CaseWorkflowError extends Error {
  constructor(
    readonly reason: 'not_found' | 'role' | 'state' | 'conflict',
    message: string,
    readonly current?: { status: CaseStatus; version: number },
  ) {
    super(message);
  }
}

export interface TransitionInput {
  caseId: string;
  action: CaseAction;
  actor: { id: string; role: Role } | 'SYSTEM';
  /** The version the actor saw; a stale one is a 409 (optimistic locking). Omitted for system actions. */
  expectedVersion?: number;
  /** Further case fields to set with the transition (assignee, agency on forward…). */
  set?: Prisma.CaseUncheckedUpdateManyInput;
  note?: string;
  data?: Record<string, unknown>;
  /** The instant of the transition (pauses of the SLA clock start and end here); defaults to the wall clock. */
  now?: Date;
}

/** Moves a case along the workflow inside the caller's transaction and writes exactly one audit event. */
export async function transitionCase(tx: Prisma.TransactionClient, input: TransitionInput) {
  const current = await tx.case.findUnique({
    where: { id: input.caseId },
    select: { id: true, status: true, version: true, agencyId: true, assigneeId: true },
  });
  if (!current) throw new CaseWorkflowError('not_found', 'Kasus tidak ditemukan.');
  const role = input.actor === 'SYSTEM' ? 'SYSTEM' : input.actor.role;
  const check = checkTransition(input.action, current.status, role);
  if (!check.ok) throw new CaseWorkflowError(check.reason, check.message, current);
  const version = input.expectedVersion ?? current.version;
  const closing = check.to === 'CLOSED';
  const now = input.now ?? new Date();
  const updated = await tx.case.updateMany({
    where: { id: current.id, version },
    data: {
      ...input.set,
      status: check.to,
      version: { increment: 1 },
      // A closed conversation frees its slot: the citizen's next message opens a new case.
      ...(closing ? { openKey: null, resolvedAt: now } : {}),
    },
  });
  if (updated.count === 0) {
    const latest = await tx.case.findUniqueOrThrow({
      where: { id: current.id },
      select: { status: true, version: true },
    });
    throw new CaseWorkflowError(
      'conflict',
      'Kasus telah diubah orang lain. Muat ulang untuk melihat keadaan terbaru.',
      latest,
    );
  }
  const after = await tx.case.findUniqueOrThrow({
    where: { id: current.id },
    select: { status: true, version: true, agencyId: true, assigneeId: true },
  });
  // Waiting on the citizen stops the SLA clock; leaving that state moves the deadlines (core/sla/case-sla.ts).
  const slaChanged = await applySlaTransition(tx, current.id, {
    from: current.status,
    to: after.status,
    forwarded: after.agencyId !== current.agencyId,
    now,
  });
  await tx.auditEvent.create({
    data: {
      agencyId: current.agencyId,
      actorId: input.actor === 'SYSTEM' ? null : input.actor.id,
      action: `case.${input.action}`,
      entityType: 'Case',
      entityId: current.id,
      data: {
        before: { status: current.status, agencyId: current.agencyId, assigneeId: current.assigneeId },
        after: { status: after.status, agencyId: after.agencyId, assigneeId: after.assigneeId },
        ...(input.note ? { note: input.note } : {}),
        ...(input.data ?? {}),
      } as Prisma.InputJsonValue,
    },
  });
  return {
    id: current.id,
    from: current.status,
    to: after.status,
    version: after.version,
    agencyId: after.agencyId,
    previousAgencyId: current.agencyId,
    /** The SLA deadlines moved: schedule the case's SLA jobs again once the transaction commits. */
    slaChanged,
  };
}
