import type { PrismaClient } from '../../../core/db/client.ts';
import type { SessionStore, TSessionUser } from './sessions.ts';

/**
 * The session's user as the database has them now: a deactivated account loses its sessions at once, and a
 * changed role or agency applies on the next request rather than when the session expires.
 */
export async function currentUser(
  sessions: SessionStore,
  prisma: PrismaClient,
  token: string | undefined,
): Promise<TSessionUser | null> {
  const session = await sessions.read(token);
  if (!session) return null;
  const row = await prisma.user.findUnique({
    where: { id: session.id },
    select: { id: true, username: true, displayName: true, role: true, agencyId: true, active: true },
  });
  if (!row?.active) {
    await sessions.destroy(token);
    return null;
  }
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    agencyId: row.agencyId,
  };
}
