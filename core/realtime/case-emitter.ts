import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { agencyWithAncestors } from '../agencies/agency-tree.ts';
import { caseSummary } from '../cases/case-summary.ts';
import type { PrismaClient } from '../db/client.ts';
import {
  agencyRoom,
  caseChangesChannel,
  EVENT,
  roomsForAgency,
  socketKey,
  type TCaseEvent,
} from '../events.ts';

export type CaseEmitter = (
  caseId: string,
  eventId: string,
  kind: TCaseEvent['kind'],
  /** After a forward: the agency the case left, whose staff room is told it moved. */
  leftAgencyId?: string,
) => Promise<void>;

/** Publishes case events through Redis to every dashboard process; rooms reach the agency and its parents. */
export function createCaseEmitter(prisma: PrismaClient, redis: Redis, redisPrefix: string): CaseEmitter {
  const emitter = new Emitter(redis, { key: socketKey(redisPrefix) });
  return async (caseId, eventId, kind, leftAgencyId) => {
    const summary = await caseSummary(prisma, caseId);
    if (!summary) return;
    if (leftAgencyId && leftAgencyId !== summary.agencyId) {
      emitter
        .to(agencyRoom(leftAgencyId))
        .emit(EVENT.case, { eventId: `${eventId}:moved`, kind: 'moved', case: summary });
    }
    const rooms = roomsForAgency(await agencyWithAncestors(prisma, summary.agencyId));
    const event: TCaseEvent = { eventId, kind, case: summary };
    emitter.to(rooms).emit(EVENT.case, event);
    await redis.publish(caseChangesChannel(redisPrefix), summary.agencyId);
  };
}
