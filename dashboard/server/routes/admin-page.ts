import { Router } from 'express';
import { agencyWithDescendants } from '../../../core/agencies/agency-tree.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import { requireUser } from '../auth/middleware.ts';
import { html, page } from '../html.ts';

const STATUS_LABEL: Record<string, string> = {
  ACTIVE: 'aktif',
  PAUSED: 'dijeda',
  AUTH_FAILED: 'autentikasi gagal',
  ERROR: 'galat',
};
const when = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

/** Channel health and items that could not be processed, for the admins of an agency subtree. */
export function adminPageRoutes(prisma: PrismaClient): Router {
  const router = Router();
  router.get('/admin', requireUser(['ADMIN']), async (req, res) => {
    const agencies = await agencyWithDescendants(prisma, req.user!.agencyId);
    const [channels, failures] = await Promise.all([
      prisma.channel.findMany({ where: { agencyId: { in: agencies } }, orderBy: { id: 'asc' } }),
      prisma.processingFailure.findMany({
        where: { channel: { agencyId: { in: agencies } }, resolvedAt: null },
        orderBy: { createdAt: 'desc' },
        take: 200,
      }),
    ]);
    res.type('html').send(
      page(
        'Admin',
        html`<header class="top"><strong>Tanggap</strong><a href="/">Antrean</a></header>
<main>
  <h1>Kesehatan kanal</h1>
  <table class="queue" id="channels">
    <thead><tr><th>Kanal</th><th>Platform</th><th>Akun</th><th>Status</th><th>Terakhir diambil (UTC)</th><th>Galat terakhir</th></tr></thead>
    <tbody>${channels.map(
      (c) => html`<tr data-status="${c.status}"><td>${c.id}</td><td>${c.platform}</td><td>${c.account}</td>
      <td>${STATUS_LABEL[c.status] ?? c.status}</td><td>${c.lastPolledAt ? when.format(c.lastPolledAt) : '—'}</td>
      <td>${c.lastError ?? '—'}</td></tr>`,
    )}</tbody>
  </table>
  <h2>Gagal diproses (${failures.length})</h2>
  <p>Item dari platform yang tidak dapat dibaca. Disimpan utuh (dibatasi 64 KiB) agar dapat diperiksa.</p>
  <table class="queue" id="failures">
    <thead><tr><th>Waktu (UTC)</th><th>Kanal</th><th>ID</th><th>Alasan</th><th>Data mentah</th></tr></thead>
    <tbody>${failures.map(
      (
        f,
      ) => html`<tr><td>${when.format(f.createdAt)}</td><td>${f.channelId}</td><td>${f.externalId ?? '—'}</td>
      <td>${f.reason}</td><td><details><summary>${f.raw.length} karakter</summary><pre>${f.raw.slice(0, 4_000)}</pre></details></td></tr>`,
    )}</tbody>
  </table>
</main>`,
      ),
    );
  });
  return router;
}
