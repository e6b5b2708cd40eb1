import { Prisma } from '../db/generated/client.ts';
import type { Role } from '../db/generated/enums.ts';
import { DomainError } from '../domain-error.ts';
import { legalDeadline } from '../sla/agency-calendar.ts';
import { extendResolutionClock } from '../sla/case-sla.ts';
import { LEGAL_CLOCKS } from '../sla/legal-clocks.ts';
import { assignRegisterNumber } from './register-number.ts';

/** Kept as a name of its own for readers; the API maps every DomainError alike. */
export class PpidError extends DomainError {}

type Actor = { id: string; role: Role };

export const MIN_REASON_LENGTH = 10;
/** Clock skew tolerated for an objection's filing time sent by a browser. */
const FUTURE_SKEW_MS = 5 * 60_000;

const REQUEST_AUDIT_FIELDS = {
  id: true,
  caseId: true,
  agencyId: true,
  registerNumber: true,
  requestedAt: true,
  dueAt: true,
  extendedAt: true,
  extensionReason: true,
} as const;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

function requireReason(reason: string, what: string): string {
  const trimmed = reason.trim();
  if (trimmed.length < MIN_REASON_LENGTH) {
    throw new PpidError(
      400,
      'invalid_input',
      `Alasan ${what} wajib diisi (min. ${MIN_REASON_LENGTH} karakter).`,
      'reason',
    );
  }
  return trimmed;
}

/**
 * Registers a case as a formal request for public information (UU 14/2008): one per case, numbered in
 * the agency's register for the local year of `requestedAt` (the case's opening, when the citizen asked).
 * Runs inside the caller's transaction and writes one audit event.
 */
export async function openFormalRequest(
  tx: Prisma.TransactionClient,
  input: { caseId: string; actor: Actor },
) {
  const kase = await tx.case.findUnique({
    where: { id: input.caseId },
    select: {
      id: true,
      agencyId: true,
      openedAt: true,
      agency: { select: { timeZone: true, calendar: true } },
    },
  });
  if (!kase) throw new PpidError(404, 'not_found', 'Kasus tidak ditemukan.');
  const existing = await tx.informationRequest.findUnique({
    where: { caseId: kase.id },
    select: { registerNumber: true },
  });
  if (existing) {
    throw new PpidError(
      409,
      'already_registered',
      `Kasus ini sudah diregistrasi sebagai permintaan informasi ${existing.registerNumber}.`,
    );
  }
  // Last before the insert: the counter's row lock is held to the end of the transaction.
  const number = await assignRegisterNumber(tx, {
    agencyId: kase.agencyId,
    at: kase.openedAt,
    timeZone: kase.agency.timeZone,
  });
  const request = await tx.informationRequest
    .create({
      data: {
        caseId: kase.id,
        agencyId: kase.agencyId,
        year: number.year,
        seq: number.seq,
        registerNumber: number.registerNumber,
        requestedAt: kase.openedAt,
        dueAt: legalDeadline(kase.agency, kase.openedAt, 'informationRequest'),
      },
    })
    .catch((error: unknown) => {
      // A concurrent registration of the same case won the race; this transaction (and its number) rolls back.
      if (isUniqueViolation(error)) {
        throw new PpidError(
          409,
          'already_registered',
          'Kasus ini sudah diregistrasi sebagai permintaan informasi.',
        );
      }
      throw error;
    });
  await tx.auditEvent.create({
    data: {
      agencyId: kase.agencyId,
      actorId: input.actor.id,
      action: 'ppid.request_registered',
      entityType: 'InformationRequest',
      entityId: request.id,
      data: {
        caseId: kase.id,
        before: null,
        after: {
          registerNumber: request.registerNumber,
          year: request.year,
          seq: request.seq,
          requestedAt: request.requestedAt.toISOString(),
        },
      },
    },
  });
  return request;
}

function auditView(r: {
  dueAt: Date | null;
  extendedAt: Date | null;
  extensionReason: string | null;
}): Prisma.InputJsonObject {
  return {
    dueAt: r.dueAt?.toISOString() ?? null,
    extendedAt: r.extendedAt?.toISOString() ?? null,
    extensionReason: r.extensionReason,
  };
}

/**
 * Extends the answer period once (UU 14/2008 Pasal 22 ayat 8: up to 7 more working days, with a written
 * reason). A second extension is refused, also when two arrive at once.
 */
export async function extendRequest(
  tx: Prisma.TransactionClient,
  input: { requestId: string; actor: Actor; reason: string; at?: Date },
) {
  const reason = requireReason(input.reason, 'perpanjangan');
  const before = await tx.informationRequest.findUnique({
    where: { id: input.requestId },
    select: REQUEST_AUDIT_FIELDS,
  });
  if (!before) throw new PpidError(404, 'not_found', 'Permintaan informasi tidak ditemukan.');
  const alreadyExtended = () =>
    new PpidError(409, 'already_extended', 'Jangka waktu permintaan ini sudah pernah diperpanjang.');
  if (before.extendedAt) throw alreadyExtended();
  const zone = await agencyCalendarOf(tx, before.agencyId);
  // Conditional update: of two concurrent extensions only one matches `extendedAt: null`.
  const updated = await tx.informationRequest.updateMany({
    where: { id: before.id, extendedAt: null },
    // The 7 working days run on from the end of the first 10 (UU 14/2008 Pasal 22 ayat 8).
    data: {
      extendedAt: input.at ?? new Date(),
      extensionReason: reason,
      dueAt: legalDeadline(
        zone,
        before.dueAt ?? legalDeadline(zone, before.requestedAt, 'informationRequest'),
        'informationRequestExtension',
      ),
    },
  });
  if (updated.count === 0) throw alreadyExtended();
  // The case's resolution clock moves with the legal deadline (and its SLA jobs are rescheduled).
  await extendResolutionClock(
    tx,
    before.caseId,
    {
      workingDays: LEGAL_CLOCKS.informationRequestExtension.workingDays,
      baseWorkingDays: LEGAL_CLOCKS.informationRequest.workingDays,
    },
    input.at ?? new Date(),
  );
  const after = await tx.informationRequest.findUniqueOrThrow({
    where: { id: before.id },
    select: REQUEST_AUDIT_FIELDS,
  });
  await tx.auditEvent.create({
    data: {
      agencyId: before.agencyId,
      actorId: input.actor.id,
      action: 'ppid.request_extended',
      entityType: 'InformationRequest',
      entityId: before.id,
      data: { caseId: before.caseId, before: auditView(before), after: auditView(after) },
    },
  });
  return after;
}

/**
 * Records an objection (keberatan, UU 14/2008 Pasal 35–36) against a formal request. `filedAt` is when the
 * citizen filed it (may be earlier than now, e.g. a letter typed in later), never before the request.
 */
export async function fileObjection(
  tx: Prisma.TransactionClient,
  input: { requestId: string; actor: Actor; reason: string; filedAt: Date },
) {
  const reason = requireReason(input.reason, 'keberatan');
  if (Number.isNaN(input.filedAt.getTime())) {
    throw new PpidError(400, 'invalid_input', 'Tanggal pengajuan keberatan tidak valid.', 'filedAt');
  }
  const request = await tx.informationRequest.findUnique({
    where: { id: input.requestId },
    select: { id: true, caseId: true, agencyId: true, requestedAt: true },
  });
  if (!request) throw new PpidError(404, 'not_found', 'Permintaan informasi tidak ditemukan.');
  if (input.filedAt.getTime() > Date.now() + FUTURE_SKEW_MS) {
    throw new PpidError(
      400,
      'invalid_input',
      'Tanggal pengajuan keberatan tidak boleh di masa depan.',
      'filedAt',
    );
  }
  if (input.filedAt < request.requestedAt) {
    throw new PpidError(
      400,
      'invalid_input',
      'Keberatan tidak dapat diajukan sebelum permintaan informasinya.',
      'filedAt',
    );
  }
  const objection = await tx.objection.create({
    data: {
      requestId: request.id,
      reason,
      filedAt: input.filedAt,
      dueAt: legalDeadline(await agencyCalendarOf(tx, request.agencyId), input.filedAt, 'objection'),
    },
  });
  await tx.auditEvent.create({
    data: {
      agencyId: request.agencyId,
      actorId: input.actor.id,
      action: 'ppid.objection_filed',
      entityType: 'InformationRequest',
      entityId: request.id,
      data: {
        caseId: request.caseId,
        objectionId: objection.id,
        before: null,
        after: {
          reason,
          filedAt: objection.filedAt.toISOString(),
          dueAt: objection.dueAt?.toISOString() ?? null,
        },
      },
    },
  });
  return objection;
}

function agencyCalendarOf(tx: Prisma.TransactionClient, agencyId: string) {
  return tx.agency.findUniqueOrThrow({
    where: { id: agencyId },
    select: { timeZone: true, calendar: true },
  });
}
