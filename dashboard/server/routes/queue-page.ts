import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import { canSeeAgency } from '../../../core/cases/access.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import type { Role } from '../../../core/db/generated/enums.ts';
import { requireUser } from '../auth/middleware.ts';
import { html, page } from '../html.ts';

/** Vite's build of dashboard/web (npm run build:web; scripts/ensure-ready.mjs runs it when stale). */
export const WEB_DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');
const ALL: Role[] = ['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN'];

/** The browser app's views; each path serves the same shell, so a reload or a shared link lands on it. */
export const APP_PAGES: { path: string; roles: Role[]; summary: string }[] = [
  { path: '/', roles: ALL, summary: 'Antrian: live case queue' },
  { path: '/kasus/:id', roles: ALL, summary: 'Kasus: one case (404 outside the user’s agency scope)' },
  { path: '/validasi', roles: ['VALIDATOR', 'SUPERVISOR'], summary: 'Validasi: drafts awaiting approval' },
  { path: '/sla', roles: ['SUPERVISOR', 'ADMIN'], summary: 'SLA board' },
  { path: '/hoaks', roles: ALL, summary: 'Hoaks: claim clusters and registry' },
  { path: '/kanal', roles: ['SUPERVISOR', 'ADMIN'], summary: 'Kanal: channel health and failures' },
];

async function shell(): Promise<string | null> {
  // Read per request (a few KB): a rebuild is picked up without restarting the dashboard.
  return readFile(path.join(WEB_DIST, 'index.html'), 'utf8').catch(() => null);
}

export function queuePageRoutes(prisma: PrismaClient): Router {
  const router = Router();
  for (const p of APP_PAGES) {
    router.get(p.path, requireUser(p.roles), async (req, res) => {
      if (p.path === '/kasus/:id') {
        const kase = await prisma.case.findUnique({
          where: { id: String(req.params.id).slice(0, 40) },
          select: { agencyId: true },
        });
        if (!kase || !(await canSeeAgency(prisma, req.user!, kase.agencyId))) {
          res
            .status(404)
            .type('html')
            .send(
              page(
                'Tidak ditemukan',
                html`<main><p class="error">Kasus tidak ditemukan.</p><a href="/">Antrian</a></main>`,
              ),
            );
          return;
        }
      }
      const body = await shell();
      if (!body) {
        res
          .status(503)
          .type('html')
          .send(
            page(
              'Belum siap',
              html`<main><p class="error">Aplikasi web belum dibangun: jalankan <code>npm run build:web</code>.</p></main>`,
            ),
          );
        return;
      }
      res.set('cache-control', 'no-store').type('html').send(body);
    });
  }
  return router;
}
