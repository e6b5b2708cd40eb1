import { z } from 'zod';
import { canSeeAgency } from '../../../core/cases/access.ts';
import { CaseWorkflowError, transitionCase } from '../../../core/cases/transition-case.ts';
import { type CaseAction, USER_ACTIONS } from '../../../core/cases/workflow.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import type { CaseEmitter } from '../../../core/realtime/case-emitter.ts';
import { ApiError, defineRoute } from '../api/api-route.ts';
import type { TSessionUser } from '../auth/sessions.ts';

const ZCaseParams = z.object({ id: z.string().min(1).max(40) });
// Replies drive submit/approve/reject themselves (they need the reply), so those are not offered here.
const DIRECT_ACTIONS = USER_ACTIONS.filter(
  (a) => !['submit', 'approve_reply', 'approve_verdict', 'reject'].includes(a),
);
const ZTransition = z.object({
  action: z.enum(DIRECT_ACTIONS as [CaseAction, ...CaseAction[]]),
  version: z.number().int().min(0),
  note: z.string().trim().max(2_000).optional(),
  targetAgencyId: z.string().min(1).optional(),
});
const ZAssign = z.object({ assigneeId: z.string().min(1), version: z.number().int().min(0) });

/** Loads a case the user may see, or answers 404 without revealing that it exists elsewhere. */
export async function loadVisibleCase(prisma: PrismaClient, user: TSessionUser, caseId: string) {
  const found = await prisma.case.findUnique({ where: { id: caseId }, select: { id: true, agencyId: true } });
  if (!found || !(await canSeeAgency(prisma, user, found.agencyId))) {
    throw new ApiError(404, 'not_found', 'Kasus tidak ditemukan.');
  }
  return found;
}

export function workflowErrorToApi(error: unknown): never {
  if (error instanceof CaseWorkflowError) {
    const status = { not_found: 404, role: 403, state: 409, conflict: 409 }[error.reason];
    throw new ApiError(
      status,
      error.reason === 'conflict' ? 'conflict' : `invalid_${error.reason}`,
      error.message,
      undefined,
      error.current,
    );
  }
  throw error;
}

export function caseApiRoutes(deps: {
  prisma: PrismaClient;
  emitCase: CaseEmitter;
  /** Queues the SLA jobs of a case whose deadlines moved (a pause ended). */
  scheduleSla?: (caseId: string) => Promise<void>;
}) {
  const { prisma } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/api/cases/:id',
      summary: 'Case detail: messages, classification reasons, replies with reviews, history',
      roles: ['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN'],
      params: ZCaseParams,
      authorize: ({ user, params }) => loadVisibleCase(prisma, user, params.id).then(() => undefined),
      handler: async ({ user, params }) => {
        await loadVisibleCase(prisma, user, params.id);
        const [kase, history] = await Promise.all([
          prisma.case.findUniqueOrThrow({
            where: { id: params.id },
            include: {
              agency: { select: { name: true, timeZone: true } },
              assignee: { select: { id: true, displayName: true } },
              informationRequest: true,
              messages: {
                orderBy: { postedAt: 'asc' },
                select: {
                  id: true,
                  direction: true,
                  kind: true,
                  text: true,
                  url: true,
                  postedAt: true,
                  editedAt: true,
                  deliveryStatus: true,
                  contact: { select: { displayName: true, handle: true } },
                  revisions: { select: { text: true, replacedAt: true }, orderBy: { replacedAt: 'asc' } },
                  classification: {
                    select: {
                      category: true,
                      secondary: true,
                      confidence: true,
                      reasons: true,
                      modelVersion: true,
                      claimId: true,
                    },
                  },
                },
              },
              replies: {
                orderBy: { createdAt: 'asc' },
                include: {
                  author: { select: { id: true, displayName: true } },
                  reviews: { include: { validator: { select: { displayName: true } } } },
                },
              },
            },
          }),
          prisma.auditEvent.findMany({
            where: { entityType: 'Case', entityId: params.id },
            orderBy: { id: 'asc' },
            select: { action: true, actorId: true, data: true, createdAt: true },
          }),
        ]);
        return { case: kase, history };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/cases/:id/transitions',
      summary: 'Move a case along the workflow (triage, claim, forward, close…), with optimistic locking',
      roles: ['AGENT', 'SUPERVISOR'],
      params: ZCaseParams,
      authorize: ({ user, params }) => loadVisibleCase(prisma, user, params.id).then(() => undefined),
      body: ZTransition,
      handler: async ({ user, params, body }) => {
        const before = await loadVisibleCase(prisma, user, params.id);
        if (body.action === 'forward') {
          if (!body.targetAgencyId)
            throw new ApiError(400, 'invalid_input', 'Pilih instansi tujuan disposisi.', 'targetAgencyId');
          if (!body.note) throw new ApiError(400, 'invalid_input', 'Disposisi memerlukan catatan.', 'note');
          const target = await prisma.agency.findUnique({
            where: { id: body.targetAgencyId },
            select: { id: true },
          });
          if (!target || target.id === before.agencyId) {
            throw new ApiError(400, 'invalid_input', 'Instansi tujuan tidak valid.', 'targetAgencyId');
          }
        }
        const set =
          body.action === 'forward'
            ? {
                agencyId: body.targetAgencyId!,
                forwardedFromId: before.agencyId,
                forwardNote: body.note!,
                assigneeId: null,
              }
            : body.action === 'claim'
              ? { assigneeId: user.id }
              : undefined;
        const result = await prisma
          .$transaction((tx) =>
            transitionCase(tx, {
              caseId: params.id,
              action: body.action,
              actor: { id: user.id, role: user.role },
              expectedVersion: body.version,
              ...(set ? { set } : {}),
              ...(body.note ? { note: body.note } : {}),
            }),
          )
          .catch(workflowErrorToApi);
        if (result.slaChanged) await deps.scheduleSla?.(params.id);
        await deps.emitCase(
          params.id,
          `case:${params.id}:v${result.version}`,
          'updated',
          result.previousAgencyId,
        );
        return { id: result.id, status: result.to, version: result.version, agencyId: result.agencyId };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/cases/:id/assign',
      summary: 'Assign a case to an agent of its agency (supervisor)',
      roles: ['SUPERVISOR'],
      params: ZCaseParams,
      authorize: ({ user, params }) => loadVisibleCase(prisma, user, params.id).then(() => undefined),
      body: ZAssign,
      handler: async ({ user, params, body }) => {
        const kase = await loadVisibleCase(prisma, user, params.id);
        const assignee = await prisma.user.findUnique({
          where: { id: body.assigneeId },
          select: { role: true, agencyId: true, active: true },
        });
        if (!assignee?.active || assignee.role !== 'AGENT' || assignee.agencyId !== kase.agencyId) {
          throw new ApiError(
            400,
            'invalid_input',
            'Petugas harus agen aktif dari instansi kasus ini.',
            'assigneeId',
          );
        }
        const version = await prisma.$transaction(async (tx) => {
          const updated = await tx.case.updateMany({
            where: { id: params.id, version: body.version },
            data: { assigneeId: body.assigneeId, version: { increment: 1 } },
          });
          if (updated.count === 0)
            throw new ApiError(409, 'conflict', 'Kasus telah diubah orang lain. Muat ulang.');
          await tx.auditEvent.create({
            data: {
              agencyId: kase.agencyId,
              actorId: user.id,
              action: 'case.assigned',
              entityType: 'Case',
              entityId: params.id,
              data: { after: { assigneeId: body.assigneeId } },
            },
          });
          return body.version + 1;
        });
        await deps.emitCase(params.id, `case:${params.id}:v${version}`, 'updated');
        return { id: params.id, assigneeId: body.assigneeId, version };
      },
    }),
  ];
}
