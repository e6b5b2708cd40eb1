import { agencyWithDescendants } from '../agencies/agency-tree.ts';
import type { Db } from '../db/client.ts';
import type { Role } from '../db/generated/enums.ts';

/**
 * Which agencies' cases a user works on: agents and validators their own agency; supervisors and admins
 * their agency and every office below it (a PPID Utama oversees its PPID Pelaksana).
 */
export async function visibleAgencies(db: Db, user: { role: Role; agencyId: string }): Promise<string[]> {
  if (user.role === 'SUPERVISOR' || user.role === 'ADMIN') return agencyWithDescendants(db, user.agencyId);
  return [user.agencyId];
}

export async function canSeeAgency(db: Db, user: { role: Role; agencyId: string }, agencyId: string) {
  return (await visibleAgencies(db, user)).includes(agencyId);
}
