import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { deployMigrations } from '../../prisma/tools/deploy.ts';
import { databaseUrl, TEST_PG_BASE } from './test-services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/**
 * Migrates one template database per run; each test file then clones it (CREATE DATABASE … TEMPLATE),
 * which takes milliseconds instead of a migration per file.
 */
export default async function setup(project: TestProject) {
  const template = `tanggap_test_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: TEST_PG_BASE });
  await admin.connect();
  await dropStaleTestDatabases(admin);
  await admin.query(`create database "${template}"`);
  await deployMigrations(databaseUrl(template));
  project.provide('templateDatabase', template);

  return async () => {
    await admin.query(`drop database if exists "${template}" with (force)`);
    await admin.end();
  };
}

/** Databases left by an earlier run that was killed; a live run's databases are in use and skipped. */
async function dropStaleTestDatabases(admin: pg.Client) {
  const { rows } = await admin.query<{ datname: string }>(
    `select datname from pg_database where datname like 'tanggap\\_test\\_%'
       and not exists (select 1 from pg_stat_activity a where a.datname = pg_database.datname)`,
  );
  for (const { datname } of rows) {
    // Every database of a run starts with its template's name, which holds the pid of that run.
    const pid = /^tanggap_test_tpl_(\d+)/.exec(datname)?.[1];
    if (pid && isAlive(Number(pid))) continue;
    await admin.query(`drop database if exists "${datname}"`).catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
