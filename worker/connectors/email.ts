import { ImapFlow, type ImapFlowError } from 'imapflow';
import { type ParsedMail, simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { z } from 'zod';
import { Platform } from '../../core/db/generated/enums.ts';
import { mailFailure, parseMail, replyContextOf } from './email-parse.ts';
import { redactSecrets } from './http-client.ts';
import {
  type Connector,
  ConnectorError,
  type FetchResult,
  type InboundItem,
  type ItemFailure,
  type OutboundReply,
  type PublishedReply,
} from './types.ts';

export interface EmailConnectorOptions {
  imap: {
    host: string;
    port: number;
    secure: boolean;
    user: string;
    password: string;
    /** Read from here; INBOX by default. */
    mailbox?: string;
    /** Where sent replies live (e.g. `Sent`); without it a retried publish cannot be detected. */
    sentMailbox?: string;
    /** APPEND each reply to `sentMailbox` after SMTP accepted it (default true). Off for servers that file
     * sent mail themselves (Gmail), or every reply would be there twice. */
    appendToSent?: boolean;
  };
  smtp: { host: string; port: number; secure: boolean; user: string; password: string };
  /** The agency's address: From of every reply and the domain of its Message-ID. */
  fromAddress: string;
  fromName?: string;
  /** Messages per fetchSince (default 50). */
  batchSize?: number;
  /** Connect, greeting and socket inactivity timeout, for IMAP and SMTP alike. */
  timeoutMs: number;
  /** Told when a sent reply could not be filed in `sentMailbox` (the reply itself went out). */
  onWarning?: (message: string) => void;
}

/**
 * Cursor: the mailbox's UIDVALIDITY and the last UID handed out. UIDs only grow while UIDVALIDITY stays,
 * so "UID greater than lastUid" never misses or repeats a message across pages and restarts.
 */
const ZCursor = z.object({
  uidValidity: z.number().int().positive(),
  lastUid: z.number().int().nonnegative(),
});
type TCursor = z.infer<typeof ZCursor>;

const ZReplyId = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'letters, digits, dot, dash, underscore');
const ZUidExternalId = z.string().regex(/^uid:(\d+):(\d+)$/);

/** Larger HTML bodies are not converted to text (mailparser rejects them) and the message becomes a failure. */
const MAX_HTML_CHARS = 2_000_000;

export function createEmailConnector(options: EmailConnectorOptions): Connector {
  const from = z.email().safeParse(options.fromAddress.trim().toLowerCase());
  if (!from.success)
    throw new Error(`email: fromAddress ${JSON.stringify(options.fromAddress)} is not an address`);
  const fromAddress = from.data;
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1);
  const mailbox = options.imap.mailbox ?? 'INBOX';
  const sentMailbox = options.imap.sentMailbox;
  const batchSize = Math.min(500, Math.max(1, Math.trunc(options.batchSize ?? 50)));
  const secrets = [options.imap, options.smtp].flatMap(({ user, password }) => [
    password,
    // AUTH LOGIN sends the password alone in base64, AUTH PLAIN `\0user\0password`.
    Buffer.from(password).toString('base64'),
    Buffer.from(`\0${user}\0${password}`).toString('base64'),
  ]);
  const scrub = (text: string) => scrubSecrets(text, secrets);
  const imapWhere = `imap ${options.imap.host}:${options.imap.port} as ${options.imap.user}`;

  /**
   * One IMAP session: connect, run `work`, always log out (close the socket if logout fails), and turn
   * imapflow's errors into ConnectorErrors.
   */
  async function withImap<T>(what: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({
      host: options.imap.host,
      port: options.imap.port,
      secure: options.imap.secure,
      auth: { user: options.imap.user, pass: options.imap.password },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    });
    // Socket errors also reach the pending command; without a listener they would crash the worker.
    client.on('error', () => {});
    try {
      await client.connect();
      return await work(client);
    } catch (error) {
      throw imapError(error, `email ${what}: ${imapWhere}`, scrub);
    } finally {
      try {
        if (client.usable) await client.logout();
      } catch {
        // The answer is already decided; a failed LOGOUT only means the socket goes down the hard way.
      } finally {
        client.close();
      }
    }
  }

  async function parseFetched(
    fetched: Array<{
      uid: number;
      source?: Buffer | undefined;
      internalDate?: Date | string | undefined;
      size?: number | undefined;
    }>,
    uidValidity: number,
  ) {
    const items: InboundItem[] = [];
    const failures: ItemFailure[] = [];
    for (const message of fetched) {
      const receivedAt = message.internalDate ? new Date(message.internalDate) : undefined;
      const meta = {
        mailbox,
        uidValidity,
        uid: message.uid,
        ...(receivedAt ? { receivedAt } : {}),
        ...(message.size !== undefined ? { size: message.size } : {}),
      };
      if (!message.source) {
        failures.push(mailFailure(meta, 'the server returned no message body', ''));
        continue;
      }
      let parsed: ParsedMail;
      try {
        parsed = await parseSource(message.source);
      } catch (error) {
        failures.push(mailFailure(meta, `mailparser could not parse it: ${describe(error)}`, message.source));
        continue;
      }
      const outcome = parseMail(parsed, meta, message.source, { ownAddress: fromAddress });
      if (outcome.kind === 'item') items.push(outcome.item);
      else if (outcome.kind === 'failure') failures.push(outcome.failure);
    }
    return { items, failures };
  }

  async function findOriginal(externalId: string): Promise<ParsedMail> {
    const byUid = ZUidExternalId.safeParse(externalId);
    const fetched = await withImap('reply lookup', async (client) => {
      const box = await client.mailboxOpen(mailbox, { readOnly: true });
      let uids: number[];
      if (byUid.success) {
        const [, validity, uid] = /^uid:(\d+):(\d+)$/.exec(byUid.data)!;
        uids = Number(validity) === Number(box.uidValidity) ? [Number(uid)] : [];
      } else {
        const found = await client.search({ header: { 'message-id': externalId } }, { uid: true });
        if (!found) throw new ConnectorError('transient', `UID SEARCH for ${externalId} refused`);
        uids = found;
      }
      if (uids.length === 0) return undefined;
      const [message] = await client.fetchAll(
        String(Math.max(...uids)),
        { uid: true, source: true },
        { uid: true },
      );
      return message?.source;
    });
    if (!fetched) {
      throw new ConnectorError(
        'rejected',
        `email reply: the message ${externalId} is no longer in ${mailbox}`,
      );
    }
    return parseSource(fetched);
  }

  async function sendSmtp(raw: Buffer, to: string) {
    const transport = createTransport({
      host: options.smtp.host,
      port: options.smtp.port,
      secure: options.smtp.secure,
      auth: { user: options.smtp.user, pass: options.smtp.password },
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
      logger: false,
      debug: false,
    });
    try {
      await transport.sendMail({ envelope: { from: fromAddress, to: [to] }, raw });
    } catch (error) {
      throw smtpError(
        error,
        `email reply: smtp ${options.smtp.host}:${options.smtp.port} as ${options.smtp.user}`,
        scrub,
      );
    } finally {
      transport.close();
    }
  }

  async function fileInSent(raw: Buffer, date: Date) {
    if (!sentMailbox || options.imap.appendToSent === false) return;
    try {
      await withImap('append to sent', (client) => client.append(sentMailbox, raw, ['\\Seen'], date));
    } catch (error) {
      // The reply is out: failing the publish now would make the job send it again.
      options.onWarning?.(`email reply sent but not filed in ${sentMailbox}: ${describe(error)}`);
    }
  }

  async function findPublishedReply(reply: OutboundReply, since: Date): Promise<PublishedReply | null> {
    const messageId = replyMessageId(reply.replyId, domain);
    const box = sentMailbox!;
    return withImap('find published reply', async (client) => {
      await client.mailboxOpen(box, { readOnly: true });
      // SINCE compares calendar dates in the server's time zone: a day's margin covers any offset.
      const found = await client.search(
        { header: { 'message-id': messageId }, since: new Date(since.getTime() - 86_400_000) },
        { uid: true },
      );
      if (!found) throw new ConnectorError('transient', `UID SEARCH in ${box} refused`);
      if (found.length === 0) return null;
      const [message] = await client.fetchAll(
        String(Math.min(...found)),
        { uid: true, internalDate: true },
        { uid: true },
      );
      const postedAt = message?.internalDate ? new Date(message.internalDate) : since;
      return { externalId: messageId, postedAt };
    });
  }

  return {
    platform: Platform.EMAIL,

    async fetchSince(cursorText) {
      const cursor = parseCursor(cursorText);
      const page = await withImap('fetch', async (client) => {
        const box = await client.mailboxOpen(mailbox, { readOnly: true });
        const uidValidity = Number(box.uidValidity);
        // A new UIDVALIDITY means the old UIDs mean nothing any more: start again from the first message.
        // Messages already stored come back with the same Message-ID and the store's unique key drops them
        // (only messages without a Message-ID, keyed by UID, can appear twice).
        const after = cursor && cursor.uidValidity === uidValidity ? cursor.lastUid : 0;
        let uids: number[] = [];
        if (box.exists > 0) {
          const found = await client.search({ uid: `${after + 1}:*` }, { uid: true });
          if (!found) throw new ConnectorError('transient', `UID SEARCH in ${mailbox} refused`);
          // `n:*` also matches the highest UID when n is above it (RFC 3501 6.4.8), hence the filter.
          uids = [...new Set(found)].filter((uid) => uid > after).sort((a, b) => a - b);
        }
        const batch = uids.slice(0, batchSize);
        const fetched = batch.length
          ? await client.fetchAll(
              batch.join(','),
              { uid: true, source: true, internalDate: true, size: true },
              { uid: true },
            )
          : [];
        return { uidValidity, after, batch, fetched, hasMore: uids.length > batch.length };
      });
      // Parsed after LOGOUT: the session is not held open while mailparser works.
      const { items, failures } = await parseFetched(page.fetched, page.uidValidity);
      const next: TCursor = { uidValidity: page.uidValidity, lastUid: page.batch.at(-1) ?? page.after };
      return {
        items,
        failures,
        nextCursor: JSON.stringify(next),
        hasMore: page.hasMore,
      } satisfies FetchResult;
    },

    async publishReply(reply) {
      const replyId = ZReplyId.safeParse(reply.replyId);
      if (!replyId.success)
        throw new Error(`email: reply id ${JSON.stringify(reply.replyId)} cannot be a Message-ID`);
      if (!reply.text.trim()) throw new Error('email: reply text is empty');
      // The original is looked up by its Message-ID rather than carried in the thread key: the address to
      // answer (Reply-To), the subject and the References chain are all in its headers.
      const original = await findOriginal(reply.inReplyToExternalId);
      const context = replyContextOf(original);
      if (!context) {
        throw new ConnectorError(
          'rejected',
          `email reply: ${reply.inReplyToExternalId} has no address to reply to`,
        );
      }
      const messageId = replyMessageId(replyId.data, domain);
      const date = new Date();
      const raw = await new MailComposer({
        from: options.fromName ? { name: options.fromName, address: fromAddress } : fromAddress,
        to: context.to,
        subject: context.subject,
        text: reply.text,
        messageId,
        date,
        ...(context.inReplyTo ? { inReplyTo: context.inReplyTo } : {}),
        ...(context.references.length ? { references: context.references } : {}),
      })
        .compile()
        .build();
      await sendSmtp(raw, context.to);
      await fileInSent(raw, date);
      return { externalId: messageId, postedAt: date };
    },

    ...(sentMailbox ? { findPublishedReply } : {}),
  };
}

/** Deterministic, so a retried publish carries the same id and `findPublishedReply` can look for it. */
export function replyMessageId(replyId: string, domain: string): string {
  return `<reply-${replyId}@${domain}>`;
}

function parseCursor(cursor: string | null): TCursor | null {
  if (cursor === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(cursor);
  } catch {
    json = undefined;
  }
  const parsed = ZCursor.safeParse(json);
  // Only this connector writes the cursor; anything else is a bug worth failing loudly on.
  if (!parsed.success) throw new Error(`email: invalid cursor ${JSON.stringify(cursor)}`);
  return parsed.data;
}

function parseSource(source: Buffer): Promise<ParsedMail> {
  return simpleParser(source, {
    maxHtmlLengthToParse: MAX_HTML_CHARS,
    keepCidLinks: true,
    skipTextToHtml: true,
    skipTextLinks: true,
  });
}

/**
 * imapflow error → ConnectorError. Refused credentials are `auth` with the server's own words; Office 365's
 * "Request is throttled. Suggested Backoff Time" is `rate_limited` (imapflow already waited part of it);
 * everything else (refused connection, timeouts, NO/BAD answers, a missing mailbox) is `transient`.
 * IMAP has no quota headers, so a successful page never reports `rateLimit`.
 */
export function imapError(error: unknown, where: string, scrub: (text: string) => string): ConnectorError {
  if (error instanceof ConnectorError) {
    return new ConnectorError(error.kind, `${where}: ${scrub(error.message)}`, error.details);
  }
  const e = (error ?? {}) as ImapFlowError;
  // Scrubbed before it is cut, so a cut can never leave half a password behind.
  const said = scrub(
    [
      e.serverResponseCode && !String(e.response ?? '').includes(e.serverResponseCode)
        ? `[${e.serverResponseCode}]`
        : '',
      // imapflow's `response` is the whole tagged line: the tag is noise.
      typeof e.response === 'string'
        ? e.response.replace(/^\S+ (?=(NO|BAD|BYE)\b)/, '')
        : (e.responseText ?? ''),
    ]
      .filter(Boolean)
      .join(' '),
  ).slice(0, 500);
  const text = said || scrub(describe(error));
  if (e.authenticationFailed) {
    return new ConnectorError('auth', `${where}: login refused${said ? `: ${said}` : ''}`);
  }
  if (e.code === 'ETHROTTLE') {
    const retryAfterMs = Math.max(1_000, (e.throttleReset ?? 0) - (e.throttleWaited ?? 0));
    return new ConnectorError(
      'rate_limited',
      `${where}: throttled by the server: ${text} (retry after ${retryAfterMs} ms)`,
      { retryAfterMs },
    );
  }
  const missing = e.mailboxMissing ? ' (mailbox does not exist)' : '';
  const code = e.code && !text.includes(e.code) ? `${e.code} ` : '';
  return new ConnectorError('transient', `${where}: ${code}${text}${missing}`);
}

/**
 * nodemailer error → ConnectorError: refused credentials are `auth`, a 5xx refusal of this message or
 * recipient `rejected` (sending it again gets the same answer), the rest `transient`.
 */
export function smtpError(error: unknown, where: string, scrub: (text: string) => string): ConnectorError {
  const e = (error ?? {}) as { code?: string; response?: string; responseCode?: number; permanent?: boolean };
  const said = scrub(e.response ?? describe(error)).slice(0, 500);
  const status = e.responseCode !== undefined ? { status: e.responseCode } : {};
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
    return new ConnectorError('auth', `${where}: login refused: ${said}`, status);
  }
  if (e.permanent === true) return new ConnectorError('rejected', `${where}: ${said}`, status);
  return new ConnectorError('transient', `${where}: ${e.code ? `${e.code} ` : ''}${said}`, status);
}

/** Passwords (and their SASL encodings) never leave the connector, whatever a server echoes back. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 3) continue;
    out = out.split(secret).join('***');
  }
  return redactSecrets(out);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${typeof code === 'string' && !error.message.includes(code) ? `${code} ` : ''}${error.message}`.slice(
    0,
    500,
  );
}
