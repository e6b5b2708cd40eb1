import { hashPassword } from './auth/passwords.ts';
import type { PrismaClient } from './db/client.ts';
import type { Role } from './db/generated/enums.ts';

export const DEMO_PASSWORD = 'tanggap-demo';

export const DEMO_USERS: { username: string; displayName: string; role: Role }[] = [
  { username: 'agen', displayName: 'Sari (agen humas)', role: 'AGENT' },
  { username: 'validator', displayName: 'Budi (validator)', role: 'VALIDATOR' },
  { username: 'supervisor', displayName: 'Rina (supervisor)', role: 'SUPERVISOR' },
  { username: 'admin', displayName: 'Admin PPID', role: 'ADMIN' },
];

/** Demo logins, only ever created in demo mode; they belong to the top agency of the demo tree. */
export async function seedDemoUsers(prisma: PrismaClient, agencyId: string): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const user of DEMO_USERS) {
    await prisma.user.upsert({
      where: { username: user.username },
      create: { ...user, agencyId, passwordHash },
      update: { role: user.role, agencyId, active: true },
    });
  }
}
