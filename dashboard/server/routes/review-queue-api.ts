import { visibleAgencies } from '../../../core/cases/access.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import { defineRoute } from '../api/api-route.ts';

const MAX_ITEMS = 100;

/** The validator's queue: replies awaiting validation in the user's scope, each beside the citizen's words. */
export function reviewQueueApiRoutes(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/api/review-queue',
      summary:
        'Drafts and verdicts awaiting validation (oldest first), with the inbound messages of their case',
      roles: ['VALIDATOR', 'SUPERVISOR'],
      handler: async ({ user }) => {
        const agencies = await visibleAgencies(prisma, user);
        const replies = await prisma.reply.findMany({
          where: { status: 'PENDING_VALIDATION', case: { agencyId: { in: agencies } } },
          orderBy: { updatedAt: 'asc' },
          take: MAX_ITEMS,
          select: {
            id: true,
            kind: true,
            verdict: true,
            claimTitle: true,
            text: true,
            version: true,
            createdAt: true,
            author: { select: { id: true, displayName: true } },
            case: {
              select: {
                id: true,
                subject: true,
                category: true,
                status: true,
                channelId: true,
                agency: { select: { name: true, timeZone: true } },
                messages: {
                  where: { direction: 'INBOUND' },
                  orderBy: { postedAt: 'asc' },
                  take: 20,
                  select: {
                    id: true,
                    text: true,
                    postedAt: true,
                    contact: { select: { displayName: true, handle: true } },
                  },
                },
              },
            },
          },
        });
        return {
          items: replies.map(({ case: c, ...reply }) => ({
            reply,
            case: {
              id: c.id,
              subject: c.subject,
              category: c.category,
              status: c.status,
              channelId: c.channelId,
              agencyName: c.agency.name,
              timeZone: c.agency.timeZone,
            },
            original: c.messages.map((m) => ({
              id: m.id,
              text: m.text,
              postedAt: m.postedAt,
              contactName: m.contact?.displayName ?? m.contact?.handle ?? null,
            })),
          })),
        };
      },
    }),
  ];
}
