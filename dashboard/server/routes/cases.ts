import { Router } from 'express';
import { agencyWithDescendants } from '../../../core/agencies/agency-tree.ts';
import { listCaseSummaries } from '../../../core/cases/case-summary.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import { requireUser } from '../auth/middleware.ts';

/** The queue: cases of the user's agency and the offices below it, newest first. */
export function caseRoutes(prisma: PrismaClient): Router {
  const router = Router();
  router.get('/api/cases', requireUser(), async (req, res) => {
    const agencies = await agencyWithDescendants(prisma, req.user!.agencyId);
    res.json({ cases: await listCaseSummaries(prisma, agencies) });
  });
  return router;
}
