import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Role } from '../../../core/db/generated/enums.ts';
import { DomainError } from '../../../core/domain-error.ts';
import type { TSessionUser } from '../auth/sessions.ts';
import { sendError, sendInvalid } from '../http-errors.ts';

/** An error a handler raises on purpose; becomes `{ error: { code, message, field } }` with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface ApiRoute<
  P extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
> {
  method: Method;
  /** Express path, e.g. `/api/cases/:id/transitions`. */
  path: string;
  summary: string;
  /** Roles allowed; agency scope is checked by the handler against the resource it loads. */
  roles: readonly Role[];
  params?: P;
  /**
   * Agency scope: loads the resource named by the params and throws (404) when the user may not see it.
   * Runs before the body is parsed, so nothing about another agency's resource leaks through validation.
   */
  authorize?: (ctx: { user: TSessionUser; params: z.infer<P> }) => Promise<void>;
  body?: B;
  /** The query string (GET filters); errors name the parameter like body errors name the field. */
  query?: Q;
  /** HTTP status on success (default 200). */
  status?: number;
  handler: (ctx: {
    req: Request;
    res: Response;
    user: TSessionUser;
    params: z.infer<P>;
    body: z.infer<B>;
    query: z.infer<Q>;
  }) => Promise<unknown>;
}

/** Typed helper so each route file gets inference for params and body. */
export function defineRoute<
  P extends z.ZodType = z.ZodObject,
  B extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
>(route: ApiRoute<P, B, Q>): ApiRoute {
  return route as unknown as ApiRoute;
}

/** Mounts routes: session and role first, then zod parsing of params and body, then the handler. */
export function mountApi(router: Router, routes: readonly ApiRoute[]): void {
  for (const route of routes) {
    router[route.method](route.path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const user = req.user;
        if (!user) return sendError(res, 401, 'unauthenticated', 'Silakan masuk terlebih dahulu.');
        if (!route.roles.includes(user.role)) {
          return sendError(res, 403, 'forbidden', 'Peran Anda tidak berwenang untuk ini.');
        }
        const params = (route.params ?? z.object({})).safeParse(req.params);
        if (!params.success) return sendInvalid(res, params.error);
        if (route.authorize) await route.authorize({ user, params: params.data });
        const body = (route.body ?? z.unknown()).safeParse(req.body ?? {});
        if (!body.success) return sendInvalid(res, body.error);
        const query = (route.query ?? z.unknown()).safeParse(req.query ?? {});
        if (!query.success) return sendInvalid(res, query.error);
        const result = await route.handler({
          req,
          res,
          user,
          params: params.data,
          body: body.data,
          query: query.data,
        });
        if (res.headersSent) return;
        if (result === undefined) res.status(route.status ?? 204).end();
        else res.status(route.status ?? 200).json(result);
      } catch (error) {
        if (error instanceof DomainError) {
          return sendError(res, error.status, error.code, error.message, error.field);
        }
        if (error instanceof ApiError) {
          res.status(error.status).json({
            error: {
              code: error.code,
              message: error.message,
              ...(error.field ? { field: error.field } : {}),
              ...(error.details !== undefined ? { details: error.details } : {}),
            },
          });
          return;
        }
        next(error);
      }
    });
  }
}
