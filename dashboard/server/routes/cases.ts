import { Router } from 'express';
import { visibleAgencies } from '../../../core/cases/access.ts';
import { listCaseSummaries } from '../../../core/cases/case-summary.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import { requireUser } from '../auth/middleware.ts';

/** The queue: cases the user works on (own agency; supervisors and admins their subtree), newest first. */
export function caseRoutes(prisma: PrismaClient): Router {
  const router = Router();
  router.get('/api/cases', requireUser(), async (req, res) => {
    const agencies = await visibleAgencies(prisma, req.user!);
    res.json({ cases: await listCaseSummaries(prisma, agencies) });
  });
  return router;
}
