import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import type { TTanggapConfig } from '../../config/tanggap-schema.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import type { Logger } from '../../core/logger.ts';
import type { CaseEmitter } from '../../core/realtime/case-emitter.ts';
import { type ApiRoute, mountApi } from './api/api-route.ts';
import { DOCUMENTED_ROUTES } from './api/documented-routes.ts';
import { openApiDocument } from './api/openapi.ts';
import { csrfProtection } from './auth/csrf.ts';
import { createLoginThrottle } from './auth/login-throttle.ts';
import { loadUser } from './auth/middleware.ts';
import type { SessionStore } from './auth/sessions.ts';
import { sendError } from './http-errors.ts';
import { adminPageRoutes } from './routes/admin-page.ts';
import { adminUserApiRoutes } from './routes/admin-users-api.ts';
import { agencyApiRoutes } from './routes/agencies-api.ts';
import { caseApiRoutes } from './routes/case-api.ts';
import { caseRoutes } from './routes/cases.ts';
import { claimApiRoutes } from './routes/claims-api.ts';
import { classificationApiRoutes } from './routes/classification-api.ts';
import { emergingApiRoutes } from './routes/emerging-api.ts';
import { failureApiRoutes } from './routes/failures.ts';
import { healthRoutes } from './routes/health.ts';
import { loginRoutes } from './routes/login.ts';
import { ppidApiRoutes } from './routes/ppid-api.ts';
import { queuePageRoutes } from './routes/queue-page.ts';
import { replyApiRoutes } from './routes/reply-api.ts';
import { reviewQueueApiRoutes } from './routes/review-queue-api.ts';
import { slaApiRoutes } from './routes/sla-api.ts';
import { templateApiRoutes } from './routes/templates-api.ts';
import { type WebhookDeps, webhookRoutes } from './routes/webhooks.ts';

const WEB_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'web');

export function createApp(deps: {
  prisma: PrismaClient;
  redis: Redis;
  sessions: SessionStore;
  logger: Logger;
  secureCookies: boolean;
  sessionSecret: string;
  redisPrefix: string;
  emitCase: CaseEmitter;
  enqueuePublish: (replyId: string) => Promise<void>;
  scheduleSla?: (caseId: string) => Promise<void>;
  /** Meta webhook endpoints; absent when the dashboard runs without the channel configuration. */
  webhooks?: WebhookDeps;
  /** tanggap.yaml: SLA policies for recategorised cases; absent in tests that need none. */
  config?: TTanggapConfig;
}) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } },
      // With no-referrer, Chromium sends `Origin: null` on form posts, which the CSRF origin check must refuse.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.use(healthRoutes(deps.prisma, deps.redis));
  // Before sessions, body parsers and CSRF: the platform signs the raw body, and carries no session.
  if (deps.webhooks) app.use(webhookRoutes(deps.webhooks));
  // Vite's build (dashboard/web/dist): hashed bundles plus public/style.css for the server-rendered pages.
  app.use('/assets', express.static(path.join(WEB_DIR, 'dist'), { maxAge: '1h', index: false }));
  app.use(loadUser(deps.sessions, deps.prisma, deps.sessionSecret));
  app.use(express.json({ limit: '100kb' }));
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));
  app.use(csrfProtection(deps.sessionSecret));
  app.use(loginRoutes({ ...deps, throttle: createLoginThrottle(deps.redis, deps.redisPrefix) }));
  app.use(queuePageRoutes(deps.prisma));
  app.use(caseRoutes(deps.prisma));
  app.use(adminPageRoutes(deps.prisma));
  const api: ApiRoute[] = [
    ...caseApiRoutes(deps),
    ...replyApiRoutes(deps),
    ...ppidApiRoutes(deps),
    ...templateApiRoutes(deps),
    ...adminUserApiRoutes(deps),
    ...slaApiRoutes(deps),
    ...failureApiRoutes(deps),
    ...classificationApiRoutes(deps),
    ...emergingApiRoutes(deps),
    ...reviewQueueApiRoutes(deps),
    ...claimApiRoutes(deps),
    ...agencyApiRoutes(deps),
  ];
  const openApi = openApiDocument(api, DOCUMENTED_ROUTES);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  const apiRouter = express.Router();
  mountApi(apiRouter, api);
  app.use(apiRouter);
  app.use((_req, res) => sendError(res, 404, 'not_found', 'Tidak ditemukan.'));
  app.use(
    (
      error: Error & { status?: number; type?: string },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      // Body-parser errors (bad JSON, too large) are the client's; anything else is ours and is logged.
      if (error.status && error.status < 500)
        return sendError(res, error.status, error.type ?? 'bad_request', 'Permintaan tidak valid.');
      deps.logger.error({ err: error.message }, 'request failed');
      sendError(res, 500, 'internal', 'Terjadi kesalahan pada server.');
    },
  );
  return app;
}
