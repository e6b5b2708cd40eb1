import pg from 'pg';
import { inject } from 'vitest';
import { createPrisma, type PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { deleteRedisPrefix } from './redis-cleanup.ts';
import { databaseUrl, randomSuffix, TEST_PG_BASE, TEST_REDIS_URL } from './test-services.ts';

export interface TestContext {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  prisma: PrismaClient;
  logger: ReturnType<typeof createLogger>;
  cleanup(): Promise<void>;
}

/** A fresh database cloned from the migrated template and a Redis key prefix, both private to the caller. */
export async function createTestContext(label: string): Promise<TestContext> {
  const suffix = randomSuffix();
  // Prefixed with the run's template name (which holds the run's pid), so a concurrent run never drops it.
  const name = `${inject('templateDatabase')}_${label.replace(/[^a-z0-9]/g, '_').slice(0, 16)}_${suffix}`;
  const admin = new pg.Client({ connectionString: TEST_PG_BASE });
  await admin.connect();
  await admin.query(`create database "${name}" template "${inject('templateDatabase')}"`);
  await admin.end();
  const url = databaseUrl(name);
  const prisma = createPrisma(url);
  const redisPrefix = `tanggap-test-${label}-${suffix}`;
  return {
    databaseUrl: url,
    redisUrl: TEST_REDIS_URL,
    redisPrefix,
    prisma,
    logger: createLogger('test', process.env.TEST_LOG_LEVEL ?? 'silent'),
    async cleanup() {
      await prisma.$disconnect();
      await deleteRedisPrefix(redisPrefix);
      const drop = new pg.Client({ connectionString: TEST_PG_BASE });
      await drop.connect();
      await drop.query(`drop database if exists "${name}" with (force)`);
      await drop.end();
    },
  };
}

/** Waits for a condition that an event elsewhere makes true (DB rows, queue state). */
export async function waitUntil<T>(
  check: () => Promise<T | false | null | undefined>,
  { timeoutMs = 30_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
