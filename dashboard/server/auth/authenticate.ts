import { verifyPassword } from '../../../core/auth/passwords.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { TSessionUser } from './sessions.ts';

export type LoginOutcome =
  | { ok: true; user: TSessionUser }
  | { ok: false; status: 401 | 429; code: string; message: string };

/** Password check shared by the form and the JSON API: throttled, audited, no account enumeration. */
export async function authenticate(
  deps: { prisma: PrismaClient; throttle: LoginThrottle },
  username: string,
  password: string,
  ip: string,
): Promise<LoginOutcome> {
  const gate = await deps.throttle.check(username, ip);
  if (gate === 'rate_limited') {
    return {
      ok: false,
      status: 429,
      code: 'rate_limited',
      message: 'Terlalu banyak percobaan masuk. Coba lagi sebentar lagi.',
    };
  }
  if (gate === 'locked') {
    await audit(deps.prisma, 'auth.login_locked', username, null, { ip });
    return {
      ok: false,
      status: 429,
      code: 'locked',
      message: 'Akun dikunci sementara karena terlalu banyak percobaan gagal. Coba lagi dalam 15 menit.',
    };
  }
  const user = await deps.prisma.user.findUnique({ where: { username } });
  // Same message whether the user or the password is wrong: no account enumeration.
  if (!user?.active || !(await verifyPassword(user.passwordHash, password))) {
    await deps.throttle.recordFailure(username);
    await audit(deps.prisma, 'auth.login_failed', username, null, { ip });
    return {
      ok: false,
      status: 401,
      code: 'bad_credentials',
      message: 'Nama pengguna atau kata sandi salah.',
    };
  }
  await deps.throttle.recordSuccess(username);
  await audit(deps.prisma, 'auth.login', username, user.id, { ip }, user.agencyId);
  return {
    ok: true,
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      agencyId: user.agencyId,
    },
  };
}

function audit(
  prisma: PrismaClient,
  action: string,
  username: string,
  actorId: string | null,
  data: Record<string, string>,
  agencyId: string | null = null,
) {
  return prisma.auditEvent.create({
    data: { action, actorId, agencyId, entityType: 'User', entityId: username, data },
  });
}
