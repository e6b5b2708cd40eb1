import { parseEnv } from '../config/env.ts';
import { loadTanggapConfig } from '../config/load-tanggap.ts';
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
  // The channel configuration enables the Meta webhook endpoints (their secrets are env vars it names).
  const config = loadTanggapConfig(env.TANGGAP_CONFIG);
  const dashboard = await startDashboard({ env, prisma, logger, channels: { config, secrets: process.env } });
  return async () => {
    await dashboard.close();
    await prisma.$disconnect();
  };
});
