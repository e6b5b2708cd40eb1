import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The HTTP plumbing every platform fake shares: reading a body, answering JSON, replaying a canned answer,
 * listening on a free local port and closing without waiting for clients that keep sockets open.
 * What a platform says (routes, envelopes, errors) stays in its own fake.
 */

/** A queued answer (`failNext`) served instead of the platform logic; `rawBody` wins over `body`. */
export interface CannedResponse {
  status: number;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** The request body as UTF-8; a body past `maxBytes` rejects, so a runaway client cannot fill memory. */
export async function readBody(req: IncomingMessage, maxBytes = Number.POSITIVE_INFINITY): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A text answer with JSON's content type unless `headers` says otherwise; nothing if the client left. */
export function sendRaw(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
) {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  sendRaw(res, status, JSON.stringify(body), headers);
}

export function sendCanned(res: ServerResponse, canned: CannedResponse) {
  sendRaw(res, canned.status, canned.rawBody ?? JSON.stringify(canned.body ?? null), canned.headers);
}

export interface Listening {
  url: string;
  port: number;
  /**
   * Stops the server. Keep-alive and held sockets would keep `server.close()` waiting, so they are cut:
   * at once, or after `graceMs` for a fake that has just answered held requests and lets them drain.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** Listens on `host:port` (default 127.0.0.1 and a free port) and resolves once it accepts connections. */
export async function listen(
  server: Server,
  options: { host?: string; port?: number } = {},
): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    async close({ graceMs = 0 } = {}) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        if (graceMs > 0) setTimeout(() => server.closeAllConnections(), graceMs).unref();
        else server.closeAllConnections();
      });
    },
  };
}
