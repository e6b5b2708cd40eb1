import { visibleAgencies } from '../../../core/cases/access.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import { defineRoute } from '../api/api-route.ts';

/**
 * The agencies of the user's scope with their parent (the SLA board draws PPID Utama → Pelaksana), time zone
 * and channel ids, so views that list channels (Hoaks, Kanal) show times in the channel's agency's zone.
 */
export function agencyApiRoutes(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/api/agencies',
      summary: 'Agencies in the user’s scope (id, name, kind, parent, time zone, channel ids)',
      roles: ['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN'],
      handler: async ({ user }) => {
        const ids = await visibleAgencies(prisma, user);
        const agencies = await prisma.agency.findMany({
          where: { id: { in: ids } },
          orderBy: { name: 'asc' },
          select: {
            id: true,
            name: true,
            kind: true,
            parentId: true,
            timeZone: true,
            channels: { select: { id: true }, orderBy: { id: 'asc' } },
          },
        });
        return {
          agencies: agencies.map(({ channels, ...a }) => ({ ...a, channelIds: channels.map((c) => c.id) })),
        };
      },
    }),
  ];
}
