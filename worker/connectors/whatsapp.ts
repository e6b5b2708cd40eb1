import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { Platform } from '../../core/db/generated/enums.ts';
import { capUtf8, errorForStatus, httpJson, type PlatformErrorInfo, redactSecrets } from './http-client.ts';
import {
  DEFAULT_THROTTLE_WAIT_MS,
  formatGraphError,
  graphErrorKind,
  readGraphError,
  type TGraphError,
} from './meta/graph-api.ts';
import {
  type Connector,
  ConnectorError,
  type ConnectorErrorKind,
  type OutboundReply,
  type WebhookBatch,
} from './types.ts';
import { parseWebhook, parseWhatsAppThreadKey } from './whatsapp-parse.ts';

export { mergeDeliveryStatus, parseWebhook } from './whatsapp-parse.ts';

export interface WhatsAppConnectorOptions {
  /** The business phone number's id (not the number itself): `/{phone-number-id}/messages`. */
  phoneNumberId: string;
  /** System-user or business token; it only ever travels in the Authorization header. */
  accessToken: string;
  apiBaseUrl?: string;
  apiVersion?: string;
  timeoutMs: number;
  maxResponseBytes?: number;
  now?: () => Date;
  /** undici dispatcher (tests: MockAgent); the global dispatcher otherwise. */
  dispatcher?: Dispatcher;
}

export type WhatsAppConnector = Connector & { parseWebhook(body: unknown): WebhookBatch };

/** Cloud API limit for a text message body. */
export const WHATSAPP_TEXT_MAX = 4096;
/** A business may answer freely only this long after the customer's last message. */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
const MAX_RESPONSE_BYTES = 256 * 1024;

/** WhatsApp codes that refuse this one message; a retry cannot fix them, so they are shown on the case. */
const REJECTED_CODES = new Set([
  131047, // re-engagement: the 24-hour window closed, only a template may be sent
  131026, // undeliverable to this recipient (not on WhatsApp, old app, blocked us)
  131021, // recipient is the sender
]);
/**
 * WhatsApp's throttling codes with our wait, used when there is no Retry-After: Meta sends none with these.
 * Pair limit: about one message per 6 s to the same user; throughput: per second; app (4) and WABA (80007)
 * limits: rolling hourly windows; spam limit: quality-based, lifts slowly.
 */
const RATE_LIMIT_WAIT_MS: Readonly<Record<number, number>> = {
  131056: 6_000,
  130429: 2_000,
  4: 60_000,
  80007: 60_000,
  131048: 10 * 60_000,
};

const ZSendResponse = z.looseObject({
  messaging_product: z.literal('whatsapp').optional(),
  messages: z.array(z.looseObject({ id: z.string().min(1) })).min(1),
});

export function createWhatsAppConnector(options: WhatsAppConnectorOptions): WhatsAppConnector {
  const base = (options.apiBaseUrl ?? 'https://graph.facebook.com').replace(/\/+$/, '');
  const version = options.apiVersion ?? 'v21.0';
  const now = options.now ?? (() => new Date());
  const hideToken = (text: string) =>
    options.accessToken ? redactSecrets(text).replaceAll(options.accessToken, '***') : redactSecrets(text);

  return {
    platform: Platform.WHATSAPP,
    parseWebhook,

    // Webhook-only: Cloud API has no endpoint to list received messages, so there is nothing to poll.
    async fetchSince(cursor) {
      return { items: [], failures: [], nextCursor: cursor, hasMore: false };
    },

    // No findPublishedReply: Cloud API cannot list the messages we sent, so a retry after a crash between
    // Meta's answer and our commit sends again. The status webhooks of the first send still arrive.
    async publishReply(reply: OutboundReply) {
      const thread = parseWhatsAppThreadKey(reply.threadKey);
      if (!thread || thread.phoneNumberId !== options.phoneNumberId) {
        throw new Error(
          `whatsapp: thread ${JSON.stringify(reply.threadKey)} is not on phone number ${options.phoneNumberId}`,
        );
      }
      if (reply.text.length === 0 || reply.text.length > WHATSAPP_TEXT_MAX) {
        throw new Error(`whatsapp: reply text must be 1..${WHATSAPP_TEXT_MAX} characters`);
      }
      const postedAt = reply.inReplyToPostedAt;
      if (postedAt && now().getTime() - postedAt.getTime() > CUSTOMER_SERVICE_WINDOW_MS) {
        throw new ConnectorError(
          'rejected',
          'whatsapp: the 24-hour reply window has closed (the citizen wrote at ' +
            `${postedAt.toISOString()}, more than 24 hours ago). WhatsApp now only accepts an approved ` +
            'template message. Send a template message, or reply through another channel.',
        );
      }

      const url = `${base}/${version}/${encodeURIComponent(options.phoneNumberId)}/messages`;
      const where = `whatsapp send: POST ${url}`;
      let response: Awaited<ReturnType<typeof httpJson>>;
      try {
        response = await httpJson(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.accessToken}` },
          body: {
            messaging_product: 'whatsapp',
            recipient_type: 'individual',
            to: thread.waId,
            type: 'text',
            text: { body: reply.text },
            context: { message_id: reply.inReplyToExternalId },
          },
          timeoutMs: options.timeoutMs,
          maxBytes: options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
          describeError: describeWhatsAppError,
          ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        });
      } catch (error) {
        throw remapGraphError(error, where, hideToken);
      }
      // A 2xx carrying an error envelope (a proxy rewriting statuses): the envelope is authoritative.
      const graph = readGraphError(response.data);
      if (graph) {
        const raw = capUtf8(JSON.stringify(response.data));
        throw remapGraphError(
          new ConnectorError('transient', where, { status: response.status, raw }),
          where,
          hideToken,
        );
      }
      // Not idempotent: the message is out, so only the id we return is checked.
      const sent = ZSendResponse.safeParse(response.data);
      if (!sent.success) {
        throw new ConnectorError('malformed_page', `${where}: response has no messages[0].id`, {
          status: response.status,
          raw: capUtf8(JSON.stringify(response.data) ?? ''),
        });
      }
      return { externalId: sent.data.messages[0]!.id, postedAt: now() };
    },
  };
}

/** Graph's envelope plus WhatsApp's `error_data.details`, which says what actually went wrong. */
export function describeWhatsAppError(body: unknown): PlatformErrorInfo | undefined {
  const graph = readGraphError(body);
  if (!graph) return undefined;
  const details = (graph.error_data as { details?: unknown } | undefined)?.details;
  return {
    message: [formatGraphError(graph), typeof details === 'string' ? details : ''].filter(Boolean).join(': '),
  };
}

/** WhatsApp's own codes first (130429 and 131047 come as HTTP 400), then the shared Graph mapping. */
export function whatsAppErrorKind(graph: TGraphError, httpStatus: number): ConnectorErrorKind {
  const code = graph.code;
  if (code !== undefined && code in RATE_LIMIT_WAIT_MS) return 'rate_limited';
  if (code !== undefined && REJECTED_CODES.has(code)) return 'rejected';
  return graphErrorKind(graph, httpStatus);
}

/** Re-reads httpJson's error by the Graph code in its body, so the kind follows Meta's code, not only HTTP. */
function remapGraphError(error: unknown, where: string, hideToken: (text: string) => string): unknown {
  if (!(error instanceof ConnectorError) || error.details.status === undefined) return error;
  const { status, raw } = error.details;
  let graph: TGraphError | undefined;
  try {
    graph = readGraphError(JSON.parse(raw ?? ''));
  } catch {
    graph = undefined;
  }
  if (!graph) {
    const details = { ...error.details, ...(raw !== undefined ? { raw: hideToken(raw) } : {}) };
    return new ConnectorError(error.kind, hideToken(error.message), details);
  }
  const kind = whatsAppErrorKind(graph, status);
  const code = graph.code;
  const retryAfterMs =
    kind === 'rate_limited'
      ? (error.details.retryAfterMs ??
        (code !== undefined ? RATE_LIMIT_WAIT_MS[code] : undefined) ??
        DEFAULT_THROTTLE_WAIT_MS)
      : undefined;
  return errorForStatus(status, {
    where: hideToken(where),
    platformMessage: hideToken(describeWhatsAppError({ error: graph })?.message ?? ''),
    statusKinds: { [status]: kind },
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(raw !== undefined ? { raw: hideToken(raw) } : {}),
  });
}
