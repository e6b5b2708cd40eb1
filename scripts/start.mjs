// `npm start`: the whole demo system from a fresh clone. Plain Node so it runs before dependencies exist.
import { spawn, spawnSync } from 'node:child_process';

process.env.TANGGAP_DEMO ??= '1';
process.env.TANGGAP_CONFIG ??= 'config/tanggap.demo.yaml';
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/tanggap';
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
process.env.PORT ??= '3000';
process.env.TELEGRAM_DEMO_TOKEN ??= '100200300:demo-token-local-only';
const DEMO_TELEGRAM_PORT = '8081';
const TSX = 'node_modules/.bin/tsx';

function step(label, cmd, args) {
  console.log(`▸ ${label}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const started = Date.now();
step('Memeriksa dependensi', 'node', ['scripts/ensure-ready.mjs']);
step('Memeriksa PostgreSQL dan Redis', TSX, ['scripts/preflight.ts', '--create-db']);
step('Menerapkan migrasi', TSX, ['prisma/tools/migrate-cli.ts', 'deploy']);
step('Mengisi data demo', TSX, ['prisma/seed.ts']);

const children = [];
let stopping = false;

function launch(name, script, env = {}) {
  // node itself with tsx's loader: signals reach the process that runs the code, not a wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) process.stdout.write(`${prefix + line}\n`);
    });
  }
  child.on('exit', (code) => {
    if (stopping) return;
    console.error(`${prefix}berhenti (kode ${code}); menghentikan semua proses.`);
    shutdown(1);
  });
  children.push(child);
  return child;
}

function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r))))).then(
    () => process.exit(code),
  );
  setTimeout(() => process.exit(code), 12_000).unref();
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

launch('telegram-demo', 'test/fakes/telegram-demo-main.ts', { PORT: DEMO_TELEGRAM_PORT });
launch('worker', 'worker/main.ts');
launch('dashboard', 'dashboard/main.ts');

const url = `http://127.0.0.1:${process.env.PORT}`;
for (let i = 0; i < 120 && !stopping; i++) {
  const ok = await fetch(`${url}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) {
    console.log(`
  Tanggap berjalan (siap dalam ${((Date.now() - started) / 1000).toFixed(1)} dtk): ${url}
  Masuk sebagai agen, validator, supervisor atau admin — kata sandi: tanggap-demo
  Kasus baru dari server Telegram demo muncul di antrean dengan sendirinya. Ctrl+C untuk berhenti.
`);
    break;
  }
  await new Promise((r) => setTimeout(r, 500));
}
