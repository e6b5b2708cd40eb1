import { z } from 'zod';
import { CaseWorkflowError } from '../../../core/cases/transition-case.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import type { CaseEmitter } from '../../../core/realtime/case-emitter.ts';
import { draftFromTemplate } from '../../../core/replies/draft-from-template.ts';
import { approveReply, rejectReply, submitReply } from '../../../core/replies/review-reply.ts';
import { ApiError, defineRoute } from '../api/api-route.ts';
import type { TSessionUser } from '../auth/sessions.ts';
import { loadVisibleCase, workflowErrorToApi } from './case-api.ts';

const ZId = z.object({ id: z.string().min(1).max(40) });
const ZText = z
  .string()
  .trim()
  .min(1, 'Teks balasan wajib diisi')
  .max(4_000, 'Teks balasan paling banyak 4.000 karakter');
const ZDraft = z
  .object({
    /** Either the text, or a template key (optionally with a link) that the server fills in from the case. */
    text: ZText.optional(),
    templateKey: z.string().trim().min(1).max(64).optional(),
    link: z.url().max(500).optional(),
    kind: z.enum(['REPLY', 'VERDICT']).default('REPLY'),
    verdict: z.enum(['HOAKS', 'DISINFORMASI', 'MISINFORMASI', 'FAKTA', 'BELUM_TERVERIFIKASI']).optional(),
    claimTitle: z.string().trim().min(5).max(200).optional(),
  })
  .refine((d) => d.kind !== 'VERDICT' || d.verdict, {
    message: 'Putusan wajib diisi untuk klarifikasi',
    path: ['verdict'],
  });
const ZVersion = z.object({ version: z.number().int().min(0) });
const ZApprove = ZVersion.extend({ comment: z.string().trim().max(2_000).optional() });
const ZReject = ZVersion.extend({
  comment: z.string().trim().min(5, 'Alasan penolakan wajib diisi (min. 5 karakter)').max(2_000),
});

// ReplyError is a DomainError, which mountApi answers itself; workflow refusals get their HTTP status here.
function toApi(error: unknown): never {
  if (error instanceof CaseWorkflowError) workflowErrorToApi(error);
  throw error;
}

export function replyApiRoutes(deps: {
  prisma: PrismaClient;
  emitCase: CaseEmitter;
  enqueuePublish: (replyId: string) => Promise<void>;
}) {
  const { prisma } = deps;
  /** A reply is visible exactly when its case is. */
  const loadReply = async (user: TSessionUser, replyId: string) => {
    const reply = await prisma.reply.findUnique({
      where: { id: replyId },
      select: { id: true, caseId: true, authorId: true },
    });
    if (!reply) throw new ApiError(404, 'not_found', 'Balasan tidak ditemukan.');
    await loadVisibleCase(prisma, user, reply.caseId).catch(() => {
      throw new ApiError(404, 'not_found', 'Balasan tidak ditemukan.');
    });
    return reply;
  };
  const announce = (caseId: string, version: number) =>
    deps.emitCase(caseId, `case:${caseId}:v${version}`, 'updated');

  return [
    defineRoute({
      method: 'post',
      path: '/api/cases/:id/replies',
      summary: 'Draft a reply (or, for misinformation, a verdict with its clarification)',
      roles: ['AGENT'],
      params: ZId,
      authorize: ({ user, params }) => loadVisibleCase(prisma, user, params.id).then(() => undefined),
      body: ZDraft,
      status: 201,
      handler: async ({ user, params, body }) => {
        const kase = await loadVisibleCase(prisma, user, params.id);
        const text = body.text ?? (await draftFromTemplate(prisma, params.id, body.templateKey!, body.link));
        if (!text) throw new ApiError(400, 'invalid_input', 'Templat tidak ditemukan.', 'templateKey');
        return prisma.$transaction(async (tx) => {
          const reply = await tx.reply.create({
            data: {
              caseId: params.id,
              authorId: user.id,
              text,
              kind: body.kind,
              verdict: body.verdict ?? null,
              claimTitle: body.claimTitle ?? null,
            },
          });
          await tx.auditEvent.create({
            data: {
              agencyId: kase.agencyId,
              actorId: user.id,
              action: 'reply.drafted',
              entityType: 'Reply',
              entityId: reply.id,
              data: { caseId: params.id },
            },
          });
          return reply;
        });
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/replies/:id',
      summary: 'Edit a draft or a rejected reply (its author only)',
      roles: ['AGENT'],
      params: ZId,
      authorize: ({ user, params }) => loadReply(user, params.id).then(() => undefined),
      body: ZVersion.extend({ text: ZText }),
      handler: async ({ user, params, body }) => {
        const reply = await loadReply(user, params.id);
        if (reply.authorId !== user.id)
          throw new ApiError(403, 'not_author', 'Hanya penyusun yang dapat mengubah balasan ini.');
        const updated = await prisma.reply.updateMany({
          where: { id: params.id, version: body.version, status: { in: ['DRAFT', 'REJECTED'] } },
          data: { text: body.text, status: 'DRAFT', version: { increment: 1 } },
        });
        if (updated.count === 0)
          throw new ApiError(409, 'conflict', 'Balasan telah berubah atau sudah diajukan. Muat ulang.');
        return prisma.reply.findUniqueOrThrow({ where: { id: params.id } });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/replies/:id/submit',
      summary: 'Send a reply to validation',
      roles: ['AGENT'],
      params: ZId,
      authorize: ({ user, params }) => loadReply(user, params.id).then(() => undefined),
      body: ZVersion,
      handler: async ({ user, params, body }) => {
        await loadReply(user, params.id);
        const moved = await submitReply(prisma, params.id, body.version, user).catch(toApi);
        await announce(moved.id, moved.version);
        return { caseStatus: moved.to, caseVersion: moved.version };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/replies/:id/approve',
      summary: 'Approve a reply drafted by someone else; it is then published',
      roles: ['VALIDATOR'],
      params: ZId,
      authorize: ({ user, params }) => loadReply(user, params.id).then(() => undefined),
      body: ZApprove,
      handler: async ({ user, params, body }) => {
        await loadReply(user, params.id);
        const moved = await approveReply(prisma, params.id, body.version, user, body.comment).catch(toApi);
        await deps.enqueuePublish(params.id);
        await announce(moved.id, moved.version);
        return { caseStatus: moved.to, caseVersion: moved.version, claimId: moved.claimId };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/replies/:id/reject',
      summary: 'Reject a reply with a required comment; it goes back to its drafter',
      roles: ['VALIDATOR'],
      params: ZId,
      authorize: ({ user, params }) => loadReply(user, params.id).then(() => undefined),
      body: ZReject,
      handler: async ({ user, params, body }) => {
        await loadReply(user, params.id);
        const moved = await rejectReply(prisma, params.id, body.version, user, body.comment).catch(toApi);
        await announce(moved.id, moved.version);
        return { caseStatus: moved.to, caseVersion: moved.version };
      },
    }),
  ];
}
