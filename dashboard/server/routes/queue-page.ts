import { Router } from 'express';
import { requireUser } from '../auth/middleware.ts';
import { html, page } from '../html.ts';

const ROLE_LABEL = {
  AGENT: 'Agen humas',
  VALIDATOR: 'Validator',
  SUPERVISOR: 'Supervisor',
  ADMIN: 'Admin',
} as const;

/** The live queue: the shell is rendered here, rows come from /api/cases and socket events. */
export function queuePageRoutes(): Router {
  const router = Router();
  router.get('/', requireUser(), (req, res) => {
    const user = req.user!;
    res.type('html').send(
      page(
        'Antrean kasus',
        html`<header class="top">
  <strong>Tanggap</strong>
  <span class="who">${user.displayName} · ${ROLE_LABEL[user.role]}</span>
  <span id="live" class="live" data-state="connecting">menghubungkan…</span>
  ${user.role === 'ADMIN' ? html`<a href="/admin">Admin</a>` : ''}
  <form method="post" action="/logout"><input type="hidden" name="_csrf" value="${req.csrfToken}"><button type="submit">Keluar</button></form>
</header>
<main>
  <h1>Antrean kasus</h1>
  <p class="counts" id="counts" aria-live="polite"></p>
  <table class="queue">
    <thead><tr><th>Kategori</th><th>Ringkasan</th><th>Warga</th><th>Instansi</th><th>Diterima</th><th>Batas respons</th><th>Pesan</th><th>Status</th></tr></thead>
    <tbody id="cases"></tbody>
  </table>
  <p id="empty" class="empty">Belum ada kasus.</p>
</main>`,
        ['/socket.io/socket.io.min.js', '/assets/queue.js'],
      ),
    );
  });
  return router;
}
