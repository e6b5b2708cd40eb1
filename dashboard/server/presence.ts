import type { Redis } from 'ioredis';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { canSeeAgency } from '../../core/cases/access.ts';
import type { PrismaClient } from '../../core/db/client.ts';

const ZCaseRef = z.object({ caseId: z.string().min(1).max(40) });
const TTL_SECONDS = 3600;
type Ack = (answer: { ok: true } | { ok: false; error: string }) => void;

/**
 * "Sedang dibuka oleh …": who has a case open, kept in a Redis hash per case (field = socket id) so every
 * dashboard process sees the same list; a socket's entries go when it closes the case or disconnects.
 */
export function attachPresence(
  io: Server,
  socket: Socket,
  deps: { prisma: PrismaClient; redis: Redis; redisPrefix: string; isClosing: () => boolean },
) {
  const key = (caseId: string) => `${deps.redisPrefix}:presence:${caseId}`;
  const room = (caseId: string) => `case:${caseId}`;

  const broadcast = async (caseId: string) => {
    const entries = await deps.redis.hvals(key(caseId));
    const viewers = [
      ...new Map(
        entries.map((e) => JSON.parse(e) as { userId: string; name: string }).map((v) => [v.userId, v]),
      ).values(),
    ];
    io.to(room(caseId)).emit('presence', { caseId, viewers });
  };
  const leave = async (caseId: string) => {
    await deps.redis.hdel(key(caseId), socket.id);
    await socket.leave(room(caseId));
    await broadcast(caseId);
  };

  socket.on('case:open', async (payload: unknown, ack?: Ack) => {
    const parsed = ZCaseRef.safeParse(payload);
    if (!parsed.success) return ack?.({ ok: false, error: 'caseId: wajib diisi' });
    const { caseId } = parsed.data;
    const kase = await deps.prisma.case.findUnique({ where: { id: caseId }, select: { agencyId: true } });
    if (!kase || !(await canSeeAgency(deps.prisma, socket.data.user, kase.agencyId))) {
      return ack?.({ ok: false, error: 'Kasus tidak ditemukan.' });
    }
    await socket.join(room(caseId));
    await deps.redis
      .multi()
      .hset(
        key(caseId),
        socket.id,
        JSON.stringify({ userId: socket.data.user.id, name: socket.data.user.displayName }),
      )
      .expire(key(caseId), TTL_SECONDS)
      .exec();
    await broadcast(caseId);
    ack?.({ ok: true });
  });
  socket.on('case:close', async (payload: unknown) => {
    const parsed = ZCaseRef.safeParse(payload);
    if (parsed.success && socket.rooms.has(room(parsed.data.caseId))) await leave(parsed.data.caseId);
  });
  socket.on('disconnecting', () => {
    // While this process shuts down its Redis clients close too; the hash entries expire on their own.
    if (deps.isClosing()) return;
    for (const r of socket.rooms)
      if (r.startsWith('case:')) void leave(r.slice('case:'.length)).catch(() => {});
  });
}
