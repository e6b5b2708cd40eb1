import { visibleAgencies } from '../../../core/cases/access.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import { defineRoute } from '../api/api-route.ts';

/** The agencies of the user's scope with their parent, so the SLA board can draw PPID Utama → Pelaksana. */
export function agencyApiRoutes(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/api/agencies',
      summary: 'Agencies in the user’s scope (id, name, kind, parent, time zone)',
      roles: ['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN'],
      handler: async ({ user }) => {
        const ids = await visibleAgencies(prisma, user);
        const agencies = await prisma.agency.findMany({
          where: { id: { in: ids } },
          orderBy: { name: 'asc' },
          select: { id: true, name: true, kind: true, parentId: true, timeZone: true },
        });
        return { agencies };
      },
    }),
  ];
}
