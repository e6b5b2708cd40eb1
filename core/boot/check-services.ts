import { Redis } from 'ioredis';
import pg from 'pg';

const TIMEOUT_MS = 4_000;

export class ServiceUnavailableError extends Error {
  override name = 'ServiceUnavailableError';
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Fails within a few seconds with a message that names the URL and how to start the service. */
export async function checkPostgres(databaseUrl: string, { createIfMissing = false } = {}): Promise<void> {
  const target = new URL(databaseUrl);
  const dbName = decodeURIComponent(target.pathname.slice(1));
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '3D000' && createIfMissing) return createDatabase(databaseUrl, dbName);
    throw new ServiceUnavailableError(
      `PostgreSQL tidak dapat dihubungi di ${redactUrl(databaseUrl)} (${describe(error)}).\n` +
        '  Jalankan PostgreSQL (mis. `docker compose up -d postgres`) atau atur DATABASE_URL.',
    );
  } finally {
    await client.end().catch(() => {});
  }
}

async function createDatabase(databaseUrl: string, dbName: string): Promise<void> {
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: TIMEOUT_MS });
  try {
    await client.connect();
    await client.query(`create database "${dbName.replaceAll('"', '""')}"`);
  } catch (error) {
    if ((error as { code?: string }).code === '42P04') return; // created meanwhile by another process
    throw new ServiceUnavailableError(
      `Database "${dbName}" belum ada dan tidak dapat dibuat di ${redactUrl(databaseUrl)} (${describe(error)}).`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

export async function checkRedis(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new ServiceUnavailableError(
      `Redis tidak dapat dihubungi di ${redactUrl(redisUrl)} (${describe(error)}).\n` +
        '  Jalankan Redis (mis. `docker compose up -d redis`) atau atur REDIS_URL.',
    );
  } finally {
    redis.disconnect();
  }
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e.code ?? e.message?.split('\n')[0] ?? String(error);
}

/** Checks both services at once and reports every one that is down in a single error. */
export async function checkServices(databaseUrl: string, redisUrl: string, { createDatabase = false } = {}) {
  const results = await Promise.allSettled([
    checkPostgres(databaseUrl, { createIfMissing: createDatabase }),
    checkRedis(redisUrl),
  ]);
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  const unexpected = failures.find((e) => !(e instanceof ServiceUnavailableError));
  if (unexpected) throw unexpected;
  if (failures.length > 0) throw new ServiceUnavailableError(failures.map((e) => e.message).join('\n'));
}
