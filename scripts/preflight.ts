import { checkServices, ServiceUnavailableError } from '../core/boot/check-services.ts';

/**
 * Before `npm start` or `npm test` do anything slow: are Postgres and Redis reachable?
 * --tests checks the URLs tests use (TEST_DATABASE_URL/TEST_REDIS_URL); --create-db creates the database.
 */
const forTests = process.argv.includes('--tests');
const databaseUrl = forTests
  ? (process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres')
  : (process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tanggap');
const redisUrl =
  (forTests ? process.env.TEST_REDIS_URL : undefined) ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

try {
  await checkServices(databaseUrl, redisUrl, { createDatabase: process.argv.includes('--create-db') });
} catch (error) {
  if (!(error instanceof ServiceUnavailableError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
