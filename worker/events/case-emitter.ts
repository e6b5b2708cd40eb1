import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { agencyWithAncestors } from '../../core/agencies/agency-tree.ts';
import { caseSummary } from '../../core/cases/case-summary.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { agencyRoom, EVENT, socketKey, type TCaseEvent } from '../../core/events.ts';

export type CaseEmitter = (caseId: string, eventId: string, kind: TCaseEvent['kind']) => Promise<void>;

/** Publishes case events through Redis to every dashboard process; rooms reach the agency and its parents. */
export function createCaseEmitter(prisma: PrismaClient, redis: Redis, redisPrefix: string): CaseEmitter {
  const emitter = new Emitter(redis, { key: socketKey(redisPrefix) });
  return async (caseId, eventId, kind) => {
    const summary = await caseSummary(prisma, caseId);
    if (!summary) return;
    const rooms = (await agencyWithAncestors(prisma, summary.agencyId)).map(agencyRoom);
    const event: TCaseEvent = { eventId, kind, case: summary };
    emitter.to(rooms).emit(EVENT.case, event);
  };
}
