import { fileURLToPath } from 'node:url';
import { openEngine } from './schema-engine.ts';

// Resolved from this file, not the cwd, so tests and scripts can call it from anywhere.
export const SCHEMA_PATH = fileURLToPath(new URL('../schema.prisma', import.meta.url));
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

/**
 * Applies pending migrations to `databaseUrl` and returns the names applied now (empty when up to date).
 * Frees the engine and ends its pool but never exits the process, so it can run several times in one
 * process (e.g. a test setup migrating fresh databases).
 */
export async function deployMigrations(databaseUrl: string): Promise<string[]> {
  const engine = await openEngine(databaseUrl, SCHEMA_PATH);
  try {
    return await engine.apply(MIGRATIONS_DIR);
  } finally {
    await engine.close();
  }
}
