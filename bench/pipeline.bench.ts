// Pipeline throughput: N messages from the fake Telegram server through poll → store → classify → case →
// event, on a scratch database and Redis prefix (never the dev ones). Prints figures; asserts nothing.
import pg from 'pg';
import { parseTanggapConfig } from '../config/load-tanggap.ts';
import { syncConfig } from '../core/config-sync.ts';
import { createPrisma } from '../core/db/client.ts';
import { createLogger } from '../core/logger.ts';
import { deployMigrations } from '../prisma/tools/deploy.ts';
import { DEMO_CORPUS } from '../test/fakes/demo-corpus.ts';
import { startFakeTelegram } from '../test/fakes/telegram-server.ts';
import { deleteRedisPrefix } from '../test/support/redis-cleanup.ts';
import { systemConfigYaml, TOKEN_ENV } from '../test/support/system.ts';
import { classifyText } from '../worker/classify/rules.ts';
import { startWorker } from '../worker/start-worker.ts';

const N = Number(process.env.BENCH_MESSAGES ?? 2000);
const base = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `tanggap_bench_${process.pid}`;
const dbUrl = Object.assign(new URL(base), { pathname: `/${dbName}` }).toString();
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`create database "${dbName}"`);

try {
  await deployMigrations(dbUrl);
  // Classifier alone.
  const texts = Array.from({ length: 20_000 }, (_, i) => DEMO_CORPUS[i % DEMO_CORPUS.length]!.text);
  let t = performance.now();
  for (const text of texts) classifyText(text);
  const classifyPerSec = texts.length / ((performance.now() - t) / 1000);

  const token = '1:bench';
  const telegram = await startFakeTelegram({ token });
  const config = parseTanggapConfig(systemConfigYaml(telegram.url, 5));
  const prisma = createPrisma(dbUrl);
  await syncConfig(prisma, config);
  const prefix = `tanggap-bench-${process.pid}`;
  for (let i = 0; i < N; i++) {
    const m = DEMO_CORPUS[i % DEMO_CORPUS.length]!;
    telegram.pushMessage({
      from: { ...m.from, id: m.from.id + 100_000 * Math.floor(i / DEMO_CORPUS.length) },
      text: m.text,
    });
  }
  const rssBefore = process.memoryUsage().rss;
  t = performance.now();
  const worker = await startWorker({
    env: { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: prefix },
    config,
    prisma,
    logger: createLogger('bench', 'silent'),
    secrets: { [TOKEN_ENV]: token },
  });
  let stored = 0;
  let storedAt = 0;
  for (;;) {
    const [messages, notified] = await Promise.all([
      prisma.message.count(),
      prisma.message.count({ where: { notifiedAt: { not: null } } }),
    ]);
    if (messages === N && !storedAt) {
      stored = messages;
      storedAt = performance.now() - t;
    }
    if (notified === N) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const totalMs = performance.now() - t;
  const cases = await prisma.case.count();
  await worker.close();
  await telegram.close();
  await prisma.$disconnect();
  await deleteRedisPrefix(prefix);
  console.log(`classifier (rules-1): ${Math.round(classifyPerSec).toLocaleString('en')} messages/s`);
  console.log(`pipeline: ${N} messages → ${cases} cases`);
  console.log(`  stored (poll + insert): ${stored} in ${(storedAt / 1000).toFixed(2)} s`);
  console.log(
    `  classified + announced: ${N} in ${(totalMs / 1000).toFixed(2)} s = ${Math.round(N / (totalMs / 1000))} messages/s`,
  );
  console.log(`  RSS growth: ${((process.memoryUsage().rss - rssBefore) / 1048576).toFixed(1)} MiB`);
} finally {
  await admin.query(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
  process.exit(0);
}
