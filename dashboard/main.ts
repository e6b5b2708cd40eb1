import { parseEnv } from '../config/env.ts';
import { checkServices } from '../core/boot/check-services.ts';
import { runMain } from '../core/boot/run-main.ts';
import { createPrisma } from '../core/db/client.ts';
import { createLogger } from '../core/logger.ts';
import { startDashboard } from './server/start-dashboard.ts';

runMain('dashboard', async () => {
  const env = parseEnv();
  await checkServices(env.DATABASE_URL, env.REDIS_URL);
  const logger = createLogger('dashboard', env.LOG_LEVEL);
  const prisma = createPrisma(env.DATABASE_URL);
  const dashboard = await startDashboard({ env, prisma, logger });
  return async () => {
    await dashboard.close();
    await prisma.$disconnect();
  };
});
