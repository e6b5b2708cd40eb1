import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployMigrations, MIGRATIONS_DIR, SCHEMA_PATH } from '../../prisma/tools/deploy.ts';
import { openEngine } from '../../prisma/tools/schema-engine.ts';
import { databaseUrl, randomSuffix, TEST_PG_BASE } from '../support/test-services.ts';

// A database of its own (not the shared template), so this exercises a deploy from nothing.
const dbName = `tanggap_test_migr_${randomSuffix()}`;
const url = databaseUrl(dbName);
const admin = new pg.Client({ connectionString: TEST_PG_BASE });
let firstDeploy: string[] = [];

beforeAll(async () => {
  await admin.connect();
  await admin.query(`create database "${dbName}"`);
  firstDeploy = await deployMigrations(url);
});

afterAll(async () => {
  await admin.query(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
});

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('prisma migrations', () => {
  it('deploy on a fresh database applies the migrations and creates the tables', async () => {
    expect(firstDeploy.length).toBeGreaterThan(0);
    const tables = await query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public'`,
    );
    const names = tables.map((t) => t.table_name);
    expect(names).toEqual(expect.arrayContaining(['Message', 'Case', '_prisma_migrations']));
  });

  it('a second deploy applies nothing and status is up to date', async () => {
    expect(await deployMigrations(url)).toEqual([]);
    const engine = await openEngine(url, SCHEMA_PATH);
    try {
      expect((await engine.status(MIGRATIONS_DIR)).upToDate).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it('Message is unique on (channelId, externalId)', async () => {
    // Prisma renders @@unique as a unique index; compare its columns in index order.
    const rows = await query<{ cols: string[] }>(
      `select array_agg(a.attname::text order by k.ord) as cols
         from pg_index x
         join pg_class t on t.oid = x.indrelid
         cross join unnest(x.indkey) with ordinality as k(attnum, ord)
         join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
        where t.relname = 'Message' and x.indisunique and not x.indisprimary
        group by x.indexrelid`,
    );
    expect(rows.map((r) => r.cols)).toContainEqual(['channelId', 'externalId']);
  });
});
