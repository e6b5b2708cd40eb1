import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryStatus } from '../../worker/connectors/types.ts';
import {
  createWhatsAppConnector,
  mergeDeliveryStatus,
  parseWebhook,
  type WhatsAppConnectorOptions,
} from '../../worker/connectors/whatsapp.ts';
import { type FakeWhatsApp, startFakeWhatsApp, webhookEnvelope } from '../fakes/whatsapp-server.ts';
import { rejection as rejectionOf } from '../support/connector-assertions.ts';

const TOKEN = 'EAAGm0PX4ZCpsBAFake-Access_Token-value123';

/** Every rejection is also checked for leaked credentials. */
const rejection = (promise: Promise<unknown>) => rejectionOf(promise, [TOKEN]);
const PHONE_ID = '106540352242922';
const CITIZEN = '6281234567890';
const HOUR = 60 * 60 * 1000;
const T0 = 1_749_416_383; // unix seconds, as in Meta's examples

const WAMID_TEXT = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=';
const WAMID_IMAGE = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgB=';
const WAMID_UNSUPPORTED = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgC=';
const WAMID_OURS = 'wamid.HBgLNjI4MTIzNDU2Nzg5MBUCABEYEjQyQUIxRjc5QTU3MjE3NDVGRgA=';

/** One delivery shaped after Meta's documented text, image and unsupported message examples. */
function inboundDelivery() {
  return webhookEnvelope(PHONE_ID, {
    contacts: [{ profile: { name: 'Siti Rahmawati' }, wa_id: CITIZEN }],
    messages: [
      {
        from: CITIZEN,
        id: WAMID_TEXT,
        timestamp: String(T0),
        type: 'text',
        text: { body: 'Min, lampu PJU di Jl. Sudirman mati sudah 3 hari.' },
      },
      {
        from: CITIZEN,
        id: WAMID_IMAGE,
        timestamp: String(T0 + 5),
        type: 'image',
        image: {
          caption: 'Ini fotonya',
          mime_type: 'image/jpeg',
          sha256: 'SDBvHXIcfSzX6BMF0J6eMsXXhwvISXq7q0hRfvALL1o=',
          id: '1003383421387256',
          url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1003383421387256',
        },
      },
      {
        from: CITIZEN,
        id: WAMID_UNSUPPORTED,
        timestamp: String(T0 + 9),
        type: 'unsupported',
        errors: [
          {
            code: 131051,
            title: 'Message type unknown',
            message: 'Message type unknown',
            error_data: { details: 'Message type is currently not supported.' },
          },
        ],
        unsupported: { type: 'poll_creation' },
      },
    ],
  });
}

function status(status: string, offset: number, extra: Record<string, unknown> = {}) {
  return {
    id: WAMID_OURS,
    status,
    timestamp: String(T0 + offset),
    recipient_id: CITIZEN,
    pricing: { billable: true, pricing_model: 'PMP', category: 'service' },
    ...extra,
  };
}

describe('whatsapp webhook parsing', () => {
  it('turns text and media into items with their contact, and unsupported types into failures', () => {
    const batch = parseWebhook(inboundDelivery());
    expect(batch.items.map((i) => [i.externalId, i.text])).toEqual([
      [WAMID_TEXT, 'Min, lampu PJU di Jl. Sudirman mati sudah 3 hari.'],
      [WAMID_IMAGE, '[gambar] Ini fotonya'],
    ]);
    expect(batch.items[0]).toMatchObject({
      kind: 'DM',
      threadKey: `wa:${PHONE_ID}:${CITIZEN}`,
      postedAt: new Date(T0 * 1000),
      contact: { externalId: CITIZEN, displayName: 'Siti Rahmawati', handle: `+${CITIZEN}` },
    });
    expect(batch.items[1]!.threadKey).toBe(batch.items[0]!.threadKey);
    expect(batch.failures).toHaveLength(1);
    expect(batch.failures[0]).toMatchObject({ dedupeKey: WAMID_UNSUPPORTED, externalId: WAMID_UNSUPPORTED });
    expect(batch.failures[0]!.reason).toContain('"unsupported"');
    expect(batch.failures[0]!.reason).toContain('131051');
    expect(JSON.parse(batch.failures[0]!.raw)).toMatchObject({ unsupported: { type: 'poll_creation' } });
    expect(batch.statuses).toEqual([]);
  });

  it('gives every non-text type a readable placeholder instead of dropping it', () => {
    const m = (type: string, payload: unknown, i: number) => ({
      from: CITIZEN,
      id: `wamid.kind${i}`,
      timestamp: String(T0),
      type,
      [type]: payload,
    });
    const messages = [
      m('audio', { id: '1', mime_type: 'audio/ogg; codecs=opus', voice: true }, 1),
      m('document', { id: '2', filename: 'KTP.pdf', caption: 'berkas saya' }, 2),
      m('location', { latitude: -6.2, longitude: 106.8, name: 'Balai Kota' }, 3),
      m('sticker', { id: '4', animated: false }, 4),
      m('reaction', { message_id: WAMID_OURS, emoji: '👍' }, 5),
      m('interactive', { type: 'button_reply', button_reply: { id: 'b1', title: 'Ya, sudah' } }, 6),
      m('video', { id: '7' }, 7),
      m('teleport', { to: 'mars' }, 8),
    ];
    const batch = parseWebhook(webhookEnvelope(PHONE_ID, { messages }));
    expect(batch.items.map((i) => i.text)).toEqual([
      '[pesan suara]',
      '[dokumen] KTP.pdf berkas saya',
      '[lokasi] Balai Kota (-6.2, 106.8)',
      '[stiker]',
      '[reaksi] 👍',
      '[pilihan] Ya, sudah',
      '[video]',
    ]);
    // No contacts[] in this delivery: the sender's number still identifies them.
    expect(batch.items[0]!.contact).toEqual({ externalId: CITIZEN, handle: `+${CITIZEN}` });
    expect(batch.failures.map((f) => [f.externalId, f.reason])).toEqual([
      ['wamid.kind8', 'message type "teleport" is not supported'],
    ]);
  });

  it('keeps the good messages when one is malformed, and never throws on a foreign body', () => {
    const delivery = inboundDelivery();
    const value = delivery.entry[0]!.changes[0]!.value as { messages: Record<string, unknown>[] };
    value.messages[0] = { ...value.messages[0], timestamp: 'kemarin' };
    value.messages.push({ from: CITIZEN, type: 'text', text: { body: 'tanpa id' } });
    const batch = parseWebhook(delivery);
    expect(batch.items.map((i) => i.externalId)).toEqual([WAMID_IMAGE]);
    expect(batch.failures.map((f) => f.externalId)).toEqual([WAMID_TEXT, WAMID_UNSUPPORTED, undefined]);
    expect(batch.failures[0]!.reason).toContain('timestamp');
    expect(batch.failures[2]!.dedupeKey).toMatch(/^[0-9a-f]{64}$/);

    const foreign = parseWebhook({ object: 'page', entry: [] });
    expect(foreign.items).toEqual([]);
    expect(foreign.failures).toHaveLength(1);
    expect(foreign.failures[0]!.reason).toContain('object');
    expect(parseWebhook({ object: 'page', entry: [] }).failures[0]!.dedupeKey).toBe(
      foreign.failures[0]!.dedupeKey,
    );
  });

  it('skips non-message fields such as template status updates', () => {
    const batch = parseWebhook({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            { field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 1 } },
          ],
        },
      ],
    });
    expect(batch).toEqual({ items: [], failures: [], statuses: [] });
  });

  it('a duplicate delivery parses to the same externalIds, and a repeat inside one delivery counts once', () => {
    const first = parseWebhook(inboundDelivery());
    const again = parseWebhook(JSON.parse(JSON.stringify(inboundDelivery())));
    expect(again.items.map((i) => i.externalId)).toEqual(first.items.map((i) => i.externalId));
    expect(again.failures.map((f) => f.dedupeKey)).toEqual(first.failures.map((f) => f.dedupeKey));

    const doubled = inboundDelivery();
    const value = doubled.entry[0]!.changes[0]!.value as { messages: unknown[] };
    value.messages.push(value.messages[0]);
    expect(parseWebhook(doubled).items.map((i) => i.externalId)).toEqual([WAMID_TEXT, WAMID_IMAGE]);
  });

  it('reads status batches that arrive out of order, and merging keeps the furthest', () => {
    const failedError = {
      code: 131026,
      title: 'Message undeliverable',
      message: 'Message undeliverable',
      error_data: { details: 'Unable to deliver message.' },
    };
    const batch = parseWebhook(
      webhookEnvelope(PHONE_ID, {
        statuses: [
          status('read', 30),
          status('sent', 1),
          status('played', 40),
          status('delivered', 10),
          { ...status('failed', 5, { errors: [failedError] }), id: 'wamid.other' },
          { id: 'wamid.broken', status: 'sent' },
        ],
      }),
    );
    expect(batch.statuses.map((s) => [s.externalId, s.status])).toEqual([
      [WAMID_OURS, 'read'],
      [WAMID_OURS, 'sent'],
      [WAMID_OURS, 'delivered'],
      ['wamid.other', 'failed'],
    ]);
    expect(batch.statuses[3]!.error).toBe('(#131026) Message undeliverable: Unable to deliver message.');
    expect(batch.failures.map((f) => f.dedupeKey)).toEqual(['status:wamid.broken:sent']);

    const ours = batch.statuses.filter((s) => s.externalId === WAMID_OURS);
    const merged = ours.reduce<DeliveryStatus | null>(mergeDeliveryStatus, null);
    expect(merged).toEqual({ externalId: WAMID_OURS, status: 'read', at: new Date((T0 + 30) * 1000) });
  });
});

describe('mergeDeliveryStatus', () => {
  const at = (s: number) => new Date((T0 + s) * 1000);
  const s = (status: DeliveryStatus['status'], sec: number, error?: string): DeliveryStatus => ({
    externalId: WAMID_OURS,
    status,
    at: at(sec),
    ...(error ? { error } : {}),
  });

  it('failed beats sent, but delivered or read win over failed whatever the order', () => {
    expect(mergeDeliveryStatus(s('sent', 1), s('failed', 2, 'x')).status).toBe('failed');
    expect(mergeDeliveryStatus(s('failed', 2, 'x'), s('sent', 1)).status).toBe('failed');
    expect(mergeDeliveryStatus(s('failed', 9, 'x'), s('delivered', 3)).status).toBe('delivered');
    expect(mergeDeliveryStatus(s('read', 3), s('failed', 9, 'x')).status).toBe('read');
    expect(mergeDeliveryStatus(s('delivered', 5), s('delivered', 4))).toEqual(s('delivered', 4));
    expect(() => mergeDeliveryStatus(s('sent', 1), { ...s('read', 2), externalId: 'wamid.x' })).toThrow();
  });

  it('property: any arrival order of the same receipts merges to the same result', () => {
    const receipt = fc.record({
      status: fc.constantFrom('sent', 'delivered', 'read', 'failed') as fc.Arbitrary<
        DeliveryStatus['status']
      >,
      sec: fc.integer({ min: 0, max: 100 }),
      error: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
    });
    const receiptsAndPermutation = fc
      .array(receipt, { minLength: 1, maxLength: 8 })
      .chain((rs) =>
        fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length })),
      );
    fc.assert(
      fc.property(receiptsAndPermutation, ([receipts, permuted]) => {
        const list = receipts.map((r) => s(r.status, r.sec, r.error));
        const shuffled = permuted.map((r) => s(r.status, r.sec, r.error));
        const reversed = [...list].reverse();
        const fold = (xs: DeliveryStatus[]) => xs.reduce<DeliveryStatus | null>(mergeDeliveryStatus, null);
        expect(fold(shuffled)).toEqual(fold(list));
        expect(fold(reversed)).toEqual(fold(list));
        // The winner is one of the receipts, at the highest precedence present.
        const rank = { sent: 0, failed: 1, delivered: 2, read: 3 };
        const best = Math.max(...list.map((x) => rank[x.status]));
        expect(rank[fold(list)!.status]).toBe(best);
      }),
    );
  });
});

describe('whatsapp connector against the fake Cloud API', () => {
  let fake: FakeWhatsApp;
  let clock: Date;

  beforeEach(async () => {
    clock = new Date((T0 + 60) * 1000);
    fake = await startFakeWhatsApp({ accessToken: TOKEN, phoneNumberId: PHONE_ID, now: () => clock });
  });
  afterEach(async () => {
    await fake.close();
  });

  function connector(extra: Partial<WhatsAppConnectorOptions> = {}) {
    return createWhatsAppConnector({
      phoneNumberId: PHONE_ID,
      accessToken: TOKEN,
      apiBaseUrl: fake.url,
      timeoutMs: 5_000,
      now: () => clock,
      ...extra,
    });
  }

  /** An inbound message, delivered and parsed the way the webhook route does it. */
  function citizenWrites(text: string, at = clock) {
    const [item] = connector().parseWebhook(fake.receive({ from: CITIZEN, name: 'Siti', text, at })).items;
    return item!;
  }

  function replyTo(
    item: ReturnType<typeof citizenWrites>,
    text = 'Terima kasih, laporan diteruskan ke Dishub.',
  ) {
    return {
      replyId: 'reply-1',
      threadKey: item.threadKey,
      inReplyToExternalId: item.externalId,
      inReplyToPostedAt: item.postedAt,
      text,
    };
  }

  it('fetchSince is webhook-only: an empty page, cursor unchanged, no request', async () => {
    const c = connector();
    expect(await c.fetchSince('cursor-7')).toEqual({
      items: [],
      failures: [],
      nextCursor: 'cursor-7',
      hasMore: false,
    });
    expect(await c.fetchSince(null)).toMatchObject({ nextCursor: null, hasMore: false });
    expect(fake.requests).toHaveLength(0);
    expect('findPublishedReply' in c).toBe(false);
  });

  it('sends a text reply quoting the citizen message and returns the wamid', async () => {
    const item = citizenWrites('Jalan berlubang di Jl. Merdeka');
    const published = await connector().publishReply(replyTo(item));
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toEqual({
      method: 'POST',
      path: `/v21.0/${PHONE_ID}/messages`,
      authorization: `Bearer ${TOKEN}`,
      body: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: CITIZEN,
        type: 'text',
        text: { body: 'Terima kasih, laporan diteruskan ke Dishub.' },
        context: { message_id: item.externalId },
      },
    });
    expect(fake.sent).toEqual([
      {
        id: published.externalId,
        to: CITIZEN,
        text: 'Terima kasih, laporan diteruskan ke Dishub.',
        contextMessageId: item.externalId,
      },
    ]);
    expect(published.externalId).toMatch(/^wamid\./);
    expect(published.postedAt).toEqual(clock);
  });

  it('outside the 24-hour window: rejected before any request is made', async () => {
    const item = citizenWrites('Halo', new Date(clock.getTime() - 25 * HOUR));
    const error = await rejection(connector().publishReply(replyTo(item)));
    expect(error.kind).toBe('rejected');
    expect(error.message).toMatch(/24-hour reply window has closed/);
    expect(error.message).toMatch(/template message/);
    expect(fake.requests).toHaveLength(0);

    // Just inside the window it goes through.
    const recent = citizenWrites('Halo lagi', new Date(clock.getTime() - 23 * HOUR));
    await connector().publishReply(replyTo(recent));
    expect(fake.sent).toHaveLength(1);
  });

  it("131047 from the API (our clock thought the window was open) → rejected with Meta's details", async () => {
    const item = citizenWrites('Halo');
    fake.customerWrote(CITIZEN, new Date(clock.getTime() - 30 * HOUR));
    const error = await rejection(connector().publishReply(replyTo(item)));
    expect(error.kind).toBe('rejected');
    expect(error.details.status).toBe(400);
    expect(error.message).toContain('(#131047) Re-engagement message');
    expect(error.message).toContain('more than 24 hours have passed');
    expect(fake.sent).toHaveLength(0);

    // The same refusal in a 200 (a proxy rewriting statuses) is still a refusal, not a success.
    fake.failNext({
      status: 200,
      body: { error: { message: '(#131047) Re-engagement message', code: 131047 } },
    });
    expect((await rejection(connector().publishReply(replyTo(item)))).kind).toBe('rejected');
    // A 200 without messages[0].id cannot be recorded as published.
    fake.failNext({ status: 200, body: { messaging_product: 'whatsapp', contacts: [], messages: [] } });
    expect((await rejection(connector().publishReply(replyTo(item)))).kind).toBe('malformed_page');
  });

  it("a bad token → auth with the platform's message and no token in it", async () => {
    const item = citizenWrites('Halo');
    const error = await rejection(
      connector({ accessToken: 'EAAG-wrong-token-999' }).publishReply(replyTo(item)),
    );
    expect(error.kind).toBe('auth');
    expect(error.details.status).toBe(401);
    expect(error.message).toContain('Invalid OAuth access token');
    expect(error.message).not.toContain('EAAG-wrong-token-999');
    expect(fake.requests[0]!.authorization).toBe('Bearer EAAG-wrong-token-999');

    // Graph code 190 means auth even when a proxy turns the status into a 400.
    fake.failNext({
      status: 400,
      body: { error: { message: 'Error validating access token: Session has expired', code: 190 } },
    });
    expect((await rejection(connector().publishReply(replyTo(item)))).kind).toBe('auth');
  });

  it('a 500 is transient and the retried send then succeeds', async () => {
    const item = citizenWrites('Halo');
    fake.failNext({
      status: 500,
      body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1 } },
    });
    const error = await rejection(connector().publishReply(replyTo(item)));
    expect(error.kind).toBe('transient');
    expect(error.message).toContain('An unknown error occurred');
    expect(fake.sent).toHaveLength(0);
    await connector().publishReply(replyTo(item));
    expect(fake.sent).toHaveLength(1);
    expect(fake.requests).toHaveLength(2);
  });

  it('rate-limit codes → rate_limited, honouring Retry-After or waiting our default', async () => {
    const item = citizenWrites('Halo');
    fake.failNext({
      status: 400,
      body: {
        error: {
          message: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
          code: 131056,
          error_data: { messaging_product: 'whatsapp', details: 'Too many messages to this user.' },
        },
      },
    });
    fake.failNext({
      status: 429,
      headers: { 'retry-after': '30' },
      body: { error: { message: '(#130429) Rate limit hit', code: 130429 } },
    });
    const pair = await rejection(connector().publishReply(replyTo(item)));
    expect([pair.kind, pair.details.retryAfterMs]).toEqual(['rate_limited', 6_000]);
    expect(pair.message).toContain('pair rate limit hit');
    const throughput = await rejection(connector().publishReply(replyTo(item)));
    expect([throughput.kind, throughput.details.retryAfterMs]).toEqual(['rate_limited', 30_000]);
  });

  it('refuses a thread of another phone number without calling the API', async () => {
    const item = citizenWrites('Halo');
    await expect(
      connector().publishReply({ ...replyTo(item), threadKey: `wa:999:${CITIZEN}` }),
    ).rejects.toThrow(/not on phone number/);
    expect(fake.requests).toHaveLength(0);
  });
});
