import { Router } from 'express';
import { z } from 'zod';
import type { PrismaClient } from '../../../core/db/client.ts';
import { authenticate } from '../auth/authenticate.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import { SESSION_COOKIE, type SessionStore } from '../auth/sessions.ts';
import { html, page } from '../html.ts';
import { sendError, sendInvalid } from '../http-errors.ts';

export const ZLoginForm = z.object({
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

export interface LoginDeps {
  prisma: PrismaClient;
  sessions: SessionStore;
  throttle: LoginThrottle;
  secureCookies: boolean;
}

/** The browser form (`/login`) and the JSON API (`/api/auth/*`) share one authentication path. */
export function loginRoutes(deps: LoginDeps): Router {
  const router = Router();
  const cookieOptions = { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, path: '/' } as const;

  router.get('/login', (_req, res) => {
    res.type('html').send(loginPage());
  });
  router.post('/login', async (req, res) => {
    const form = ZLoginForm.safeParse(req.body);
    if (!form.success) {
      res.status(400).type('html').send(loginPage(form.error.issues[0]?.message));
      return;
    }
    const outcome = await authenticate(deps, form.data.username, form.data.password, req.ip ?? 'unknown');
    if (!outcome.ok) {
      res.status(outcome.status).type('html').send(loginPage(outcome.message, form.data.username));
      return;
    }
    res.cookie(SESSION_COOKIE, await deps.sessions.create(outcome.user), cookieOptions);
    res.redirect(303, '/');
  });
  router.post('/api/auth/login', async (req, res) => {
    const body = ZLoginForm.safeParse(req.body);
    if (!body.success) return sendInvalid(res, body.error);
    const outcome = await authenticate(deps, body.data.username, body.data.password, req.ip ?? 'unknown');
    if (!outcome.ok) return sendError(res, outcome.status, outcome.code, outcome.message);
    res.cookie(SESSION_COOKIE, await deps.sessions.create(outcome.user), cookieOptions);
    res.json({ user: outcome.user });
  });
  router.get('/api/auth/session', (req, res) => {
    if (!req.user) return sendError(res, 401, 'unauthenticated', 'Silakan masuk terlebih dahulu.');
    res.json({ user: req.user, csrfToken: req.csrfToken });
  });
  const logout = async (req: import('express').Request, res: import('express').Response) => {
    await deps.sessions.destroy(req.sessionToken);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    if (req.path.startsWith('/api/')) res.status(204).end();
    else res.redirect(303, '/login');
  };
  router.post('/logout', logout);
  router.post('/api/auth/logout', logout);
  return router;
}
