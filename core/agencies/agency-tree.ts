import type { Db } from '../db/client.ts';

/** The agency and every office below it: a PPID Utama sees the cases of its PPID Pelaksana. */
export async function agencyWithDescendants(db: Db, agencyId: string): Promise<string[]> {
  const all = await db.agency.findMany({ select: { id: true, parentId: true } });
  const ids = [agencyId];
  for (let i = 0; i < ids.length; i++) {
    for (const agency of all) if (agency.parentId === ids[i] && !ids.includes(agency.id)) ids.push(agency.id);
  }
  return ids;
}

/** The agency and every office above it: the rooms an event about this agency goes to. */
export async function agencyWithAncestors(db: Db, agencyId: string): Promise<string[]> {
  const all = await db.agency.findMany({ select: { id: true, parentId: true } });
  const parentOf = new Map(all.map((a) => [a.id, a.parentId]));
  const ids = [agencyId];
  let parent = parentOf.get(agencyId);
  while (parent && !ids.includes(parent)) {
    ids.push(parent);
    parent = parentOf.get(parent);
  }
  return ids;
}
