import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { agencyWithAncestors } from '../agencies/agency-tree.ts';
import type { PrismaClient } from '../db/client.ts';
import { EVENT, socketKey, subtreeRoom, type TNotificationEvent } from '../events.ts';

export type NotificationEmitter = (notificationId: string) => Promise<void>;

/**
 * Pushes a stored notification to the supervisors (subtree rooms) of its agency and of every agency above
 * it: a PPID Utama sees its offices' breaches.
 */
export function createNotificationEmitter(
  prisma: PrismaClient,
  redis: Redis,
  redisPrefix: string,
): NotificationEmitter {
  const emitter = new Emitter(redis, { key: socketKey(redisPrefix) });
  return async (notificationId) => {
    const n = await prisma.notification.findUnique({
      where: { id: notificationId },
      select: {
        id: true,
        agencyId: true,
        caseId: true,
        kind: true,
        title: true,
        body: true,
        createdAt: true,
      },
    });
    if (!n) return;
    const event: TNotificationEvent = { ...n, createdAt: n.createdAt.toISOString() };
    const rooms = (await agencyWithAncestors(prisma, n.agencyId)).map(subtreeRoom);
    emitter.to(rooms).emit(EVENT.notification, event);
  };
}
