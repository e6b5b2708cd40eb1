import { io, type Socket } from 'socket.io-client';

/**
 * One socket per tab, bundled client (no /socket.io/socket.io.js script). socket.io reconnects with backoff on
 * its own; the server sends `ready` each time the socket has joined its rooms, which is when state resyncs.
 */
export const socket: Socket = io({
  withCredentials: true,
  autoConnect: false,
  reconnectionDelay: 300,
  reconnectionDelayMax: 3_000,
});

export type LiveState = 'connecting' | 'syncing' | 'on' | 'off';
