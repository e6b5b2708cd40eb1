import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import type { PrismaClient } from '../../core/db/client.ts';
import { agencyRoom, socketKey, subtreeRoom } from '../../core/events.ts';
import { currentUser } from './auth/current-user.ts';
import { sessionToken } from './auth/middleware.ts';
import type { SessionStore } from './auth/sessions.ts';
import { attachPresence } from './presence.ts';

/**
 * socket.io over the Redis adapter, so events from the worker's emitter reach every dashboard process.
 * A socket must carry a valid session cookie; it joins only the rooms of its own agency subtree.
 */
export function attachSocketServer(
  httpServer: HttpServer,
  deps: {
    sessions: SessionStore;
    prisma: PrismaClient;
    pub: Redis;
    sub: Redis;
    redisPrefix: string;
    isClosing: () => boolean;
    /** More per-socket handlers (the metrics stream), attached once the socket is authenticated. */
    onConnection?: (io: Server, socket: Socket) => void;
  },
): Server {
  const io = new Server(httpServer, {
    adapter: createAdapter(deps.pub, deps.sub, { key: socketKey(deps.redisPrefix) }),
    serveClient: true,
    cors: { origin: false },
  });
  io.use(async (socket, next) => {
    const user = await currentUser(
      deps.sessions,
      deps.prisma,
      sessionToken(socket.handshake.headers.cookie),
    ).catch(() => null);
    if (!user) return next(new Error('unauthorized'));
    socket.data.user = user;
    next();
  });
  io.on('connection', async (socket) => {
    const { role, agencyId } = socket.data.user;
    // Supervisors and admins follow their whole subtree; agents and validators their own agency.
    const room = role === 'SUPERVISOR' || role === 'ADMIN' ? subtreeRoom(agencyId) : agencyRoom(agencyId);
    attachPresence(io, socket, {
      prisma: deps.prisma,
      redis: deps.pub,
      redisPrefix: deps.redisPrefix,
      isClosing: deps.isClosing,
    });
    deps.onConnection?.(io, socket);
    await socket.join(room);
    socket.emit('ready', { room });
  });
  return io;
}
