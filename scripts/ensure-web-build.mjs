// Plain Node: builds the dashboard's browser app (Vite) when dashboard/web/dist is missing or older than any
// source file. A lock directory keeps parallel callers (test files starting at once) from building twice.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = path.join(ROOT, 'dashboard/web');
const BUILT = path.join(WEB, 'dist/index.html');
const LOCK = path.join(WEB, '.build-lock');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const isStale = () => !existsSync(BUILT) || statSync(BUILT).mtimeMs < newestSource(WEB);

export function ensureWebBuild() {
  if (!isStale()) return;
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Someone else is building; a lock older than two minutes is left over from a killed build.
      if (waited > 120_000 || Date.now() - statSync(LOCK).mtimeMs > 120_000)
        rmSync(LOCK, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (!isStale()) return;
    console.log('Membangun aplikasi web dasbor…');
    const result = spawnSync(
      'npx',
      ['vite', 'build', '--config', 'dashboard/web/vite.config.ts', '--logLevel', 'warn'],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
    if (result.status !== 0) throw new Error(`vite build gagal (kode ${result.status})`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureWebBuild();
