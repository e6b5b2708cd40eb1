import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { sendError } from '../http-errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token is derived from the session token, so it needs no storage and dies with the session. */
export function csrfTokenFor(secret: string, sessionToken: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionToken}`).digest('base64url');
}

/**
 * Every state-changing request of a signed-in user must carry the token (header `x-csrf-token` or form
 * field `_csrf`). Requests without a session (the login itself) must come from our own origin when a
 * browser says where it comes from.
 */
export function csrfProtection(secret: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (!req.sessionToken) {
      const origin = req.headers.origin;
      if (origin && origin !== `${req.protocol}://${req.headers.host}`) {
        return sendError(res, 403, 'csrf', 'Permintaan ditolak: asal permintaan tidak dikenal.');
      }
      return next();
    }
    const sent = req.get('x-csrf-token') ?? (req.body as { _csrf?: unknown } | undefined)?._csrf;
    const expected = csrfTokenFor(secret, req.sessionToken);
    if (typeof sent !== 'string' || !safeEqual(sent, expected)) {
      return sendError(res, 403, 'csrf', 'Permintaan ditolak: token CSRF tidak ada atau tidak cocok.');
    }
    next();
  };
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
