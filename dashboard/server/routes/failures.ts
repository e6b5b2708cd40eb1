import { Router } from 'express';
import { agencyWithDescendants } from '../../../core/agencies/agency-tree.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import { requireUser } from '../auth/middleware.ts';

/** Items that could not be processed, kept for an admin to inspect; channel health beside them. */
export function failureRoutes(prisma: PrismaClient): Router {
  const router = Router();
  router.get('/api/failures', requireUser(['ADMIN']), async (req, res) => {
    const agencies = await agencyWithDescendants(prisma, req.user!.agencyId);
    const failures = await prisma.processingFailure.findMany({
      where: { channel: { agencyId: { in: agencies } }, resolvedAt: null },
      select: { id: true, channelId: true, externalId: true, reason: true, raw: true, createdAt: true },
      orderBy: { createdAt: 'desc' },
      take: 200,
    });
    res.json({ failures: failures.map((f) => ({ ...f, raw: f.raw.slice(0, 2_000) })) });
  });
  router.get('/api/channels', requireUser(['ADMIN', 'SUPERVISOR']), async (req, res) => {
    const agencies = await agencyWithDescendants(prisma, req.user!.agencyId);
    const channels = await prisma.channel.findMany({
      where: { agencyId: { in: agencies } },
      select: {
        id: true,
        agencyId: true,
        platform: true,
        account: true,
        status: true,
        lastPolledAt: true,
        lastError: true,
        lastErrorAt: true,
      },
      orderBy: { id: 'asc' },
    });
    res.json({ channels });
  });
  return router;
}
