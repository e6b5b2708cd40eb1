import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const DEAD_PG = 'postgresql://postgres@127.0.0.1:1/tanggap';
const DEAD_REDIS = 'redis://127.0.0.1:2';

function run(script: string, env: Record<string, string>, args: string[] = []) {
  return new Promise<{ code: number | null; output: string; ms: number }>((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output, ms: Date.now() - started }));
  });
}

describe('start-up with Postgres or Redis unreachable', () => {
  it.each([
    ['worker', 'worker/main.ts', []],
    ['dashboard', 'dashboard/main.ts', []],
    ['preflight', 'scripts/preflight.ts', []],
  ])('%s stops within 10 s naming both URLs, without a stack trace', async (_name, script, args) => {
    const result = await run(
      script,
      { DATABASE_URL: DEAD_PG, REDIS_URL: DEAD_REDIS, TANGGAP_CONFIG: 'config/tanggap.demo.yaml' },
      args,
    );
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(10_000);
    expect(result.output).toContain('127.0.0.1:1/tanggap');
    expect(result.output).toContain('docker compose up -d postgres');
    expect(result.output).not.toMatch(/^\s+at /m);
    expect(result.output).toContain('redis://127.0.0.1:2');
  });

  it('a broken config stops the worker with the key path, before touching any service', async () => {
    const result = await run('worker/main.ts', { TANGGAP_CONFIG: 'test/config/does-not-exist.yaml' });
    expect(result.code).toBe(1);
    expect(result.output).toContain('test/config/does-not-exist.yaml: cannot read the file');
    expect(result.output).not.toMatch(/^\s+at /m);
  });
});
