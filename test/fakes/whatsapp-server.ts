import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { request } from 'undici';
import { META_SIGNATURE_HEADER, signMetaPayload } from '../../core/webhooks/meta-signature.ts';
import { type CannedResponse, listen, readBody, sendCanned, sendJson } from './http-fake.ts';

/**
 * A local WhatsApp Cloud API (Graph) server for `POST /{version}/{phone-number-id}/messages`, answering
 * like the real one: `{ messaging_product, contacts: [{ input, wa_id }], messages: [{ id: "wamid.…" }] }`,
 * errors in Graph's `{ error: { message, type, code, error_data: { messaging_product, details }, fbtrace_id } }`
 * envelope. It models the 24-hour customer-service window: a free-form message to someone who has not
 * written (see `receive`/`customerWrote`) within 24 hours gets error 131047, as on the real API.
 * Not modelled: templates, media, interactive messages, read receipts, throughput limits.
 */

export type { CannedResponse };

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body: unknown;
}

export interface SentWhatsAppMessage {
  id: string;
  to: string;
  text: string;
  contextMessageId?: string;
}

export interface InboundTextInput {
  from: string;
  name?: string;
  text: string;
  /** Defaults to a fresh `wamid.…`. */
  id?: string;
  /** Defaults to the fake's now. */
  at?: Date;
}

export interface FakeWhatsApp {
  /** Use as `apiBaseUrl`. */
  url: string;
  readonly requests: RecordedRequest[];
  readonly sent: SentWhatsAppMessage[];
  /** The next API request gets this response instead; several calls queue in order. */
  failNext(response: CannedResponse): void;
  /** Opens (or refreshes) the 24-hour window for `waId`, as an inbound message does. */
  customerWrote(waId: string, at?: Date): void;
  /** A text-message webhook payload from a citizen; opens their window like the real message would. */
  receive(input: InboundTextInput): WhatsAppWebhookPayload;
  close(): Promise<void>;
}

const WINDOW_MS = 24 * 60 * 60 * 1000;

export async function startFakeWhatsApp(options: {
  accessToken: string;
  phoneNumberId: string;
  displayPhoneNumber?: string;
  apiVersion?: string;
  now?: () => Date;
}): Promise<FakeWhatsApp> {
  const version = options.apiVersion ?? 'v21.0';
  const now = options.now ?? (() => new Date());
  const requests: RecordedRequest[] = [];
  const sent: SentWhatsAppMessage[] = [];
  const canned: CannedResponse[] = [];
  const lastInbound = new Map<string, Date>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      graphError(res, 500, { message: String(error), type: 'OAuthException', code: 2 });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw.length ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    requests.push({
      method: req.method ?? '',
      path,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      body,
    });
    const next = canned.shift();
    if (next) return sendCanned(res, next);

    const match = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(path);
    if (req.method !== 'POST' || !match || match[1] !== version) {
      return graphError(res, 400, {
        message: `Unknown path components: ${path}`,
        type: 'OAuthException',
        code: 2500,
      });
    }
    if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
      return graphError(res, 401, {
        message: 'Invalid OAuth access token - Cannot parse access token',
        type: 'OAuthException',
        code: 190,
      });
    }
    if (match[2] !== options.phoneNumberId) {
      return graphError(res, 400, {
        message: `Unsupported post request. Object with ID '${match[2]}' does not exist`,
        type: 'GraphMethodException',
        code: 100,
        error_subcode: 33,
      });
    }
    sendMessage(res, (body ?? {}) as Record<string, unknown>);
  }

  function sendMessage(res: ServerResponse, body: Record<string, unknown>) {
    const text = body.text as { body?: unknown } | undefined;
    const context = body.context as { message_id?: unknown } | undefined;
    if (body.messaging_product !== 'whatsapp') {
      return invalid(res, 100, 'Invalid parameter', 'The parameter messaging_product is required.');
    }
    if (typeof body.to !== 'string' || body.type !== 'text' || typeof text?.body !== 'string' || !text.body) {
      return invalid(
        res,
        131008,
        'Required parameter is missing',
        'to, type "text" and text.body are required',
      );
    }
    const wrote = lastInbound.get(body.to);
    if (!wrote || now().getTime() - wrote.getTime() > WINDOW_MS) {
      return invalid(
        res,
        131047,
        'Re-engagement message',
        'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
      );
    }
    const id = newWamid();
    sent.push({
      id,
      to: body.to,
      text: text.body,
      ...(typeof context?.message_id === 'string' ? { contextMessageId: context.message_id } : {}),
    });
    sendJson(res, 200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: body.to, wa_id: body.to }],
      messages: [{ id }],
    });
  }

  function invalid(res: ServerResponse, code: number, title: string, details: string) {
    graphError(res, 400, {
      message: `(#${code}) ${title}`,
      type: 'OAuthException',
      code,
      error_data: { messaging_product: 'whatsapp', details },
    });
  }

  const listening = await listen(server);

  return {
    url: listening.url,
    requests,
    sent,
    failNext(response) {
      canned.push(response);
    },
    customerWrote(waId, at = now()) {
      lastInbound.set(waId, at);
    },
    receive(input) {
      const at = input.at ?? now();
      lastInbound.set(input.from, at);
      return textMessageWebhook({
        phoneNumberId: options.phoneNumberId,
        ...(options.displayPhoneNumber ? { displayPhoneNumber: options.displayPhoneNumber } : {}),
        ...input,
        at,
      });
    },
    close: () => listening.close(),
  };
}

export type WhatsAppWebhookPayload = {
  object: 'whatsapp_business_account';
  entry: { id: string; changes: { field: string; value: Record<string, unknown> }[] }[];
};

/** The `messages` webhook envelope around one change value, shaped like Meta's documented examples. */
export function webhookEnvelope(
  phoneNumberId: string,
  value: Record<string, unknown>,
  displayPhoneNumber = '6281100000000',
): WhatsAppWebhookPayload {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: displayPhoneNumber, phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

export function textMessageWebhook(
  input: InboundTextInput & { phoneNumberId: string; displayPhoneNumber?: string },
) {
  const at = input.at ?? new Date();
  return webhookEnvelope(
    input.phoneNumberId,
    {
      contacts: [{ profile: { name: input.name ?? 'Warga' }, wa_id: input.from }],
      messages: [
        {
          from: input.from,
          id: input.id ?? newWamid(),
          timestamp: String(Math.floor(at.getTime() / 1000)),
          type: 'text',
          text: { body: input.text },
        },
      ],
    },
    input.displayPhoneNumber,
  );
}

/** Signs `payload` with the app secret as Meta does and POSTs it; `signature` overrides the header. */
export async function postSignedWebhook(
  url: string,
  payload: unknown,
  appSecret: string,
  options: { signature?: string | null } = {},
): Promise<{ status: number; body: string }> {
  const raw = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
  const signature = options.signature === undefined ? signMetaPayload(raw, appSecret) : options.signature;
  const res = await request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature !== null ? { [META_SIGNATURE_HEADER]: signature } : {}),
    },
    body: raw,
  });
  return { status: res.statusCode, body: await res.body.text() };
}

export function newWamid(): string {
  return `wamid.${randomBytes(24).toString('base64')}`;
}

function graphError(res: ServerResponse, status: number, error: Record<string, unknown>) {
  sendJson(res, status, { error: { ...error, fbtrace_id: randomBytes(8).toString('base64url') } });
}
