import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import type { PrismaClient } from '../../core/db/client.ts';
import type { Logger } from '../../core/logger.ts';
import { loadUser } from './auth/middleware.ts';
import type { SessionStore } from './auth/sessions.ts';
import { adminPageRoutes } from './routes/admin-page.ts';
import { caseRoutes } from './routes/cases.ts';
import { failureRoutes } from './routes/failures.ts';
import { healthRoutes } from './routes/health.ts';
import { loginRoutes } from './routes/login.ts';
import { queuePageRoutes } from './routes/queue-page.ts';

const WEB_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'web');

export function createApp(deps: {
  prisma: PrismaClient;
  redis: Redis;
  sessions: SessionStore;
  logger: Logger;
  secureCookies: boolean;
}) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet({ contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } } }));
  app.use(healthRoutes(deps.prisma, deps.redis));
  app.use('/assets', express.static(WEB_DIR, { maxAge: '1h', index: false }));
  app.use(loadUser(deps.sessions));
  app.use(loginRoutes(deps.prisma, deps.sessions, deps.secureCookies));
  app.use(queuePageRoutes());
  app.use(caseRoutes(deps.prisma));
  app.use(failureRoutes(deps.prisma));
  app.use(adminPageRoutes(deps.prisma));
  app.use((_req, res) => {
    res.status(404).json({ error: 'Tidak ditemukan.' });
  });
  app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    deps.logger.error({ err: error.message }, 'request failed');
    res.status(500).json({ error: 'Terjadi kesalahan pada server.' });
  });
  return app;
}
