import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTanggapConfig } from '../../config/load-tanggap.ts';
import { verifyPassword } from '../../core/auth/passwords.ts';
import { syncConfig } from '../../core/config-sync.ts';
import { systemConfigYaml } from '../support/system.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

describe('npm run user:create: the first admin of a fresh installation', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext('create-user');
    await syncConfig(ctx.prisma, parseTanggapConfig(systemConfigYaml('http://127.0.0.1:9')));
  });
  afterAll(async () => ctx?.cleanup());

  const run = (args: string[], password?: string) =>
    spawnSync('npx', ['tsx', 'scripts/create-user.ts', ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        DATABASE_URL: ctx.databaseUrl,
        ...(password ? { TANGGAP_NEW_PASSWORD: password } : { TANGGAP_NEW_PASSWORD: '' }),
      },
    });
  const args = ['--username', 'admin.ppid', '--name', 'Admin PPID', '--role', 'ADMIN', '--agency', 'prov'];

  it('creates the account with an argon2 hash, and names the field when input is wrong', async () => {
    const short = run(args, 'pendek');
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('TANGGAP_NEW_PASSWORD: Kata sandi minimal 12 karakter');
    const badAgency = run([...args.slice(0, 6), '--agency', 'tidak-ada'], 'kata-sandi-yang-panjang');
    expect(badAgency.status).toBe(2);
    expect(badAgency.stderr).toContain('--agency');

    const ok = run(args, 'kata-sandi-yang-panjang');
    expect(ok.status).toBe(0);
    const user = await ctx.prisma.user.findUniqueOrThrow({ where: { username: 'admin.ppid' } });
    expect(user).toMatchObject({ role: 'ADMIN', agencyId: 'prov', active: true });
    expect(await verifyPassword(user.passwordHash, 'kata-sandi-yang-panjang')).toBe(true);
    expect(ok.stdout).not.toContain('kata-sandi');
    expect(
      await ctx.prisma.auditEvent.count({ where: { action: 'admin.user_created', entityId: user.id } }),
    ).toBe(1);

    const again = run(args, 'kata-sandi-yang-panjang');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('--username');
  }, 60_000);
});
