import fc from 'fast-check';
import { type ParsedMail, simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import {
  htmlToText,
  type MailMeta,
  parseMail,
  replyContextOf,
  trimQuotedReply,
} from '../../worker/connectors/email-parse.ts';
import type { InboundItem } from '../../worker/connectors/types.ts';

const META: MailMeta = {
  mailbox: 'INBOX',
  uidValidity: 7,
  uid: 42,
  receivedAt: new Date('2024-03-04T02:00:00Z'),
};

function source(headers: string[], body: string): string {
  return [...headers, '', body, ''].join('\r\n');
}

async function parse(raw: string, meta: MailMeta = META, ownAddress?: string) {
  const parsed = await simpleParser(raw);
  return parseMail(parsed, meta, raw, ownAddress ? { ownAddress } : {});
}

async function item(raw: string): Promise<InboundItem> {
  const outcome = await parse(raw);
  if (outcome.kind !== 'item') throw new Error(`expected an item, got ${JSON.stringify(outcome)}`);
  return outcome.item;
}

const BASE = [
  'From: "Siti Aminah" <Siti.Aminah@Mail.Example>',
  'To: humas@kota.go.id',
  'Subject: Jalan rusak di Jl. Merdeka',
  'Date: Mon, 04 Mar 2024 08:59:00 +0700',
  'Message-ID: <abc123@mail.example>',
];

describe('parseMail', () => {
  it('maps a plain message: subject-prefixed text, Message-ID, contact, INTERNALDATE, thread of its own', async () => {
    const result = await item(
      source([...BASE, 'Content-Type: text/plain; charset=utf-8'], 'Mohon segera\r\ndiperbaiki.'),
    );
    expect(result).toMatchObject({
      externalId: '<abc123@mail.example>',
      kind: 'EMAIL',
      threadKey: 'mail:<abc123@mail.example>',
      text: 'Jalan rusak di Jl. Merdeka\n\nMohon segera\ndiperbaiki.',
      postedAt: META.receivedAt,
      contact: {
        externalId: 'siti.aminah@mail.example',
        displayName: 'Siti Aminah',
        handle: 'siti.aminah@mail.example',
      },
    });
    expect(result.raw).toMatchObject({
      uid: 42,
      uidValidity: 7,
      messageId: '<abc123@mail.example>',
      subject: 'Jalan rusak di Jl. Merdeka',
      attachments: [],
    });
    expect((result.raw as { header: string }).header).toContain('Message-ID: <abc123@mail.example>');
  });

  it('threads by References[0], then In-Reply-To, and falls back to the UID without a Message-ID', async () => {
    const withRefs = await item(
      source(
        [
          ...BASE,
          'In-Reply-To: <parent@kota.go.id>',
          'References: <root@mail.example>\r\n <parent@kota.go.id>',
        ],
        'Balasan',
      ),
    );
    expect(withRefs.threadKey).toBe('mail:<root@mail.example>');

    const onlyInReplyTo = await item(source([...BASE, 'In-Reply-To: <parent@kota.go.id>'], 'Balasan'));
    expect(onlyInReplyTo.threadKey).toBe('mail:<parent@kota.go.id>');

    const noId = await item(
      source(
        BASE.filter((h) => !h.startsWith('Message-ID')),
        'Tanpa id',
      ),
    );
    expect(noId.externalId).toBe('uid:7:42');
    expect(noId.threadKey).toBe('mail:uid:7:42');
  });

  it('uses the Date header only when there is no INTERNALDATE', async () => {
    const { receivedAt: _, ...withoutDate } = META;
    const outcome = await parse(source(BASE, 'Isi'), withoutDate);
    expect(outcome.kind === 'item' && outcome.item.postedAt.toISOString()).toBe('2024-03-04T01:59:00.000Z');
  });

  it('falls back to the HTML part, as text', async () => {
    const html = await item(
      source(
        [...BASE, 'Content-Type: text/html; charset=utf-8'],
        '<html><head><style>p{color:red}</style></head><body><p>Lampu&nbsp;jalan mati</p><p>sejak 3 hari &amp; gelap</p></body></html>',
      ),
    );
    expect(html.text).toMatch(/^Jalan rusak di Jl\. Merdeka\n\n/);
    expect(html.text).toContain('Lampu jalan mati');
    expect(html.text).toContain('sejak 3 hari & gelap');
    expect(html.text).not.toContain('color:red');

    // Our own converter, for a parsed mail whose text part is empty.
    const parsed = await simpleParser(source(BASE, 'x'));
    const bare: ParsedMail = {
      ...parsed,
      text: '',
      html: '<div>Baris 1<br>Baris&#32;2</div><script>x()</script>',
    };
    const outcome = parseMail(bare, META, 'x');
    expect(outcome.kind === 'item' && outcome.item.text).toBe(
      'Jalan rusak di Jl. Merdeka\n\nBaris 1\nBaris 2',
    );
  });

  it('trims the quoted history of a reply but keeps the new text', async () => {
    const reply = await item(
      source(
        [...BASE.filter((h) => !h.startsWith('Subject')), 'Subject: Re: Jalan rusak'],
        [
          'Terima kasih, sudah diperbaiki.',
          '',
          'Pada tanggal Sen, 4 Mar 2024 pukul 09.00 Humas Kota <humas@kota.go.id>',
          'menulis:',
          '> Laporan Anda sudah kami teruskan.',
          '> Salam',
        ].join('\r\n'),
      ),
    );
    expect(reply.text).toBe('Re: Jalan rusak\n\nTerima kasih, sudah diperbaiki.');
  });

  it('records a message with neither text nor subject as a failure keyed by Message-ID', async () => {
    const raw = source(
      [
        'From: a@mail.example',
        'Message-ID: <foto@mail.example>',
        'Content-Type: image/png',
        'Content-Transfer-Encoding: base64',
      ],
      'iVBORw0KGgo=',
    );
    const outcome = await parse(raw);
    expect(outcome).toMatchObject({
      kind: 'failure',
      failure: { dedupeKey: '<foto@mail.example>', externalId: '<foto@mail.example>', raw },
    });
    expect(outcome.kind === 'failure' && outcome.failure.reason).toMatch(/no usable text/);

    // A subject alone is usable text: a request sent as a subject line and an attachment still opens a case.
    const subjectOnly = await item(source([...BASE, 'Content-Type: image/png'], 'iVBORw0KGgo='));
    expect(subjectOnly.text).toBe('Jalan rusak di Jl. Merdeka');
  });

  it('skips automatic replies and mail from the agency address', async () => {
    expect(await parse(source([...BASE, 'Auto-Submitted: auto-replied'], 'Saya sedang cuti'))).toMatchObject({
      kind: 'skipped',
    });
    expect(await parse(source([...BASE, 'Auto-Submitted: no'], 'Isi'))).toMatchObject({ kind: 'item' });
    expect(
      await parse(
        source(['From: Humas <HUMAS@kota.go.id>', 'Subject: x'], 'salinan'),
        META,
        'humas@kota.go.id',
      ),
    ).toMatchObject({ kind: 'skipped', why: 'sent by the agency address' });
  });
});

describe('trimQuotedReply', () => {
  it('cuts at attribution lines and Outlook headers, and a trailing quote block', () => {
    expect(trimQuotedReply('Oke.\n\nOn Mon, 4 Mar 2024, Humas <h@k.id> wrote:\n> lama')).toBe('Oke.');
    expect(trimQuotedReply('Baik.\n-----Original Message-----\nFrom: x')).toBe('Baik.');
    expect(
      trimQuotedReply(
        'Siap.\n\n________________________________\nFrom: Humas\nSent: Monday\nSubject: x\n\nlama',
      ),
    ).toBe('Siap.');
    expect(trimQuotedReply('Dari: Humas\nDikirim: Senin\n\nisi lama')).toBe(
      'Dari: Humas\nDikirim: Senin\n\nisi lama',
    );
    expect(trimQuotedReply('Setuju.\n\n> kutipan\n>> lagi\n')).toBe('Setuju.');
  });

  it('keeps quotes interleaved with new text, and a message that is all quote', () => {
    const inline = '> Kapan dibuka?\nBesok pukul 8.\n> Di mana?\nDi kantor kecamatan.';
    expect(trimQuotedReply(inline)).toBe(inline);
    expect(trimQuotedReply('> hanya kutipan')).toBe('> hanya kutipan');
  });

  it('always returns a non-empty part of the text it was given (property)', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('> quote', '', 'On Mon wrote:', 'Pada Sen menulis:', '-----Original Message-----'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const text = lines.join('\n');
        const out = trimQuotedReply(text);
        if (text.trim()) expect(out.length).toBeGreaterThan(0);
        expect(text.trim()).toContain(out);
      }),
    );
  });
});

describe('replyContextOf and htmlToText', () => {
  it('answers Reply-To, prefixes Re: once and extends the References chain', async () => {
    const parsed = await simpleParser(
      source(
        [
          ...BASE,
          'Reply-To: Siti Kantor <siti@kantor.example>',
          'In-Reply-To: <p@kota.go.id>',
          'References: <r@mail.example> <p@kota.go.id>',
        ],
        'x',
      ),
    );
    expect(replyContextOf(parsed)).toEqual({
      to: 'siti@kantor.example',
      subject: 'Re: Jalan rusak di Jl. Merdeka',
      inReplyTo: '<abc123@mail.example>',
      references: ['<r@mail.example>', '<p@kota.go.id>', '<abc123@mail.example>'],
    });

    const already = await simpleParser(
      source(
        [
          ...BASE.filter((h) => !h.startsWith('Subject')),
          'Subject: RE: Izin keramaian',
          'In-Reply-To: <p@k.id>',
        ],
        'x',
      ),
    );
    expect(replyContextOf(already)).toMatchObject({
      to: 'siti.aminah@mail.example',
      subject: 'RE: Izin keramaian',
      references: ['<p@k.id>', '<abc123@mail.example>'],
    });
    expect(replyContextOf(await simpleParser(source(['Subject: x'], 'y')))).toBeUndefined();
  });

  it('converts HTML blocks to lines and decodes entities', () => {
    expect(htmlToText('<p>A &lt;b&gt;</p><ul><li>satu</li><li>dua&#x21;</li></ul>')).toBe(
      'A <b>\nsatu\ndua!\n',
    );
  });
});
