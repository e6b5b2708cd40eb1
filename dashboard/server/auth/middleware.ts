import { parse as parseCookie } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import type { PrismaClient } from '../../../core/db/client.ts';
import { sendError } from '../http-errors.ts';
import { csrfTokenFor } from './csrf.ts';
import { currentUser } from './current-user.ts';
import { SESSION_COOKIE, type SessionStore, type TSessionUser } from './sessions.ts';

declare module 'express-serve-static-core' {
  interface Request {
    user?: TSessionUser;
    sessionToken?: string;
    csrfToken?: string;
  }
}

export function sessionToken(cookieHeader: string | undefined): string | undefined {
  return cookieHeader ? parseCookie(cookieHeader)[SESSION_COOKIE] : undefined;
}

export function loadUser(sessions: SessionStore, prisma: PrismaClient, secret: string) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const token = sessionToken(req.headers.cookie);
    const user = await currentUser(sessions, prisma, token);
    if (user) {
      req.user = user;
      req.sessionToken = token;
      req.csrfToken = csrfTokenFor(secret, token!);
    }
    next();
  };
}

/** Pages redirect to the login form; API routes answer 401/403 in JSON. */
export function requireUser(roles?: TSessionUser['role'][]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const isApi = req.path.startsWith('/api/') || req.baseUrl.startsWith('/api');
    if (!req.user) {
      if (isApi) sendError(res, 401, 'unauthenticated', 'Silakan masuk terlebih dahulu.');
      else res.redirect(303, '/login');
      return;
    }
    if (roles && !roles.includes(req.user.role)) {
      sendError(res, 403, 'forbidden', 'Peran Anda tidak berwenang untuk ini.');
      return;
    }
    next();
  };
}
