import { transitionCase } from '../cases/transition-case.ts';
import type { PrismaClient } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { Role } from '../db/generated/enums.ts';
import { DomainError } from '../domain-error.ts';

/** Kept as a name of its own for readers; the API maps every DomainError alike. */
export class ReplyError extends DomainError {}

type Actor = { id: string; role: Role };

async function loadReply(tx: Prisma.TransactionClient, replyId: string) {
  const reply = await tx.reply.findUnique({
    where: { id: replyId },
    select: {
      id: true,
      caseId: true,
      authorId: true,
      status: true,
      version: true,
      kind: true,
      verdict: true,
      claimTitle: true,
      text: true,
      case: { select: { agencyId: true, version: true } },
    },
  });
  if (!reply) throw new ReplyError(404, 'not_found', 'Balasan tidak ditemukan.');
  return reply;
}

/** Optimistic lock on the reply: the version the actor saw must still be current. */
async function bumpReply(
  tx: Prisma.TransactionClient,
  replyId: string,
  version: number,
  from: string[],
  data: Prisma.ReplyUpdateManyMutationInput,
) {
  const updated = await tx.reply.updateMany({
    where: { id: replyId, version, status: { in: from as never[] } },
    data: { ...data, version: { increment: 1 } },
  });
  if (updated.count === 0) {
    throw new ReplyError(
      409,
      'conflict',
      'Balasan telah diubah atau diputuskan orang lain. Muat ulang untuk melihat keadaan terbaru.',
    );
  }
}

/** Drafter sends a draft (or a revised rejected reply) for validation; the case waits for a validator. */
export function submitReply(prisma: PrismaClient, replyId: string, version: number, actor: Actor) {
  return prisma.$transaction(async (tx) => {
    const reply = await loadReply(tx, replyId);
    if (reply.authorId !== actor.id)
      throw new ReplyError(403, 'not_author', 'Hanya penyusun yang dapat mengajukan balasan ini.');
    await bumpReply(tx, replyId, version, ['DRAFT', 'REJECTED'], { status: 'PENDING_VALIDATION' });
    return transitionCase(tx, { caseId: reply.caseId, action: 'submit', actor, data: { replyId } });
  });
}

/**
 * Four eyes: a validator approves a reply someone else drafted. Two validators racing: the reply's version
 * check lets exactly one through. An approved verdict joins the claim registry.
 */
export function approveReply(
  prisma: PrismaClient,
  replyId: string,
  version: number,
  actor: Actor,
  comment?: string,
) {
  return prisma.$transaction(async (tx) => {
    const reply = await loadReply(tx, replyId);
    if (reply.authorId === actor.id) {
      throw new ReplyError(
        403,
        'own_draft',
        'Validator tidak boleh menyetujui balasan yang disusunnya sendiri.',
      );
    }
    await bumpReply(tx, replyId, version, ['PENDING_VALIDATION'], { status: 'APPROVED' });
    await tx.review.create({
      data: { replyId, validatorId: actor.id, decision: 'APPROVE', comment: comment ?? null },
    });
    let claimId: string | null = null;
    if (reply.kind === 'VERDICT' && reply.verdict) {
      const claim = await tx.claim.create({
        data: {
          agencyId: reply.case.agencyId,
          title: reply.claimTitle ?? reply.text.slice(0, 120),
          text: reply.text,
          verdict: reply.verdict,
        },
        select: { id: true },
      });
      claimId = claim.id;
    }
    const moved = await transitionCase(tx, {
      caseId: reply.caseId,
      action: reply.kind === 'VERDICT' ? 'approve_verdict' : 'approve_reply',
      actor,
      data: { replyId, ...(claimId ? { claimId } : {}), ...(comment ? { comment } : {}) },
    });
    return { ...moved, claimId };
  });
}

/** A rejection always says why, and sends the reply back to its drafter. */
export function rejectReply(
  prisma: PrismaClient,
  replyId: string,
  version: number,
  actor: Actor,
  comment: string,
) {
  return prisma.$transaction(async (tx) => {
    const reply = await loadReply(tx, replyId);
    if (reply.authorId === actor.id)
      throw new ReplyError(
        403,
        'own_draft',
        'Validator tidak boleh memutuskan balasan yang disusunnya sendiri.',
      );
    await bumpReply(tx, replyId, version, ['PENDING_VALIDATION'], { status: 'REJECTED' });
    await tx.review.create({ data: { replyId, validatorId: actor.id, decision: 'REJECT', comment } });
    return transitionCase(tx, {
      caseId: reply.caseId,
      action: 'reject',
      actor,
      note: comment,
      data: { replyId },
    });
  });
}
