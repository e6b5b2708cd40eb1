import pg from 'pg';
import { parseTanggapConfig } from '../../config/load-tanggap.ts';
import { syncConfig } from '../../core/config-sync.ts';
import { createPrisma, type PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { type RunningDashboard, startDashboard } from '../../dashboard/server/start-dashboard.ts';
import { deployMigrations } from '../../prisma/tools/deploy.ts';
import { deleteRedisPrefix } from '../support/redis-cleanup.ts';
import { systemConfigYaml } from '../support/system.ts';
import { TEST_PG_BASE, TEST_REDIS_URL } from '../support/test-services.ts';

/**
 * For the dashboard benchmarks (outside vitest): a migrated scratch database and Redis prefix of their own
 * (never the dev `tanggap` ones), the test agencies and channel, and a dashboard on a free port. No worker:
 * the benchmark writes cases itself.
 */
export async function startScratchDashboard(label: string): Promise<{
  prisma: PrismaClient;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  dashboard: RunningDashboard;
  cleanup(): Promise<void>;
}> {
  const name = `tanggap_bench_${label}_${process.pid}`;
  const admin = new pg.Client({ connectionString: TEST_PG_BASE });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  const databaseUrl = Object.assign(new URL(TEST_PG_BASE), { pathname: `/${name}` }).toString();
  await deployMigrations(databaseUrl);
  const prisma = createPrisma(databaseUrl);
  // The channel is never polled (no worker); its API URL only has to parse.
  await syncConfig(prisma, parseTanggapConfig(systemConfigYaml('http://127.0.0.1:9', 5), 'bench.yaml'));
  const redisPrefix = `tanggap-bench-${label}-${process.pid}`;
  const dashboard = await startDashboard({
    env: {
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: redisPrefix,
      PORT: 0,
      HOST: '127.0.0.1',
      SESSION_SECRET: 'bench-session-secret-0123456789',
      NODE_ENV: 'test',
    },
    prisma,
    logger: createLogger('bench', 'silent'),
  });
  return {
    prisma,
    databaseUrl,
    redisUrl: TEST_REDIS_URL,
    redisPrefix,
    dashboard,
    async cleanup() {
      await dashboard.close();
      await prisma.$disconnect();
      await deleteRedisPrefix(redisPrefix);
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/**
 * `count` open cases in the "dinas" agency, one citizen message each, opened every 30 s back from now; in SQL
 * (generate_series), as 100,000 Prisma creates would take minutes.
 */
export async function seedOpenCases(databaseUrl: string, count: number, idPrefix = 'seed'): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const args = [count, idPrefix];
  await db.query(
    `insert into "Contact"(id, platform, "externalId", "displayName")
     select $2 || 'c' || g, 'TELEGRAM', $2 || g, 'Warga ' || g from generate_series(1, $1::int) g`,
    args,
  );
  await db.query(
    `insert into "Case"(id, "agencyId", "channelId", "threadKey", "openKey", category, status, subject,
                        "openedAt", "firstResponseDueAt", "updatedAt")
     select $2 || 'k' || lpad(g::text, 7, '0'), 'dinas', 'tg-dinas', $2 || g, 'tg-dinas:' || $2 || g,
            (array['INFO_REQUEST','COMPLAINT','MISINFORMATION','OTHER'])[1 + g % 4]::"CaseCategory",
            (array['NEW','TRIAGED','IN_PROGRESS'])[1 + g % 3]::"CaseStatus",
            'Laporan ' || g || ': jalan rusak di RT ' || (g % 40) || ' mohon diperbaiki',
            now() - make_interval(secs => g * 30), now() - make_interval(secs => g * 30) + interval '8 hours',
            now()
     from generate_series(1, $1::int) g`,
    args,
  );
  await db.query(
    `insert into "Message"(id, "channelId", "externalId", direction, kind, "threadKey", "contactId", text, raw,
                           "postedAt", "caseId")
     select $2 || 'm' || g, 'tg-dinas', $2 || 'e' || g, 'INBOUND', 'DM', $2 || g, $2 || 'c' || g,
            'Laporan ' || g || ': jalan rusak di RT ' || (g % 40) || ' mohon diperbaiki', '{}'::jsonb,
            now() - make_interval(secs => g * 30), $2 || 'k' || lpad(g::text, 7, '0')
     from generate_series(1, $1::int) g`,
    args,
  );
  await db.query('analyze');
  await db.end();
}
