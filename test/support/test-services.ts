/** Where tests find Postgres and Redis; never the databases or key prefix that `npm start` uses. */
export const TEST_PG_BASE = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrl(name: string): string {
  const url = new URL(TEST_PG_BASE);
  url.pathname = `/${name}`;
  return url.toString();
}

export function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 10);
}
