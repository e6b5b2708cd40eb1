import { z } from 'zod';
import type { PrismaClient } from '../../../core/db/client.ts';
import { Prisma } from '../../../core/db/generated/client.ts';
import { TEMPLATE_VARIABLES, unknownPlaceholders } from '../../../core/replies/render-template.ts';
import { ApiError, defineRoute } from '../api/api-route.ts';

const ZCreate = z.object({
  key: z
    .string()
    .trim()
    .regex(
      /^[a-z0-9][a-z0-9_-]{1,62}$/,
      'Kunci 2–63 karakter: huruf kecil, angka, garis bawah atau tanda hubung',
    ),
  title: z.string().trim().min(1, 'Judul wajib diisi').max(120, 'Judul paling banyak 120 karakter'),
  body: z
    .string()
    .trim()
    .min(1, 'Isi templat wajib diisi')
    .max(4_000, 'Isi templat paling banyak 4.000 karakter'),
});

const TEMPLATE_FIELDS = {
  id: true,
  agencyId: true,
  key: true,
  title: true,
  body: true,
  updatedAt: true,
} as const;

export function templateApiRoutes(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/api/templates',
      summary: 'Reply templates: the user’s agency’s own, plus the shipped defaults it does not override',
      roles: ['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN'],
      handler: async ({ user }) => {
        const rows = await prisma.replyTemplate.findMany({
          where: { OR: [{ agencyId: user.agencyId }, { agencyId: null }] },
          orderBy: [{ key: 'asc' }],
          select: TEMPLATE_FIELDS,
        });
        // An agency template shadows the default with the same key.
        const own = new Set(rows.filter((t) => t.agencyId !== null).map((t) => t.key));
        const templates = rows
          .filter((t) => t.agencyId !== null || !own.has(t.key))
          .map((t) => ({ ...t, isDefault: t.agencyId === null }));
        return { templates, variables: TEMPLATE_VARIABLES };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/templates',
      summary: 'Add a reply template for the admin’s agency (may override a default by using its key)',
      roles: ['ADMIN'],
      body: ZCreate,
      status: 201,
      handler: async ({ user, body }) => {
        const unknown = unknownPlaceholders(body.body);
        if (unknown.length > 0) {
          throw new ApiError(
            400,
            'invalid_input',
            `Variabel tidak dikenal: ${unknown.map((n) => `{{${n}}}`).join(', ')}. ` +
              `Yang tersedia: ${TEMPLATE_VARIABLES.map((n) => `{{${n}}}`).join(', ')}.`,
            'body',
          );
        }
        return prisma
          .$transaction(async (tx) => {
            const created = await tx.replyTemplate.create({
              data: { agencyId: user.agencyId, key: body.key, title: body.title, body: body.body },
              select: TEMPLATE_FIELDS,
            });
            await tx.auditEvent.create({
              data: {
                agencyId: user.agencyId,
                actorId: user.id,
                action: 'template.created',
                entityType: 'ReplyTemplate',
                entityId: created.id,
                data: { before: null, after: { key: created.key, title: created.title, body: created.body } },
              },
            });
            return { ...created, isDefault: false };
          })
          .catch((error: unknown) => {
            if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
              throw new ApiError(
                409,
                'key_taken',
                'Instansi Anda sudah memiliki templat dengan kunci ini.',
                'key',
              );
            }
            throw error;
          });
      },
    }),
  ];
}
