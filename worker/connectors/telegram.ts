import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { MessageKind, Platform } from '../../core/db/generated/enums.ts';
import {
  capUtf8,
  errorForStatus,
  type HttpMethod,
  httpJson,
  type PlatformErrorInfo,
  redactUrl,
} from './http-client.ts';
import { failureRow, formatIssues } from './item-failure.ts';
import {
  type Connector,
  ConnectorError,
  type ConnectorErrorKind,
  type FetchResult,
  type InboundItem,
  type ItemFailure,
  type OutboundReply,
} from './types.ts';

export interface TelegramConnectorOptions {
  /** The bot token (`123456:ABC…`); it only ever appears in the request URL, never in a message. */
  token: string;
  apiBaseUrl?: string;
  /** Updates per page, capped to Telegram's 1..100. */
  limit?: number;
  /** getUpdates `timeout`: how long Telegram may hold the request when nothing is pending. */
  longPollSeconds?: number;
  /** Per request; a long poll gets `longPollSeconds` on top. */
  timeoutMs: number;
  /** Response size cap; larger pages are refused as `malformed_page`. */
  maxResponseBytes?: number;
  /** undici dispatcher (tests: MockAgent); the global dispatcher otherwise. */
  dispatcher?: Dispatcher;
}

/** Telegram's limit for a message text (and, for premium users, a caption). */
export const TELEGRAM_TEXT_MAX = 4096;
/** Default response cap: 100 updates of full-length texts with their replied-to messages fit well inside. */
export const TELEGRAM_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
export const TELEGRAM_ALLOWED_UPDATES = ['message', 'edited_message', 'channel_post'] as const;

// Only the fields we read are declared; everything else passes through untouched (and lands in `raw`).
const TgUser = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});

const TgChat = z.looseObject({
  id: z.number().int(),
  // A string, not an enum: a chat type Telegram adds later must not turn every message into a failure.
  type: z.string(),
  title: z.string().optional(),
  username: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
});

const TgMessage = z.looseObject({
  message_id: z.number().int(),
  date: z.number().int().nonnegative(),
  chat: TgChat,
  from: TgUser.optional(),
  sender_chat: TgChat.optional(),
  text: z.string().min(1).max(TELEGRAM_TEXT_MAX).optional(),
  caption: z.string().min(1).max(TELEGRAM_TEXT_MAX).optional(),
  reply_to_message: z.looseObject({ message_id: z.number().int() }).optional(),
});

const TgSentMessage = z.looseObject({
  message_id: z.number().int(),
  date: z.number().int().nonnegative(),
  chat: z.looseObject({ id: z.number().int() }),
});

const TgUpdate = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: TgMessage.optional(),
  edited_message: TgMessage.optional(),
  channel_post: TgMessage.optional(),
  edited_channel_post: TgMessage.optional(),
});

const TgEnvelope = z.union([
  z.looseObject({ ok: z.literal(true), result: z.unknown() }),
  z.looseObject({
    ok: z.literal(false),
    error_code: z.number().int(),
    description: z.string().optional(),
    parameters: z.looseObject({ retry_after: z.number().optional() }).optional(),
  }),
]);

type TgMessage = z.infer<typeof TgMessage>;

/** Update fields that carry a message, in the order we look at them. */
const MESSAGE_FIELDS = ['message', 'edited_message', 'channel_post', 'edited_channel_post'] as const;

/**
 * Message fields that mean "valid, but not text": media without a caption and service messages (joins,
 * pins, title changes…). Such messages are skipped, not recorded as failures: they are not broken input,
 * and a failure list flooded with stickers and joins would hide the items an admin must look at. A message
 * with none of these and no text is malformed and does become a failure. Caveat: a captionless photo sent
 * as a complaint is skipped; it needs media support, not a failure row.
 */
const NON_TEXT_FIELDS = [
  'animation',
  'audio',
  'document',
  'paid_media',
  'photo',
  'sticker',
  'story',
  'video',
  'video_note',
  'voice',
  'contact',
  'dice',
  'game',
  'poll',
  'venue',
  'location',
  'invoice',
  'successful_payment',
  'refunded_payment',
  'checklist',
  'new_chat_members',
  'left_chat_member',
  'new_chat_title',
  'new_chat_photo',
  'delete_chat_photo',
  'group_chat_created',
  'supergroup_chat_created',
  'channel_chat_created',
  'message_auto_delete_timer_changed',
  'migrate_to_chat_id',
  'migrate_from_chat_id',
  'pinned_message',
  'users_shared',
  'chat_shared',
  'gift',
  'unique_gift',
  'connected_website',
  'write_access_allowed',
  'passport_data',
  'proximity_alert_triggered',
  'boost_added',
  'chat_background_set',
  'checklist_tasks_done',
  'checklist_tasks_added',
  'forum_topic_created',
  'forum_topic_edited',
  'forum_topic_closed',
  'forum_topic_reopened',
  'general_forum_topic_hidden',
  'general_forum_topic_unhidden',
  'giveaway_created',
  'giveaway',
  'giveaway_winners',
  'giveaway_completed',
  'video_chat_scheduled',
  'video_chat_started',
  'video_chat_ended',
  'video_chat_participants_invited',
  'web_app_data',
] as const;

export function createTelegramConnector(options: TelegramConnectorOptions): Connector {
  const base = (options.apiBaseUrl ?? 'https://api.telegram.org').replace(/\/+$/, '');
  const limit = Math.min(100, Math.max(1, Math.trunc(options.limit ?? 100)));
  const longPollSeconds = Math.max(0, Math.trunc(options.longPollSeconds ?? 0));
  const maxBytes = options.maxResponseBytes ?? TELEGRAM_MAX_RESPONSE_BYTES;

  async function call(method: string, params: Record<string, unknown>, timeoutMs: number): Promise<unknown> {
    const url = `${base}/bot${options.token}/${method}`;
    const httpMethod: HttpMethod = 'POST';
    const where = `telegram ${method}: ${httpMethod} ${redactUrl(url)}`;
    // 404 is what Telegram answers for a malformed bot token. A 403 from sendMessage is about one chat
    // (the user blocked the bot, the bot left the group), not the channel's credential.
    const statusKinds: Readonly<Record<number, ConnectorErrorKind>> =
      method === 'sendMessage' ? { 404: 'auth', 403: 'transient' } : { 404: 'auth' };
    const response = await httpJson(url, {
      method: httpMethod,
      body: params,
      timeoutMs,
      maxBytes,
      describeError: describeTelegramError,
      statusKinds,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    const raw = () => capUtf8(JSON.stringify(response.data) ?? '');
    const envelope = TgEnvelope.safeParse(response.data);
    if (!envelope.success) {
      throw new ConnectorError(
        'malformed_page',
        `${where}: not a Bot API response (${formatIssues(envelope.error)})`,
        {
          status: response.status,
          raw: raw(),
        },
      );
    }
    if (!envelope.data.ok) {
      // Telegram sets the HTTP status to error_code, but a proxy may not: the envelope is authoritative.
      const info = describeTelegramError(envelope.data);
      throw errorForStatus(envelope.data.error_code, {
        where,
        platformMessage: info?.message,
        raw: raw(),
        ...(info?.retryAfterMs !== undefined ? { retryAfterMs: info.retryAfterMs } : {}),
        statusKinds,
      });
    }
    return envelope.data.result;
  }

  return {
    platform: Platform.TELEGRAM,

    async fetchSince(cursor) {
      const offset = parseCursor(cursor);
      const result = await call(
        'getUpdates',
        {
          ...(offset !== null ? { offset } : {}),
          limit,
          timeout: longPollSeconds,
          allowed_updates: TELEGRAM_ALLOWED_UPDATES,
        },
        options.timeoutMs + longPollSeconds * 1000,
      );
      if (!Array.isArray(result)) {
        throw new ConnectorError('malformed_page', 'telegram getUpdates: result is not an array', {
          raw: capUtf8(JSON.stringify(result) ?? String(result)),
        });
      }
      return parseUpdates(result, offset, limit);
    },

    async publishReply(reply: OutboundReply) {
      const chatId = chatIdOfThread(reply.threadKey);
      const target = parseExternalId(reply.inReplyToExternalId);
      if (target.chatId !== chatId) {
        throw new Error(
          `telegram: reply target ${reply.inReplyToExternalId} is not in thread ${reply.threadKey}`,
        );
      }
      if (reply.text.length === 0 || reply.text.length > TELEGRAM_TEXT_MAX) {
        throw new Error(`telegram: reply text must be 1..${TELEGRAM_TEXT_MAX} characters`);
      }
      // Not idempotent: a timeout after Telegram accepted the message and a retry posts it twice.
      const result = await call(
        'sendMessage',
        { chat_id: chatId, text: reply.text, reply_parameters: { message_id: target.messageId } },
        options.timeoutMs,
      );
      // Only what we return is checked: the message is out, a stricter check would just invite a re-send.
      const sent = TgSentMessage.safeParse(result);
      if (!sent.success) {
        throw new ConnectorError(
          'malformed_page',
          `telegram sendMessage: unexpected result (${formatIssues(sent.error)})`,
          { raw: capUtf8(JSON.stringify(result) ?? String(result)) },
        );
      }
      return {
        externalId: `${sent.data.chat.id}:${sent.data.message_id}`,
        postedAt: new Date(sent.data.date * 1000),
      };
    },
  };
}

/**
 * Turns one getUpdates page into items and failures. Exported for unit tests.
 * The cursor moves past every update that has a numeric id, valid or not, so one bad item never blocks
 * the stream; an empty page (or one without any readable id) keeps the cursor.
 */
export function parseUpdates(updates: readonly unknown[], offset: number | null, limit: number): FetchResult {
  const items: InboundItem[] = [];
  const failures: ItemFailure[] = [];
  let maxId: number | null = null;

  for (const update of updates) {
    const id = readUpdateId(update);
    if (id !== null) maxId = maxId === null ? id : Math.max(maxId, id);
    const outcome = parseUpdate(update);
    if (outcome.kind === 'item') items.push(outcome.item);
    else if (outcome.kind === 'failure') failures.push(failureFor(update, id, outcome.reason));
  }

  const next = maxId === null ? offset : Math.max(maxId + 1, offset ?? 0);
  return {
    items,
    failures,
    nextCursor: next === null ? null : String(next),
    hasMore: updates.length === limit,
  };
}

type UpdateOutcome =
  | { kind: 'item'; item: InboundItem }
  | { kind: 'failure'; reason: string }
  | { kind: 'skipped'; why: string };

function parseUpdate(update: unknown): UpdateOutcome {
  const parsed = TgUpdate.safeParse(update);
  if (!parsed.success) return { kind: 'failure', reason: formatIssues(parsed.error) };
  const field = MESSAGE_FIELDS.find((f) => parsed.data[f] !== undefined);
  // An update type we did not ask for (allowed_updates is a request, older subscriptions may linger).
  if (!field) return { kind: 'skipped', why: 'no message in update' };
  const message = parsed.data[field]!;
  const text = message.text ?? message.caption;
  if (text === undefined) {
    const content = NON_TEXT_FIELDS.find((f) => (message as Record<string, unknown>)[f] !== undefined);
    if (content) return { kind: 'skipped', why: `${field}.${content} has no text` };
    return {
      kind: 'failure',
      reason: `${field}.text: expected string, received undefined (no text or caption)`,
    };
  }
  return { kind: 'item', item: toItem(message, text, update) };
}

function toItem(message: TgMessage, text: string, raw: unknown): InboundItem {
  const chat = message.chat;
  const isPrivate = chat.type === 'private';
  const kind = isPrivate ? MessageKind.DM : chat.type === 'channel' ? MessageKind.POST : MessageKind.COMMENT;
  // Edits carry the same chat and message_id, so an edited_message maps onto the stored original (and is
  // skipped there as a duplicate: the first version is what the case was opened with).
  const item: InboundItem = {
    externalId: `${chat.id}:${message.message_id}`,
    kind,
    threadKey: isPrivate
      ? `tg:${chat.id}`
      : `tg:${chat.id}:${message.reply_to_message?.message_id ?? message.message_id}`,
    text,
    postedAt: new Date(message.date * 1000),
    raw,
  };
  const contact = contactOf(message);
  if (contact) item.contact = contact;
  return item;
}

function contactOf(message: TgMessage): InboundItem['contact'] {
  if (message.from) {
    const { id, first_name, last_name, username } = message.from;
    return {
      externalId: String(id),
      displayName: [first_name, last_name].filter(Boolean).join(' '),
      ...(username ? { handle: `@${username}` } : {}),
    };
  }
  // Channel posts and anonymous group admins speak as a chat.
  const chat = message.sender_chat;
  if (!chat) return undefined;
  const name = chat.title ?? [chat.first_name, chat.last_name].filter(Boolean).join(' ');
  return {
    externalId: String(chat.id),
    ...(name ? { displayName: name } : {}),
    ...(chat.username ? { handle: `@${chat.username}` } : {}),
  };
}

function failureFor(update: unknown, id: number | null, reason: string): ItemFailure {
  return id === null ? failureRow(update, reason) : failureRow(update, reason, String(id), `update:${id}`);
}

function readUpdateId(update: unknown): number | null {
  if (!update || typeof update !== 'object') return null;
  const id = (update as { update_id?: unknown }).update_id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

function parseCursor(cursor: string | null): number | null {
  if (cursor === null) return null;
  // Only this connector writes the cursor; anything else is a bug worth failing loudly on.
  if (!/^\d{1,15}$/.test(cursor)) throw new Error(`telegram: invalid cursor ${JSON.stringify(cursor)}`);
  return Number(cursor);
}

function chatIdOfThread(threadKey: string): number {
  const match = /^tg:(-?\d+)(?::\d+)?$/.exec(threadKey);
  if (!match) throw new Error(`telegram: not a Telegram thread key: ${JSON.stringify(threadKey)}`);
  return Number(match[1]);
}

function parseExternalId(externalId: string): { chatId: number; messageId: number } {
  const match = /^(-?\d+):(\d+)$/.exec(externalId);
  if (!match) throw new Error(`telegram: not a Telegram message id: ${JSON.stringify(externalId)}`);
  return { chatId: Number(match[1]), messageId: Number(match[2]) };
}

function describeTelegramError(body: unknown): PlatformErrorInfo | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { description?: unknown; parameters?: { retry_after?: unknown } };
  const retryAfter = b.parameters?.retry_after;
  return {
    ...(typeof b.description === 'string' ? { message: b.description } : {}),
    ...(typeof retryAfter === 'number' && retryAfter >= 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
  };
}
