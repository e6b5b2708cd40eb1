import express, { Router } from 'express';
import { z } from 'zod';
import { verifyPassword } from '../../../core/auth/passwords.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import { SESSION_COOKIE, type SessionStore } from '../auth/sessions.ts';
import { html, page } from '../html.ts';

const ZLoginForm = z.object({
  username: z.string().trim().min(1, 'Nama pengguna wajib diisi').max(64),
  password: z.string().min(1, 'Kata sandi wajib diisi').max(256),
});

function loginPage(error?: string, username = ''): string {
  return page(
    'Masuk',
    html`<main class="login">
  <h1>Tanggap</h1>
  <p>Respons humas &amp; PPID</p>
  <form method="post" action="/login">
    ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
    <label>Nama pengguna <input name="username" autocomplete="username" value="${username}" required></label>
    <label>Kata sandi <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit">Masuk</button>
  </form>
</main>`,
  );
}

export function loginRoutes(prisma: PrismaClient, sessions: SessionStore, secureCookies: boolean): Router {
  const router = Router();
  router.get('/login', (_req, res) => {
    res.type('html').send(loginPage());
  });
  router.post('/login', express.urlencoded({ extended: false, limit: '8kb' }), async (req, res) => {
    const form = ZLoginForm.safeParse(req.body);
    if (!form.success) {
      res.status(400).type('html').send(loginPage(form.error.issues[0]?.message));
      return;
    }
    const user = await prisma.user.findUnique({ where: { username: form.data.username } });
    // Same message whether the user or the password is wrong: no account enumeration.
    if (!user?.active || !(await verifyPassword(user.passwordHash, form.data.password))) {
      res
        .status(401)
        .type('html')
        .send(loginPage('Nama pengguna atau kata sandi salah.', form.data.username));
      return;
    }
    const token = await sessions.create({
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      agencyId: user.agencyId,
    });
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/' });
    res.redirect(303, '/');
  });
  router.post('/logout', async (req, res) => {
    await sessions.destroy(req.sessionToken);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login');
  });
  return router;
}
