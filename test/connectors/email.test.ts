import { type AddressInfo, createServer, type Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmailConnector, type EmailConnectorOptions } from '../../worker/connectors/email.ts';
import type { OutboundReply } from '../../worker/connectors/types.ts';
import { type FakeImap, startFakeImap } from '../fakes/imap-server.ts';
import { type FakeSmtp, startFakeSmtp } from '../fakes/smtp-fake.ts';
import { rejection } from '../support/connector-assertions.ts';

const IMAP_USER = 'humas@kota.go.id';
const IMAP_PASSWORD = 'imap-S3cret "pass"';
const SMTP_PASSWORD = 'smtp-S3cret-pass';

function mail(
  n: number,
  extra: { subject?: string; body?: string; headers?: string[]; from?: string } = {},
): string {
  return [
    `From: ${extra.from ?? `Warga ${n} <warga${n}@mail.example>`}`,
    'To: Humas Kota <humas@kota.go.id>',
    `Subject: ${extra.subject ?? `Pertanyaan ${n}`}`,
    `Message-ID: <m${n}@mail.example>`,
    'Date: Mon, 01 Jan 2024 10:00:00 +0700',
    ...(extra.headers ?? []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    extra.body ?? `Isi pesan ${n}`,
    '',
  ].join('\n');
}

describe('e-mail connector against a fake IMAP and SMTP server', () => {
  let imap: FakeImap;
  let smtp: FakeSmtp;

  beforeEach(async () => {
    imap = await startFakeImap({ user: IMAP_USER, password: IMAP_PASSWORD, mailboxes: ['Sent'] });
    smtp = await startFakeSmtp({ auth: { user: IMAP_USER, password: SMTP_PASSWORD } });
  });
  afterEach(async () => {
    await imap.close();
    await smtp.close();
  });

  function connector(
    extra: Partial<EmailConnectorOptions> & { imapPassword?: string; smtpPassword?: string } = {},
  ) {
    const { imapPassword, smtpPassword, ...rest } = extra;
    return createEmailConnector({
      imap: {
        host: imap.host,
        port: imap.port,
        secure: false,
        user: IMAP_USER,
        password: imapPassword ?? IMAP_PASSWORD,
        sentMailbox: 'Sent',
      },
      smtp: {
        host: smtp.host,
        port: smtp.port,
        secure: false,
        user: IMAP_USER,
        password: smtpPassword ?? SMTP_PASSWORD,
      },
      fromAddress: 'humas@kota.go.id',
      fromName: 'Humas Kota',
      timeoutMs: 5_000,
      ...rest,
    });
  }

  it('pages through three batches read-only, logging out each time, and then waits for new mail', async () => {
    for (let n = 1; n <= 5; n++) imap.addMessage(mail(n));
    const c = connector({ batchSize: 2 });
    const pages: Array<{ ids: string[]; hasMore: boolean; cursor: string | null }> = [];
    let cursor: string | null = null;
    for (let i = 0; i < 3; i++) {
      const page = await c.fetchSince(cursor);
      cursor = page.nextCursor;
      pages.push({ ids: page.items.map((item) => item.externalId), hasMore: page.hasMore, cursor });
    }
    expect(pages).toEqual([
      {
        ids: ['<m1@mail.example>', '<m2@mail.example>'],
        hasMore: true,
        cursor: '{"uidValidity":1000,"lastUid":2}',
      },
      {
        ids: ['<m3@mail.example>', '<m4@mail.example>'],
        hasMore: true,
        cursor: '{"uidValidity":1000,"lastUid":4}',
      },
      { ids: ['<m5@mail.example>'], hasMore: false, cursor: '{"uidValidity":1000,"lastUid":5}' },
    ]);

    // Read-only (EXAMINE, BODY.PEEK: nothing is marked \Seen), one session per call, always logged out.
    expect(imap.count('SELECT')).toBe(0);
    expect(imap.count('EXAMINE')).toBe(3);
    expect(imap.count('LOGOUT')).toBe(3);
    const fetches = imap.commands.filter((cmd) => cmd.name === 'UID FETCH').map((cmd) => cmd.args);
    expect(fetches[0]).toMatch(/^1,2 \(.*BODY\.PEEK\[\].*\)$/);
    expect(imap.messages().every((m) => m.flags.length === 0)).toBe(true);

    // Nothing new: `6:*` still matches UID 5 on the server; it must not come back.
    const idle = await c.fetchSince(cursor);
    expect(idle).toEqual({ items: [], failures: [], nextCursor: cursor, hasMore: false });
    // INTERNALDATE has whole seconds.
    imap.addMessage(mail(6), { internalDate: new Date('2024-01-01T03:00:05Z') });
    const next = await c.fetchSince(cursor);
    expect(next.items.map((item) => item.externalId)).toEqual(['<m6@mail.example>']);
    expect(next.items[0]).toMatchObject({
      kind: 'EMAIL',
      threadKey: 'mail:<m6@mail.example>',
      text: 'Pertanyaan 6\n\nIsi pesan 6',
      contact: { externalId: 'warga6@mail.example', displayName: 'Warga 6', handle: 'warga6@mail.example' },
    });
    // INTERNALDATE (when our server got it), not the sender's Date header, starts the clock.
    expect(next.items[0]!.postedAt).toEqual(new Date('2024-01-01T03:00:05Z'));
  });

  it('resumes from the stored cursor in a new connector instance without missing or repeating', async () => {
    for (let n = 1; n <= 5; n++) imap.addMessage(mail(n));
    const first = await connector({ batchSize: 3 }).fetchSince(null);
    expect(first.hasMore).toBe(true);
    imap.addMessage(mail(6));

    // "Restart": a fresh connector, only the stored cursor survives.
    const seen = first.items.map((item) => item.externalId);
    let cursor = first.nextCursor;
    const restarted = connector({ batchSize: 3 });
    for (;;) {
      const page = await restarted.fetchSince(cursor);
      seen.push(...page.items.map((item) => item.externalId));
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6].map((n) => `<m${n}@mail.example>`));
    expect(JSON.parse(cursor!)).toEqual({ uidValidity: 1000, lastUid: 6 });
  });

  it('starts over when UIDVALIDITY changes; Message-IDs stay the same, so the store drops the repeats', async () => {
    for (let n = 1; n <= 3; n++) imap.addMessage(mail(n));
    const c = connector();
    const before = await c.fetchSince(null);
    expect(before.items).toHaveLength(3);

    imap.changeUidValidity(2000);
    imap.addMessage(mail(4));
    const after = await c.fetchSince(before.nextCursor);
    expect(after.items.map((item) => item.externalId)).toEqual(
      [1, 2, 3, 4].map((n) => `<m${n}@mail.example>`),
    );
    expect(JSON.parse(after.nextCursor!)).toEqual({ uidValidity: 2000, lastUid: 4 });
    expect(imap.commands.filter((cmd) => cmd.name === 'UID SEARCH').at(-1)?.args).toBe('UID 1:*');
  });

  it('keeps the good messages of a batch, records the unusable one and skips auto-replies', async () => {
    imap.addMessage(mail(1));
    const photoOnly = [
      'From: Dewi <dewi@mail.example>',
      'To: humas@kota.go.id',
      'Message-ID: <foto@mail.example>',
      'Content-Type: image/jpeg',
      'Content-Transfer-Encoding: base64',
      '',
      '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/',
      '',
    ].join('\n');
    const photoUid = imap.addMessage(photoOnly);
    const garbageUid = imap.addMessage(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a]));
    imap.addMessage(mail(2, { headers: ['Auto-Submitted: auto-replied'], subject: 'Out of office' }));
    imap.addMessage(mail(3));

    const page = await connector().fetchSince(null);
    expect(page.items.map((item) => item.externalId)).toEqual(['<m1@mail.example>', '<m3@mail.example>']);
    expect(page.failures.map((f) => [f.dedupeKey, f.externalId])).toEqual([
      ['<foto@mail.example>', '<foto@mail.example>'],
      [`uid:1000:${garbageUid}`, `uid:1000:${garbageUid}`],
    ]);
    expect(page.failures[0]!.reason).toMatch(/no usable text.*attachment/);
    expect(page.failures[0]!.raw).toContain('Message-ID: <foto@mail.example>');
    expect(photoUid).toBe(2);
    expect(JSON.parse(page.nextCursor!)).toEqual({ uidValidity: 1000, lastUid: 5 });
  });

  it('a refused login → auth with the server message and without the password', async () => {
    const wrong = 'wrong-Passw0rd';
    const error = await rejection(connector({ imapPassword: wrong }).fetchSince(null));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('Invalid credentials');
    expect(error.message).toContain('AUTHENTICATIONFAILED');
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(IMAP_PASSWORD);

    // Even a server that echoes the password back does not get it into the message.
    imap.failLogins(`Account locked for ${IMAP_PASSWORD}`);
    const echoed = await rejection(connector().fetchSince(null));
    expect(echoed.kind).toBe('auth');
    expect(echoed.message).toContain('Account locked for ***');
    expect(echoed.message).not.toContain(IMAP_PASSWORD);
    expect(imap.count('LOGIN')).toBe(2);
  });

  it('server down → transient; back up → the same cursor succeeds', async () => {
    imap.addMessage(mail(1));
    const c = connector({ timeoutMs: 2_000 });
    await imap.stop();
    const down = await rejection(c.fetchSince(null));
    expect(down.kind).toBe('transient');
    expect(down.message).toMatch(/ECONNREFUSED/);
    expect(down.message).not.toContain(IMAP_PASSWORD);

    await imap.start();
    const page = await c.fetchSince(null);
    expect(page.items.map((item) => item.externalId)).toEqual(['<m1@mail.example>']);
  });

  it('a server that accepts but never greets → transient after the timeout', async () => {
    const held = new Set<Socket>();
    const silent = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const c = createEmailConnector({
        imap: { host: '127.0.0.1', port, secure: false, user: IMAP_USER, password: IMAP_PASSWORD },
        smtp: { host: smtp.host, port: smtp.port, secure: false, user: IMAP_USER, password: SMTP_PASSWORD },
        fromAddress: 'humas@kota.go.id',
        timeoutMs: 300,
      });
      const error = await rejection(c.fetchSince(null));
      expect(error.kind).toBe('transient');
      expect(error.message).toMatch(/timeout/i);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("Office 365's throttling answer → rate_limited with the rest of the suggested backoff", async () => {
    // IMAP has no 429 or quota headers; this BAD answer is the one rate-limit signal a server sends.
    imap.addMessage(mail(1));
    imap.throttleNext('UID SEARCH', 90_000);
    // imapflow itself waits up to half the socket timeout (here 1 s) before giving up.
    const error = await rejection(connector({ timeoutMs: 2_000 }).fetchSince(null));
    expect(error.kind).toBe('rate_limited');
    expect(error.details.retryAfterMs).toBe(89_000);
    expect(error.message).toContain('Request is throttled');
    expect(imap.count('LOGOUT')).toBe(1);

    const page = await connector().fetchSince(null);
    expect(page.items).toHaveLength(1);
  });

  it('replies over SMTP with threading headers, files the reply in Sent, and finds it again on a retry', async () => {
    imap.addMessage(
      mail(3, {
        subject: 'Permohonan informasi anggaran',
        from: 'Budi Santoso <budi@mail.example>',
        headers: [
          'Reply-To: budi.kantor@mail.example',
          'In-Reply-To: <m2@kota.go.id>',
          'References: <m1@mail.example>\n <m2@kota.go.id>',
        ],
      }),
    );
    const c = connector();
    const [item] = (await c.fetchSince(null)).items;
    expect(item!.threadKey).toBe('mail:<m1@mail.example>');
    const reply: OutboundReply = {
      replyId: 'rpl_42',
      threadKey: item!.threadKey,
      inReplyToExternalId: item!.externalId,
      text: 'Terima kasih, Pak Budi. Dokumen anggaran terlampir di laman PPID.',
    };
    const since = new Date(Date.now() - 60_000);
    expect(await c.findPublishedReply!(reply, since)).toBeNull();

    const published = await c.publishReply(reply);
    expect(published.externalId).toBe('<reply-rpl_42@kota.go.id>');
    expect(smtp.received).toHaveLength(1);
    const sent = smtp.received[0]!;
    expect(sent).toMatchObject({
      from: 'humas@kota.go.id',
      to: ['budi.kantor@mail.example'],
      user: IMAP_USER,
    });
    const headers = sent.raw.toString('utf8');
    expect(headers).toMatch(/^Message-ID: <reply-rpl_42@kota\.go\.id>\r$/m);
    expect(headers).toMatch(/^In-Reply-To: <m3@mail\.example>\r$/m);
    expect(headers).toMatch(/^Subject: Re: Permohonan informasi anggaran\r$/m);
    expect(headers).toMatch(/^From: Humas Kota <humas@kota\.go\.id>\r$/m);
    expect(headers).toMatch(/^To: budi\.kantor@mail\.example\r$/m);
    const parsed = await simpleParser(sent.raw);
    expect(parsed.references).toEqual(['<m1@mail.example>', '<m2@kota.go.id>', '<m3@mail.example>']);
    expect(parsed.text?.trim()).toBe(reply.text);

    // The exact bytes that went out are filed in Sent.
    expect(imap.messages('Sent').map((m) => m.raw.toString('utf8'))).toEqual([sent.raw.toString('utf8')]);
    expect(imap.messages('Sent')[0]!.flags).toEqual(['\\Seen']);

    // A retried job (new connector, as after a crash) looks first and finds the reply: nothing is re-sent.
    const retry = connector();
    const found = await retry.findPublishedReply!(reply, since);
    expect(found).toEqual({
      externalId: '<reply-rpl_42@kota.go.id>',
      postedAt: imap.messages('Sent')[0]!.internalDate,
    });
    if (!found) await retry.publishReply(reply);
    expect(smtp.received).toHaveLength(1);
    expect(imap.commands.filter((cmd) => cmd.name === 'UID SEARCH').at(-1)?.args).toMatch(
      /HEADER MESSAGE-ID <reply-rpl_42@kota\.go\.id>/,
    );
    // Another reply id is not mistaken for this one.
    expect(await retry.findPublishedReply!({ ...reply, replyId: 'rpl_4' }, since)).toBeNull();
  });

  it('SMTP: refused login → auth without the password; a refused recipient → rejected', async () => {
    imap.addMessage(mail(1));
    const [item] = (await connector().fetchSince(null)).items;
    const reply: OutboundReply = {
      replyId: 'r1',
      threadKey: item!.threadKey,
      inReplyToExternalId: item!.externalId,
      text: 'Baik, kami proses.',
    };
    const wrong = 'not-the-smtp-password';
    const auth = await rejection(connector({ smtpPassword: wrong }).publishReply(reply));
    expect(auth.kind).toBe('auth');
    expect(auth.message).toContain('Authentication credentials invalid');
    expect(auth.message).not.toContain(wrong);
    expect(smtp.authAttempts).toBe(1);

    smtp.rejectRecipients(true);
    const refused = await rejection(connector().publishReply(reply));
    expect(refused.kind).toBe('rejected');
    expect(refused.details.status).toBe(550);
    expect(refused.message).toContain('Recipient address rejected');
    expect(smtp.received).toHaveLength(0);
    expect(imap.messages('Sent')).toHaveLength(0);
  });

  it('a reply that went out but could not be filed in Sent still counts as published', async () => {
    imap.addMessage(mail(1));
    const warnings: string[] = [];
    const base = connector();
    const [item] = (await base.fetchSince(null)).items;
    const c = createEmailConnector({
      imap: {
        host: imap.host,
        port: imap.port,
        secure: false,
        user: IMAP_USER,
        password: IMAP_PASSWORD,
        sentMailbox: 'Terkirim',
      },
      smtp: { host: smtp.host, port: smtp.port, secure: false, user: IMAP_USER, password: SMTP_PASSWORD },
      fromAddress: 'humas@kota.go.id',
      timeoutMs: 5_000,
      onWarning: (message) => warnings.push(message),
    });
    const published = await c.publishReply({
      replyId: 'r9',
      threadKey: item!.threadKey,
      inReplyToExternalId: item!.externalId,
      text: 'Sudah kami terima.',
    });
    expect(published.externalId).toBe('<reply-r9@kota.go.id>');
    expect(smtp.received).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/not filed in Terkirim.*TRYCREATE/);
    expect(imap.count('APPEND')).toBe(1);
  });

  it('a reply to a message that is gone is rejected before anything is sent', async () => {
    const error = await rejection(
      connector().publishReply({
        replyId: 'r2',
        threadKey: 'mail:<hilang@mail.example>',
        inReplyToExternalId: '<hilang@mail.example>',
        text: 'Halo',
      }),
    );
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('<hilang@mail.example>');
    expect(smtp.received).toHaveLength(0);
  });
});
