import type { AddressObject, ParsedMail } from 'mailparser';
import { z } from 'zod';
import { MessageKind } from '../../core/db/generated/enums.ts';
import { capUtf8 } from './http-client.ts';
import type { InboundItem, ItemFailure } from './types.ts';

/** Where a message came from on the IMAP server. */
export interface MailMeta {
  mailbox: string;
  uidValidity: number;
  uid: number;
  /** IMAP INTERNALDATE: when our server received it. */
  receivedAt?: Date;
  size?: number;
}

export type MailOutcome =
  | { kind: 'item'; item: InboundItem }
  | { kind: 'failure'; failure: ItemFailure }
  | { kind: 'skipped'; why: string };

export interface ParseMailOptions {
  /** The agency's own address: mail from it (copies of our replies, loops) is skipped. */
  ownAddress?: string;
}

/** Header block kept in `raw`, enough to audit threading and addresses without storing attachments. */
const RAW_HEADER_CAP = 16 * 1024;

/** `<local@domain>`: no spaces or nested brackets. */
const ZMessageId = z
  .string()
  .trim()
  .transform((id) => (id.startsWith('<') ? id : `<${id}>`))
  .pipe(z.string().regex(/^<[^<>\s]+>$/));

/** Deliberately loose (no TLD or ASCII rules): an odd but deliverable address must still get an answer. */
const ZAddress = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[^\s@<>"]+@[^\s@<>"]+$/);

/**
 * One parsed message → an EMAIL item, a failure (no usable text) or a skip (auto-replies, our own mail).
 * Pure: the connector fetches and runs mailparser, this only reads the parsed result.
 */
export function parseMail(
  mail: ParsedMail,
  meta: MailMeta,
  source: Buffer | string,
  options: ParseMailOptions = {},
): MailOutcome {
  const messageId = messageIdOf(mail);
  const externalId = messageId ?? `uid:${meta.uidValidity}:${meta.uid}`;
  const from = firstAddress(mail.from);

  // RFC 3834: automatic replies (out-of-office, vacation) must not open cases, nor be answered.
  const autoSubmitted = headerText(mail, 'auto-submitted');
  if (autoSubmitted && autoSubmitted.toLowerCase() !== 'no') {
    return { kind: 'skipped', why: `Auto-Submitted: ${autoSubmitted}` };
  }
  if (options.ownAddress && from?.address === options.ownAddress.toLowerCase()) {
    return { kind: 'skipped', why: 'sent by the agency address' };
  }

  const subject = (mail.subject ?? '').replace(/\s+/g, ' ').trim();
  const body = cleanBody(mail);
  if (!body && !subject) {
    const attachments = mail.attachments.length ? ` (${mail.attachments.length} attachment(s) only)` : '';
    const why = mail.textConversionError ? `: ${mail.textConversionError.message}` : '';
    return {
      kind: 'failure',
      failure: mailFailure(
        meta,
        `no usable text: empty subject and body${attachments}${why}`,
        source,
        messageId,
      ),
    };
  }
  const postedAt = validDate(meta.receivedAt) ?? validDate(mail.date);
  if (!postedAt) {
    return {
      kind: 'failure',
      failure: mailFailure(meta, 'no INTERNALDATE and no Date header', source, messageId),
    };
  }

  const item: InboundItem = {
    externalId,
    kind: MessageKind.EMAIL,
    threadKey: threadKeyOf(mail, externalId),
    text: subject && body ? `${subject}\n\n${body}` : subject || body,
    postedAt,
    raw: rawOf(mail, meta, source, messageId),
  };
  if (from) {
    item.contact = {
      externalId: from.address,
      handle: from.address,
      ...(from.name ? { displayName: from.name } : {}),
    };
  }
  return { kind: 'item', item };
}

/** A message we could not use, keyed by Message-ID (else the UID) so a re-fetched batch records it once. */
export function mailFailure(
  meta: MailMeta,
  reason: string,
  source: Buffer | string,
  messageId?: string,
): ItemFailure {
  const externalId = messageId ?? `uid:${meta.uidValidity}:${meta.uid}`;
  return { dedupeKey: externalId, externalId, reason: reason.slice(0, 1000), raw: capUtf8(source) };
}

/**
 * `mail:<root Message-ID>`: References[0] is the thread's first message, In-Reply-To the parent when a
 * client dropped References, the message's own id when it starts a thread.
 */
export function threadKeyOf(mail: ParsedMail, fallbackId: string): string {
  const root = referencesOf(mail)[0] ?? parseMessageId(mail.inReplyTo) ?? messageIdOf(mail) ?? fallbackId;
  return `mail:${root}`;
}

export function messageIdOf(mail: ParsedMail): string | undefined {
  return parseMessageId(mail.messageId);
}

export function referencesOf(mail: ParsedMail): string[] {
  const refs = Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [];
  return refs
    .flatMap((r) => r.split(/\s+/))
    .map(parseMessageId)
    .filter((r): r is string => r !== undefined);
}

export interface ReplyContext {
  to: string;
  subject: string;
  inReplyTo?: string;
  references: string[];
}

/**
 * What a reply to `mail` needs (RFC 5322 3.6.4): to the Reply-To (else From) address, `Re: ` + subject,
 * In-Reply-To the original's Message-ID, References its References (or In-Reply-To) plus that id.
 * `undefined` when the original has no address to answer.
 */
export function replyContextOf(mail: ParsedMail): ReplyContext | undefined {
  const to = firstAddress(mail.replyTo) ?? firstAddress(mail.from);
  if (!to) return undefined;
  const subject = (mail.subject ?? '').replace(/\s+/g, ' ').trim();
  const messageId = messageIdOf(mail);
  const parents = referencesOf(mail);
  const inReplyTo = parseMessageId(mail.inReplyTo);
  if (parents.length === 0 && inReplyTo) parents.push(inReplyTo);
  return {
    to: to.address,
    subject: /^(re|bls|balas)\s*:/i.test(subject) ? subject : `Re: ${subject || '(tanpa subjek)'}`,
    ...(messageId ? { inReplyTo: messageId } : {}),
    references: messageId ? [...parents.filter((p) => p !== messageId), messageId] : parents,
  };
}

/**
 * Cuts the quoted history a mail client appends under a reply: from the first attribution line
 * ("On … wrote:", "Pada … menulis:", "-----Original Message-----", an Outlook "From:/Sent:" block) on,
 * and a trailing run of `>` lines. Quotes interleaved with new text are kept: only the obvious tail goes.
 * When nothing would be left, the text is returned unchanged.
 */
export function trimQuotedReply(text: string): string {
  const lines = text.split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const joined = `${line} ${lines[i + 1]?.trim() ?? ''}`;
    const outlook =
      /^(from|dari)\s*:/i.test(line) &&
      lines.slice(i + 1, i + 5).some((l) => /^(sent|date|dikirim|tanggal)\s*:/i.test(l.trim())) &&
      (i === 0 || /^(_{8,}|-{8,})?$/.test(lines[i - 1]!.trim()));
    if (
      /^-{2,}\s*(original message|pesan asli)\s*-{2,}$/i.test(line) ||
      (/^(on|pada)\s/i.test(line) &&
        (/(wrote|menulis)\s*:$/i.test(line) || /(wrote|menulis)\s*:$/i.test(joined))) ||
      outlook
    ) {
      end = i > 0 && /^(_{8,}|-{8,})$/.test(lines[i - 1]!.trim()) ? i - 1 : i;
      break;
    }
  }
  while (end > 0 && (/^\s*>/.test(lines[end - 1]!) || lines[end - 1]!.trim() === '')) end--;
  const kept = lines.slice(0, end).join('\n').trim();
  return kept || text.trim();
}

/** A small HTML → text for a message whose only body is HTML and mailparser left `text` empty. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style|head)[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|tr|h[1-6]|blockquote)\s*>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  );
}

function cleanBody(mail: ParsedMail): string {
  const text = mail.text?.trim() ? mail.text : typeof mail.html === 'string' ? htmlToText(mail.html) : '';
  const normalised = text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+$/gm, '');
  return trimQuotedReply(normalised)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n =
        code[1] === 'x' || code[1] === 'X' ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1));
      return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    }
    return named[code.toLowerCase()] ?? whole;
  });
}

function parseMessageId(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const parsed = ZMessageId.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function firstAddress(header: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(header) ? header : header ? [header] : [];
  for (const entry of list.flatMap((h) => h.value)) {
    const address = ZAddress.safeParse(entry.address ?? '');
    if (address.success) return { address: address.data, name: entry.name?.trim() ?? '' };
  }
  return undefined;
}

function headerText(mail: ParsedMail, name: string): string | undefined {
  const value = mail.headers.get(name);
  if (typeof value === 'string') return value.trim();
  if (value && typeof value === 'object' && 'value' in value && typeof value.value === 'string') {
    return value.value.trim();
  }
  return undefined;
}

function validDate(date: Date | undefined): Date | undefined {
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

function addressesOf(header: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(header) ? header : header ? [header] : [];
  return list.map((h) => h.text);
}

function rawOf(mail: ParsedMail, meta: MailMeta, source: Buffer | string, messageId: string | undefined) {
  const buffer = typeof source === 'string' ? Buffer.from(source) : source;
  const headerEnd = buffer.indexOf('\r\n\r\n');
  return {
    mailbox: meta.mailbox,
    uidValidity: meta.uidValidity,
    uid: meta.uid,
    ...(meta.size !== undefined ? { size: meta.size } : {}),
    messageId: messageId ?? null,
    inReplyTo: parseMessageId(mail.inReplyTo) ?? null,
    references: referencesOf(mail),
    from: addressesOf(mail.from),
    to: addressesOf(mail.to),
    cc: addressesOf(mail.cc),
    replyTo: addressesOf(mail.replyTo),
    subject: mail.subject ?? null,
    date: validDate(mail.date)?.toISOString() ?? null,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      size: a.size,
    })),
    header: capUtf8(headerEnd >= 0 ? buffer.subarray(0, headerEnd) : buffer, RAW_HEADER_CAP),
  };
}
