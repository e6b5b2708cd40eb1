// Plain Node (no dependencies): installs packages and generates the Prisma client when missing or stale,
// so `npm start` and `npm test` both work on a fresh clone.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { ensureWebBuild } from './ensure-web-build.mjs';

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

function run(cmd, args, extraEnv = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  if (result.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} gagal (kode ${result.status}).`);
    process.exit(result.status ?? 1);
  }
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 18)) {
  console.error(`Tanggap membutuhkan Node.js 20.18 atau lebih baru (terpasang: ${process.versions.node}).`);
  process.exit(1);
}

if (mtime('node_modules/.package-lock.json') < mtime('package-lock.json')) {
  console.log('Memasang dependensi…');
  // `npm install`, not `npm ci`: npm on Linux leaves other platforms' optional binaries out of the lock
  // file, and `npm ci` then refuses the lock (npm/cli#4828, #8320); install keeps the locked versions.
  run('npm', ['install', '--no-audit', '--no-fund']);
}

if (mtime('core/db/generated/client.ts') < mtime('prisma/schema.prisma')) {
  console.log('Membuat Prisma client…');
  // The CLI only checks that a schema-engine file exists; generating never runs it (docs/ARCHITECTURE.md).
  run('npx', ['prisma', 'generate'], { PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false' });
}

// The dashboard serves dashboard/web/dist; build it on a fresh clone or after the browser code changed.
ensureWebBuild();
