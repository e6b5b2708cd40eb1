import { parseEnv } from '../config/env.ts';
import { loadTanggapConfig } from '../config/load-tanggap.ts';
import { checkServices } from '../core/boot/check-services.ts';
import { runMain } from '../core/boot/run-main.ts';
import { createPrisma } from '../core/db/client.ts';
import { createLogger } from '../core/logger.ts';
import { startWorker } from './start-worker.ts';

runMain('worker', async () => {
  const env = parseEnv();
  const config = loadTanggapConfig(env.TANGGAP_CONFIG);
  await checkServices(env.DATABASE_URL, env.REDIS_URL);
  const logger = createLogger('worker', env.LOG_LEVEL);
  const prisma = createPrisma(env.DATABASE_URL);
  const worker = await startWorker({
    env,
    config,
    prisma,
    logger,
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL.replace(/\/$/, '') } : {}),
  });
  return async () => {
    await worker.close();
    await prisma.$disconnect();
  };
});
