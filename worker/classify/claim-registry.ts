import type { PrismaClient } from '../../core/db/client.ts';
import { ClaimIndex } from './claims/index.ts';
import { claimsFromDb } from './claims/load.ts';

/**
 * The worker's view of the Claim table as a ClaimIndex. A validator's approved verdict adds a claim from the
 * dashboard process, so the worker looks at the table's count and newest row at most every `checkEveryMs`
 * and rebuilds only when they changed (about 1 s for 50,000 claims).
 */
export function createClaimRegistry(prisma: PrismaClient, checkEveryMs = 30_000) {
  let index: ClaimIndex | null = null;
  let stamp = '';
  let checkedAt = 0;
  return async function currentClaims(): Promise<ClaimIndex | null> {
    if (index && Date.now() - checkedAt < checkEveryMs) return index;
    checkedAt = Date.now();
    const table = await prisma.claim.aggregate({ _count: { _all: true }, _max: { createdAt: true } });
    const now = `${table._count._all}:${table._max.createdAt?.getTime() ?? 0}`;
    if (now !== stamp || !index) {
      index = new ClaimIndex(await claimsFromDb(prisma));
      stamp = now;
    }
    return index;
  };
}
