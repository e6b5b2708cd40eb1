import { z } from 'zod';
import { canSeeAgency, visibleAgencies } from '../../../core/cases/access.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import {
  extendRequest,
  fileObjection,
  MIN_REASON_LENGTH,
  openFormalRequest,
} from '../../../core/ppid/formal-request.ts';
import { ApiError, defineRoute } from '../api/api-route.ts';
import type { TSessionUser } from '../auth/sessions.ts';
import { loadVisibleCase } from './case-api.ts';

const ZId = z.object({ id: z.string().min(1).max(40) });
const ZReason = z
  .string()
  .trim()
  .min(MIN_REASON_LENGTH, `Alasan wajib diisi (min. ${MIN_REASON_LENGTH} karakter)`)
  .max(2_000, 'Alasan paling banyak 2.000 karakter');
const ZExtension = z.object({ reason: ZReason });
const ZObjection = z.object({
  reason: ZReason,
  filedAt: z.iso.datetime({ offset: true, message: 'filedAt harus tanggal-waktu ISO 8601' }).optional(),
});
const ZListQuery = z.object({
  year: z.coerce.number().int().min(2000).max(3000).optional(),
  agencyId: z.string().min(1).max(64).optional(),
});

const NOT_FOUND = () => new ApiError(404, 'not_found', 'Permintaan informasi tidak ditemukan.');

export function ppidApiRoutes(deps: {
  prisma: PrismaClient;
  /** Queues the SLA jobs of a case whose deadlines moved (an extension). */
  scheduleSla?: (caseId: string) => Promise<void>;
}) {
  const { prisma } = deps;
  /**
   * A request is visible to users who see the agency whose register it is in; otherwise 404. Runs as the
   * route's `authorize`, before the body is validated, so a foreign request's existence never leaks.
   */
  const loadVisibleRequest = async (user: TSessionUser, requestId: string): Promise<void> => {
    const request = await prisma.informationRequest.findUnique({
      where: { id: requestId },
      select: { agencyId: true },
    });
    if (!request || !(await canSeeAgency(prisma, user, request.agencyId))) throw NOT_FOUND();
  };

  return [
    defineRoute({
      method: 'post',
      path: '/api/cases/:id/formal-request',
      summary:
        'Register a case as a formal public-information request (UU 14/2008); assigns the register number',
      roles: ['AGENT', 'SUPERVISOR'],
      params: ZId,
      authorize: ({ user, params }) => loadVisibleCase(prisma, user, params.id).then(() => undefined),
      body: z.object({}),
      status: 201,
      handler: async ({ user, params }) => {
        return prisma.$transaction((tx) => openFormalRequest(tx, { caseId: params.id, actor: user }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/information-requests/:id/extension',
      summary: 'Extend the answer period of a formal request once, with a written reason',
      roles: ['AGENT', 'SUPERVISOR'],
      params: ZId,
      authorize: ({ user, params }) => loadVisibleRequest(user, params.id),
      body: ZExtension,
      handler: async ({ user, params, body }) => {
        const extended = await prisma.$transaction((tx) =>
          extendRequest(tx, { requestId: params.id, actor: user, reason: body.reason }),
        );
        await deps.scheduleSla?.(extended.caseId);
        return extended;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/information-requests/:id/objections',
      summary: 'Record an objection (keberatan) against a formal request',
      roles: ['AGENT', 'SUPERVISOR'],
      params: ZId,
      authorize: ({ user, params }) => loadVisibleRequest(user, params.id),
      body: ZObjection,
      status: 201,
      handler: async ({ user, params, body }) => {
        const filedAt = body.filedAt ? new Date(body.filedAt) : new Date();
        return prisma.$transaction((tx) =>
          fileObjection(tx, { requestId: params.id, actor: user, reason: body.reason, filedAt }),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/information-requests',
      summary: 'The register of formal requests of the agencies the user sees (query: year, agencyId)',
      roles: ['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN'],
      handler: async ({ req, user }) => {
        const query = ZListQuery.safeParse(req.query);
        if (!query.success) {
          const issue = query.error.issues[0];
          throw new ApiError(
            400,
            'invalid_input',
            issue?.message ?? 'Input tidak valid.',
            issue?.path.join('.'),
          );
        }
        const visible = await visibleAgencies(prisma, user);
        const agencies = query.data.agencyId ? visible.filter((a) => a === query.data.agencyId) : visible;
        const requests = await prisma.informationRequest.findMany({
          where: { agencyId: { in: agencies }, ...(query.data.year ? { year: query.data.year } : {}) },
          orderBy: [{ agencyId: 'asc' }, { year: 'desc' }, { seq: 'desc' }],
          take: 500,
          include: {
            case: { select: { id: true, subject: true, status: true, category: true } },
            objections: { orderBy: { filedAt: 'asc' } },
          },
        });
        return { requests };
      },
    }),
  ];
}
