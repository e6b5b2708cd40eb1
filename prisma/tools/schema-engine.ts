// Prisma's schema engine compiled to WASM, driven through adapter-pg: this machine cannot download Prisma's
// native engines, so `prisma migrate` is unusable here. See /work/shared/PRISMA.md for the verified recipe;
// the engine's JS API is undocumented and tied to the pinned @prisma/schema-engine-wasm build.
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, DriverAdapterError } from '@prisma/driver-adapter-utils';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';

type Engine = bg.SchemaEngine;
type MigrationList = bg.MigrationList;

export const LOCKFILE = 'migration_lock.toml';
export const MIGRATION_FILE = 'migration.sql';

// Tables/enums managed outside Prisma: none.
const FILTERS: bg.SchemaFilter = { externalTables: [], externalEnums: [] };
// What the engine prints for a diff without changes.
const EMPTY_DIFF = '-- This is an empty migration.';

export interface MigrationStatus {
  upToDate: boolean;
  hasMigrationsTable: boolean;
  /** In the directory, not yet applied to the database. */
  pending: string[];
  /** Applied to the database but missing from the directory. */
  unknownToDirectory: string[];
  failed: string[];
  /** Applied, but migration.sql changed since (checksum mismatch). */
  edited: string[];
}

export interface SchemaEngineSession {
  /** SQL turning `from` (null = empty database) into `to`; null when there is no change. */
  diff(fromSchemaText: string | null, toSchemaText: string): Promise<string | null>;
  /** Applies pending migrations; returns the names applied now. */
  apply(migrationsDir: string): Promise<string[]>;
  status(migrationsDir: string): Promise<MigrationStatus>;
  /** Frees the engine and ends this session's pool. */
  close(): Promise<void>;
}

let wasmReady: Promise<void> | undefined;

/** The wasm-bindgen glue keeps the instance in module state, so instantiate once per process. */
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const glue = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(path.join(path.dirname(glue), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': unrefTimers(bg) });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
}

/**
 * Each engine arms a 10 s setTimeout it never clears; that kept a process alive ~10 s after its last
 * migration (harmless when it fires after free()). Unref'd, it no longer holds the process open; during an
 * operation the engine's pg sockets keep the loop alive anyway. The import's name carries a build hash.
 */
function unrefTimers(glue: typeof bg): WebAssembly.ModuleImports {
  const name = Object.keys(glue).find((key) => key.startsWith('__wbg_setTimeout_'));
  if (!name) return glue;
  return {
    ...glue,
    [name]: (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref(),
  };
}

/**
 * adapter-pg's executeScript splits on `;`, which breaks `$$` bodies and `;` in comments and applies a failing
 * migration halfway. One simple-protocol query runs the whole file in one implicit transaction instead.
 */
function wholeScriptAdapter(pool: pg.Pool): PrismaPg {
  const factory = new PrismaPg(pool);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (error) {
        throw toAdapterError(error);
      }
    };
    return adapter;
  };
  // With a connection string the adapter's shadow database would be the main database (pitfall 3).
  factory.connectToShadowDb = () => Promise.reject(new Error('shadow database is disabled'));
  return factory;
}

/** Hands the engine a Postgres error it can report (code + message), as adapter-pg itself would. */
function toAdapterError(error: unknown): unknown {
  if (!(error instanceof pg.DatabaseError)) return error;
  return new DriverAdapterError({
    kind: 'postgres',
    code: error.code ?? 'N/A',
    severity: error.severity ?? 'N/A',
    message: error.message,
    detail: error.detail,
    column: error.column,
    hint: error.hint,
  });
}

/**
 * Engine errors carry a Rust span trace ("   0: sql_schema_connector::… at …rs:113"); keep the summary and
 * name the migration it was applying, which otherwise appears only in that trace.
 */
function tidyEngineError(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const lines = error.message.split('\n');
  const traceStart = lines.findIndex((l) => /^\s*\d+: /.test(l));
  const summary = (traceStart === -1 ? lines : lines.slice(0, traceStart)).join('\n').trim();
  const migration = /migration_name="([^"]+)"/.exec(error.message)?.[1];
  return new Error(migration ? `migration ${migration} failed: ${summary}` : summary, { cause: error });
}

function rethrowTidy(error: unknown): never {
  throw tidyEngineError(error);
}

/** The migrations folder in the shape `prisma migrate` hands the engine: directories sorted by name. */
export async function readMigrations(migrationsDir: string): Promise<MigrationList> {
  const baseDir = path.resolve(migrationsDir);
  const lock = await readFile(path.join(baseDir, LOCKFILE), 'utf8').catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    dirs.map(async (dir) => ({
      path: dir,
      migrationFile: {
        path: MIGRATION_FILE,
        content: await readFile(path.join(baseDir, dir, MIGRATION_FILE), 'utf8').then(
          (value) => ({ tag: 'ok' as const, value }),
          (error: Error) => ({ tag: 'error' as const, value: error.message }),
        ),
      },
    })),
  );
  return {
    baseDir,
    lockfile: { path: LOCKFILE, content: lock },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/** Opens an engine on its own pool: it holds an advisory lock, so it must not share the app's pool. */
export async function openEngine(databaseUrl: string, schemaPath: string): Promise<SchemaEngineSession> {
  await loadWasm();
  const schemaText = await readFile(schemaPath, 'utf8');
  // One connection: the engine takes a session-level pg_advisory_lock and never unlocks it explicitly, so it
  // lives exactly as long as this pool (ended in close()) and every engine query runs inside that session.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  let engine: Engine;
  try {
    engine = await bg.SchemaEngine.new(
      { datamodels: [[schemaPath, schemaText]] },
      () => {},
      bindMigrationAwareSqlAdapterFactory(wholeScriptAdapter(pool)),
    );
  } catch (error) {
    await pool.end();
    throw tidyEngineError(error);
  }
  const datamodel = (content: string): bg.DiffTarget => ({
    tag: 'schemaDatamodel',
    files: [{ path: schemaPath, content }],
  });

  return {
    async diff(from, to) {
      const { stdout } = await engine
        .diff({
          from: from === null ? { tag: 'empty' } : datamodel(from),
          to: datamodel(to),
          script: true,
          exitCode: null,
          filters: FILTERS,
        })
        .catch(rethrowTidy);
      const sql = stdout?.trim() ?? '';
      return sql === '' || sql === EMPTY_DIFF ? null : `${sql}\n`;
    },

    async apply(migrationsDir) {
      const migrationsList = await readMigrations(migrationsDir);
      const { appliedMigrationNames } = await engine
        .applyMigrations({ migrationsList, filters: FILTERS })
        .catch(rethrowTidy);
      return appliedMigrationNames;
    },

    async status(migrationsDir) {
      const migrationsList = await readMigrations(migrationsDir);
      const d = await engine
        .diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: FILTERS })
        .catch(rethrowTidy);
      const h = d.history;
      const pending = h && h.diagnostic !== 'migrationsDirectoryIsBehind' ? h.unappliedMigrationNames : [];
      const unknownToDirectory = h && h.diagnostic !== 'databaseIsBehind' ? h.unpersistedMigrationNames : [];
      return {
        upToDate: h === null && d.failedMigrationNames.length === 0 && d.editedMigrationNames.length === 0,
        hasMigrationsTable: d.hasMigrationsTable,
        pending,
        unknownToDirectory,
        failed: d.failedMigrationNames,
        edited: d.editedMigrationNames,
      };
    },

    async close() {
      engine.free();
      await pool.end();
    },
  };
}
