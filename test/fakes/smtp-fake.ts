import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A local SMTP server (the `smtp-server` package) that records what it accepts: the envelope and the raw
 * message, byte for byte. Plain TCP on 127.0.0.1: STARTTLS is not offered, so AUTH is allowed in clear.
 * `rejectRecipients` answers RCPT TO with a permanent 550, as a server does for an unknown mailbox.
 */

export interface ReceivedMail {
  from: string | null;
  to: string[];
  raw: Buffer;
  /** The user that authenticated, when auth is required. */
  user?: string;
}

export interface FakeSmtp {
  host: string;
  port: number;
  readonly received: readonly ReceivedMail[];
  /** Resolves with the next accepted message. */
  nextMessage(): Promise<ReceivedMail>;
  /** AUTH attempts, successful or not. */
  readonly authAttempts: number;
  rejectRecipients(on: boolean): void;
  close(): Promise<void>;
}

export async function startFakeSmtp(
  options: { auth?: { user: string; password: string } } = {},
): Promise<FakeSmtp> {
  const received: ReceivedMail[] = [];
  const waiters: Array<(mail: ReceivedMail) => void> = [];
  let authAttempts = 0;
  let rejecting = false;

  const server = new SMTPServer({
    name: 'smtp.fake.test',
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: !options.auth,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      authAttempts++;
      if (!options.auth || auth.username !== options.auth.user || auth.password !== options.auth.password) {
        const error = Object.assign(new Error('5.7.8 Authentication credentials invalid'), {
          responseCode: 535,
        });
        return callback(error);
      }
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      if (!rejecting) return callback();
      const error = Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected`), {
        responseCode: 550,
      });
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          ...(typeof session.user === 'string' ? { user: session.user } : {}),
        };
        received.push(mail);
        for (const wake of waiters.splice(0)) wake(mail);
        callback();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => {});
  const { port } = server.server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    received,
    nextMessage: () => new Promise((resolve) => waiters.push(resolve)),
    get authAttempts() {
      return authAttempts;
    },
    rejectRecipients(on) {
      rejecting = on;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
