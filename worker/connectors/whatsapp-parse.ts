import { z } from 'zod';
import { MessageKind } from '../../core/db/generated/enums.ts';
import { failureRow } from './item-failure.ts';
import type { DeliveryStatus, InboundItem, ItemFailure, WebhookBatch } from './types.ts';

/**
 * Pure parsing of the WhatsApp Cloud API `messages` webhook (`object: "whatsapp_business_account"`).
 * Only fields we read are declared; the rest passes through into `raw`. One bad message or status becomes
 * an ItemFailure and the rest of the delivery is still parsed.
 */

const ZEnvelope = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.looseObject({ changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })) }),
  ),
});

const ZValue = z.looseObject({
  metadata: z.looseObject({ phone_number_id: z.string().min(1) }),
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

const ZContact = z.looseObject({
  wa_id: z.string().min(1),
  profile: z.looseObject({ name: z.string().optional() }).optional(),
});

const ZUnixSeconds = z.string().regex(/^\d{1,12}$/, 'expected unix seconds as a string');

const ZMessage = z.looseObject({
  id: z.string().min(1),
  from: z.string().min(1),
  timestamp: ZUnixSeconds,
  type: z.string().min(1),
});

const ZPlatformError = z.looseObject({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
});

const ZStatus = z.looseObject({
  id: z.string().min(1),
  // A string, not an enum: Meta adds statuses (`played`, `deleted`) that we skip rather than fail on.
  status: z.string().min(1),
  timestamp: ZUnixSeconds,
  errors: z.array(ZPlatformError).optional(),
});

type TContact = z.infer<typeof ZContact>;

const opt = z.string().optional();
const ZMedia = z.looseObject({ caption: opt, filename: opt, voice: z.boolean().optional() });

/**
 * How each non-text type reads in the inbox. Staff see "[gambar] foto jalan rusak" instead of nothing: a
 * captionless photo sent as a complaint is still a complaint. Types not listed here become failures.
 */
const RENDERERS: Record<string, { schema: z.ZodType; render: (payload: never) => string }> = {
  text: { schema: z.looseObject({ body: z.string().min(1) }), render: (t: { body: string }) => t.body },
  image: { schema: ZMedia, render: (m: Media) => media('[gambar]', m) },
  video: { schema: ZMedia, render: (m: Media) => media('[video]', m) },
  sticker: { schema: ZMedia, render: () => '[stiker]' },
  audio: { schema: ZMedia, render: (m: Media) => (m.voice ? '[pesan suara]' : '[audio]') },
  document: { schema: ZMedia, render: (m: Media) => media('[dokumen]', m, m.filename) },
  location: {
    schema: z.looseObject({ latitude: z.number(), longitude: z.number(), name: opt, address: opt }),
    render: (l: { latitude: number; longitude: number; name?: string; address?: string }) =>
      join('[lokasi]', l.name, l.address, `(${l.latitude}, ${l.longitude})`),
  },
  contacts: {
    schema: z.array(z.looseObject({ name: z.looseObject({ formatted_name: opt }).optional() })),
    render: (cs: { name?: { formatted_name?: string } }[]) =>
      join('[kontak]', cs.map((c) => c.name?.formatted_name ?? '?').join(', ')),
  },
  interactive: {
    schema: z.looseObject({
      button_reply: z.looseObject({ title: z.string() }).optional(),
      list_reply: z.looseObject({ title: z.string(), description: opt }).optional(),
    }),
    render: (i: { button_reply?: { title: string }; list_reply?: { title: string; description?: string } }) =>
      join('[pilihan]', i.button_reply?.title ?? i.list_reply?.title, i.list_reply?.description),
  },
  button: {
    schema: z.looseObject({ text: z.string() }),
    render: (b: { text: string }) => join('[tombol]', b.text),
  },
  reaction: {
    schema: z.looseObject({ emoji: opt }),
    render: (r: { emoji?: string }) => (r.emoji ? `[reaksi] ${r.emoji}` : '[reaksi dihapus]'),
  },
  order: {
    schema: z.looseObject({ product_items: z.array(z.unknown()).optional(), text: opt }),
    render: (o: { product_items?: unknown[]; text?: string }) =>
      join('[pesanan]', `${o.product_items?.length ?? 0} produk`, o.text),
  },
  system: {
    schema: z.looseObject({ body: opt }),
    render: (s: { body?: string }) => join('[sistem]', s.body),
  },
};

type Media = z.infer<typeof ZMedia>;

function media(label: string, m: Media, name?: string): string {
  return join(label, name, m.caption);
}

function join(label: string, ...parts: (string | undefined)[]): string {
  return [label, ...parts.filter((p) => p?.trim())].join(' ');
}

/** Parses one webhook delivery. Never throws: a body that is not a WhatsApp webhook is one failure. */
export function parseWebhook(body: unknown): WebhookBatch {
  const batch: WebhookBatch = { items: [], failures: [], statuses: [] };
  const envelope = ZEnvelope.safeParse(body);
  if (!envelope.success) {
    batch.failures.push(
      failureFor(body, undefined, `not a WhatsApp webhook: ${formatIssues(envelope.error)}`),
    );
    return batch;
  }
  const seen = new Set<string>();
  for (const entry of envelope.data.entry) {
    for (const change of entry.changes) {
      // Template, quality and account updates share the endpoint; they are not conversations.
      if (change.field !== 'messages') continue;
      const value = ZValue.safeParse(change.value);
      if (!value.success) {
        batch.failures.push(failureFor(change, undefined, `change.value: ${formatIssues(value.error)}`));
        continue;
      }
      const { metadata, contacts = [], messages = [], statuses = [] } = value.data;
      const people = contacts.flatMap((c) => {
        const parsed = ZContact.safeParse(c);
        return parsed.success ? [parsed.data] : [];
      });
      for (const message of messages) {
        const outcome = parseMessage(message, metadata, people);
        if ('failure' in outcome) batch.failures.push(outcome.failure);
        else if (!seen.has(outcome.item.externalId)) {
          // Meta may repeat a message inside one delivery; the store dedupes across deliveries.
          seen.add(outcome.item.externalId);
          batch.items.push(outcome.item);
        }
      }
      for (const status of statuses) {
        const parsed = ZStatus.safeParse(status);
        if (!parsed.success) {
          // Keyed by id and status: one outbound message has several receipts, each may be broken.
          const id = idOf(status);
          const key = id ? `status:${id}:${String((status as { status?: unknown }).status)}` : undefined;
          batch.failures.push(failureFor(status, id, `statuses[]: ${formatIssues(parsed.error)}`, key));
          continue;
        }
        const delivery = toDeliveryStatus(parsed.data);
        if (delivery) batch.statuses.push(delivery);
      }
    }
  }
  return batch;
}

function parseMessage(
  message: unknown,
  metadata: { phone_number_id: string },
  contacts: TContact[],
): { item: InboundItem } | { failure: ItemFailure } {
  const parsed = ZMessage.safeParse(message);
  if (!parsed.success) {
    return { failure: failureFor(message, idOf(message), `messages[]: ${formatIssues(parsed.error)}`) };
  }
  const m = parsed.data;
  const renderer = RENDERERS[m.type];
  if (!renderer) {
    // `unsupported` is Meta's own "type unknown" (131051); its error says what the user tried to send.
    const errors = z.array(ZPlatformError).safeParse(m.errors);
    const why = errors.success && errors.data[0] ? `: ${describePlatformError(errors.data[0])}` : '';
    return { failure: failureFor(message, m.id, `message type "${m.type}" is not supported${why}`) };
  }
  const payload = renderer.schema.safeParse((m as Record<string, unknown>)[m.type]);
  if (!payload.success) {
    return { failure: failureFor(message, m.id, `${m.type}: ${formatIssues(payload.error)}`) };
  }
  // A user's wa_id and phone number may differ; the contact entry is authoritative when it is there.
  const contact =
    contacts.find((c) => c.wa_id === m.from) ?? (contacts.length === 1 ? contacts[0] : undefined);
  const waId = contact?.wa_id ?? m.from;
  const name = contact?.profile?.name;
  return {
    item: {
      externalId: m.id,
      kind: MessageKind.DM,
      threadKey: whatsAppThreadKey(metadata.phone_number_id, waId),
      text: renderer.render(payload.data as never),
      postedAt: new Date(Number(m.timestamp) * 1000),
      raw: { metadata, contact, message },
      contact: { externalId: waId, handle: `+${waId}`, ...(name ? { displayName: name } : {}) },
    },
  };
}

export function whatsAppThreadKey(phoneNumberId: string, waId: string): string {
  return `wa:${phoneNumberId}:${waId}`;
}

/** `wa:<phone-number-id>:<wa_id>` → its parts; `null` for anything else. */
export function parseWhatsAppThreadKey(threadKey: string): { phoneNumberId: string; waId: string } | null {
  const match = /^wa:(\d+):(\d+)$/.exec(threadKey);
  return match ? { phoneNumberId: match[1]!, waId: match[2]! } : null;
}

const DELIVERY = ['sent', 'delivered', 'read', 'failed'] as const;

function toDeliveryStatus(s: z.infer<typeof ZStatus>): DeliveryStatus | null {
  const status = DELIVERY.find((d) => d === s.status);
  if (!status) return null;
  const error = s.errors?.map(describePlatformError).join('; ');
  return {
    externalId: s.id,
    status,
    at: new Date(Number(s.timestamp) * 1000),
    ...(status === 'failed' && error ? { error } : {}),
  };
}

/**
 * Order of precedence: sent < failed < delivered < read. Meta does not deliver statuses in order, and a
 * message can be reported failed on one device yet delivered on another: delivered and read prove the
 * person got it, so they win over failed whenever they arrive; failed wins over a (late) sent. Between
 * equal statuses the earliest `at` wins (when it first happened), then the smaller error text, so folding
 * any arrival order of the same receipts gives the same result.
 */
const PRECEDENCE: Record<DeliveryStatus['status'], number> = { sent: 0, failed: 1, delivered: 2, read: 3 };

export function mergeDeliveryStatus(
  current: DeliveryStatus | null | undefined,
  incoming: DeliveryStatus,
): DeliveryStatus {
  if (!current) return incoming;
  if (current.externalId !== incoming.externalId) {
    throw new Error(`whatsapp: cannot merge statuses of ${current.externalId} and ${incoming.externalId}`);
  }
  const byRank = PRECEDENCE[incoming.status] - PRECEDENCE[current.status];
  if (byRank !== 0) return byRank > 0 ? incoming : current;
  const byTime = incoming.at.getTime() - current.at.getTime();
  if (byTime !== 0) return byTime < 0 ? incoming : current;
  return (incoming.error ?? '') < (current.error ?? '') ? incoming : current;
}

function describePlatformError(e: z.infer<typeof ZPlatformError>): string {
  const details = e.error_data?.details;
  return [`(#${e.code}) ${e.title ?? e.message ?? 'error'}`, details].filter(Boolean).join(': ');
}

function idOf(value: unknown): string | undefined {
  const id = value && typeof value === 'object' ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

function failureFor(raw: unknown, id: string | undefined, reason: string, key = id): ItemFailure {
  return failureRow(raw, reason, id, key);
}

/** `timestamp: expected unix seconds…; text.body: …`: zod paths name the fields. */
function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message.replace(/^Invalid input: /, '')}`)
    .join('; ');
}
