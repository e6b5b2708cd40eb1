import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { agencyWithDescendants } from '../../core/agencies/agency-tree.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { agencyRoom, socketKey } from '../../core/events.ts';
import { sessionToken } from './auth/middleware.ts';
import type { SessionStore } from './auth/sessions.ts';

/**
 * socket.io over the Redis adapter, so events from the worker's emitter reach every dashboard process.
 * A socket must carry a valid session cookie; it joins only the rooms of its own agency subtree.
 */
export function attachSocketServer(
  httpServer: HttpServer,
  deps: { prisma: PrismaClient; sessions: SessionStore; pub: Redis; sub: Redis; redisPrefix: string },
): Server {
  const io = new Server(httpServer, {
    adapter: createAdapter(deps.pub, deps.sub, { key: socketKey(deps.redisPrefix) }),
    serveClient: true,
    cors: { origin: false },
  });
  io.use(async (socket, next) => {
    const user = await deps.sessions.read(sessionToken(socket.handshake.headers.cookie)).catch(() => null);
    if (!user) return next(new Error('unauthorized'));
    socket.data.user = user;
    next();
  });
  io.on('connection', async (socket) => {
    const agencies = await agencyWithDescendants(deps.prisma, socket.data.user.agencyId);
    await socket.join(agencies.map(agencyRoom));
    socket.emit('ready', { rooms: agencies.length });
  });
  return io;
}
