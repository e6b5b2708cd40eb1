import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type CannedResponse, listen, readBody, sendCanned, sendJson } from './http-fake.ts';

export type { CannedResponse };

/**
 * A local Telegram Bot API server speaking the real wire format (`/bot<token>/<method>`, the
 * `{ ok, result }` / `{ ok: false, error_code, description }` envelope), for tests and the demo.
 *
 * getUpdates follows Telegram's offset rules: calling it with `offset` confirms every update with a lower
 * id, and confirmed updates are forgotten; without `offset` it serves from the oldest unconfirmed update.
 * `timeout` long-polls: with nothing pending the request is held until an update arrives or it expires.
 * Not modelled: negative offsets, `allowed_updates` filtering (updates are served whatever their type),
 * webhooks, and the 409 Telegram answers when two getUpdates calls overlap.
 */

export interface FakeUser {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
}

export interface FakeChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
}

export interface PushMessageInput {
  from: FakeUser;
  /** Defaults to the private chat with `from`. */
  chat?: FakeChat;
  text: string;
  /** Unix seconds; defaults to now. */
  date?: number;
  /** Makes the message a reply to this message id in the same chat. */
  replyToMessageId?: number;
}

export interface SentMessage {
  chatId: number;
  text: string;
  replyToMessageId?: number;
  /** The Message object returned to the caller. */
  message: TgMessageWire;
}

export interface TgMessageWire {
  message_id: number;
  date: number;
  chat: Record<string, unknown> & { id: number; type: string };
  from?: Record<string, unknown>;
  text?: string;
  reply_to_message?: TgMessageWire;
  [key: string]: unknown;
}

export interface FakeTelegram {
  /** Base URL to use as `apiBaseUrl`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  token: string;
  port: number;
  /** Queues a text message update; returns its update_id. */
  pushMessage(input: PushMessageInput): number;
  /** Queues any object as an update; `update_id` is assigned unless present. Returns the update_id. */
  pushRawUpdate(update: Record<string, unknown>): number;
  /** The next API request (any method) gets this response instead; several calls queue in order. */
  failNext(response: CannedResponse): void;
  /** Serves already-confirmed updates again from this update_id on (a platform-side replay). */
  replayFrom(updateId: number): void;
  /** Messages sent through sendMessage, in order. */
  readonly sent: SentMessage[];
  /** API requests received so far (canned and unauthorised ones included). */
  readonly requests: number;
  /** Updates not yet confirmed. */
  readonly pending: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function startFakeTelegram(options: {
  token: string;
  port?: number;
  host?: string;
  /** The first update_id handed out; Telegram's are large, tests like small ones. */
  firstUpdateId?: number;
  /** First message_id in every chat (Telegram's ids only grow; a restarted demo must not reuse them). */
  firstMessageId?: number;
}): Promise<FakeTelegram> {
  const { token } = options;
  const botId = Number(/^(\d+):/.exec(token)?.[1] ?? 100200300);
  const bot = { id: botId, is_bot: true, first_name: 'Tanggap Bot', username: 'TanggapFakeBot' };

  const updates: Array<Record<string, unknown> & { update_id: number }> = [];
  let nextUpdateId = options.firstUpdateId ?? 1;
  /** Updates with a lower id are confirmed and no longer served. */
  let confirmedBelow = 0;
  const messageIds = new Map<number, number>();
  /** Known message ids per chat, for reply checks. */
  const known = new Set<string>();
  const canned: CannedResponse[] = [];
  const sent: SentMessage[] = [];
  const waiters = new Set<() => void>();
  let requests = 0;
  let closing = false;

  function nextMessageId(chatId: number): number {
    const id = (messageIds.get(chatId) ?? (options.firstMessageId ?? 1) - 1) + 1;
    messageIds.set(chatId, id);
    known.add(`${chatId}:${id}`);
    return id;
  }

  function wake() {
    for (const w of [...waiters]) w();
  }

  function addUpdate(update: Record<string, unknown>): number {
    const given = update.update_id;
    const id = typeof given === 'number' && Number.isSafeInteger(given) ? given : nextUpdateId;
    nextUpdateId = Math.max(nextUpdateId, id + 1);
    const { update_id: _given, ...rest } = update;
    updates.push({ update_id: id, ...rest });
    updates.sort((a, b) => a.update_id - b.update_id);
    wake();
    return id;
  }

  function pendingUpdates() {
    return updates.filter((u) => u.update_id >= confirmedBelow);
  }

  function userWire(u: FakeUser) {
    return {
      id: u.id,
      is_bot: false,
      first_name: u.firstName,
      ...(u.lastName ? { last_name: u.lastName } : {}),
      ...(u.username ? { username: u.username } : {}),
      language_code: 'id',
    };
  }

  function chatWire(chat: FakeChat | undefined, from: FakeUser) {
    if (!chat || chat.type === 'private') {
      const id = chat?.id ?? from.id;
      return {
        id,
        type: 'private',
        first_name: from.firstName,
        ...(from.lastName ? { last_name: from.lastName } : {}),
        ...(from.username ? { username: from.username } : {}),
      };
    }
    return { id: chat.id, type: chat.type, title: chat.title ?? `Grup ${chat.id}` };
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error_code: 500, description: String(error) });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!match) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    requests++;
    const next = canned.shift();
    if (next) {
      await readBody(req, MAX_BODY_BYTES);
      return sendCanned(res, next);
    }
    if (decodeURIComponent(match[1]!) !== token) {
      await readBody(req, MAX_BODY_BYTES);
      return sendJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    }
    let body: Record<string, unknown>;
    try {
      body = await readParams(req);
    } catch {
      return badRequest(res, "Bad Request: can't parse request body");
    }
    const params = { ...Object.fromEntries(url.searchParams), ...body };
    switch (match[2]) {
      case 'getUpdates':
        return getUpdates(res, params);
      case 'sendMessage':
        return sendMessage(res, params);
      case 'getMe':
        return sendJson(res, 200, { ok: true, result: bot });
      default:
        return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  }

  async function getUpdates(res: ServerResponse, params: Record<string, unknown>) {
    const offset = intParam(params.offset);
    const limit = Math.min(100, Math.max(1, intParam(params.limit) ?? 100));
    const timeout = Math.max(0, intParam(params.timeout) ?? 0);
    if (offset !== undefined && offset > confirmedBelow) confirmedBelow = offset;
    // Confirmed updates are forgotten, as on Telegram (replayFrom can still bring them back here).
    if (pendingUpdates().length === 0 && timeout > 0 && !closing) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          res.off('close', done);
          resolve();
        };
        const timer = setTimeout(done, timeout * 1000);
        waiters.add(done);
        // The response's close, not the request's: a request closes as soon as its body has been read.
        res.on('close', done);
      });
      if (res.destroyed || res.writableEnded) return;
    }
    sendJson(res, 200, { ok: true, result: pendingUpdates().slice(0, limit) });
  }

  function sendMessage(res: ServerResponse, params: Record<string, unknown>) {
    const chatId = intParam(params.chat_id);
    const text = typeof params.text === 'string' ? params.text : undefined;
    if (chatId === undefined) return badRequest(res, 'Bad Request: chat_id is empty');
    if (!text) return badRequest(res, 'Bad Request: message text is empty');
    if (text.length > 4096) return badRequest(res, 'Bad Request: message is too long');
    const replyParams = jsonParam(params.reply_parameters) as
      | { message_id?: unknown; allow_sending_without_reply?: unknown }
      | undefined;
    const replyTo = intParam(replyParams?.message_id ?? params.reply_to_message_id);
    const allowWithout = replyParams?.allow_sending_without_reply === true;
    if (replyTo !== undefined && !known.has(`${chatId}:${replyTo}`) && !allowWithout) {
      return badRequest(res, 'Bad Request: message to be replied not found');
    }
    const chat =
      chatId > 0
        ? { id: chatId, type: 'private', first_name: 'Warga' }
        : { id: chatId, type: 'supergroup', title: `Grup ${chatId}` };
    const message: TgMessageWire = {
      message_id: nextMessageId(chatId),
      from: bot,
      chat,
      date: Math.floor(Date.now() / 1000),
      text,
      ...(replyTo !== undefined && known.has(`${chatId}:${replyTo}`)
        ? { reply_to_message: { message_id: replyTo, chat, date: Math.floor(Date.now() / 1000) } }
        : {}),
    };
    sent.push({ chatId, text, ...(replyTo !== undefined ? { replyToMessageId: replyTo } : {}), message });
    sendJson(res, 200, { ok: true, result: message });
  }

  const listening = await listen(server, options);

  return {
    url: listening.url,
    token,
    port: listening.port,
    pushMessage(input) {
      const chat = chatWire(input.chat, input.from);
      const messageId = nextMessageId(chat.id);
      const date = input.date ?? Math.floor(Date.now() / 1000);
      const message: Record<string, unknown> = {
        message_id: messageId,
        from: userWire(input.from),
        chat,
        date,
        text: input.text,
      };
      if (input.replyToMessageId !== undefined) {
        message.reply_to_message = { message_id: input.replyToMessageId, chat, date };
      }
      return addUpdate({ [chat.type === 'channel' ? 'channel_post' : 'message']: message });
    },
    pushRawUpdate(update) {
      return addUpdate(update);
    },
    failNext(response) {
      canned.push(response);
    },
    replayFrom(updateId) {
      confirmedBelow = Math.min(confirmedBelow, updateId);
      wake();
    },
    sent,
    get requests() {
      return requests;
    },
    get pending() {
      return pendingUpdates().length;
    },
    async close() {
      closing = true;
      wake();
      // Held long polls were just answered: give their responses a moment before sockets are cut.
      await listening.close({ graceMs: 200 });
    },
  };
}

export interface DemoCorpusEntry {
  from: { id: number; firstName: string; username?: string };
  text: string;
}

export interface DemoStream {
  /** Messages pushed so far. */
  readonly pushed: number;
  stop(): void;
}

/**
 * Pushes corpus messages into a fake server: `startBurst` at once, then `ratePerSecond`. When the corpus
 * runs out it starts over (unless `loop` is false) as new people: each round appends a round number to the
 * sender's id and username, so every round opens fresh conversations instead of piling onto old ones.
 */
export function startDemoStream(
  server: Pick<FakeTelegram, 'pushMessage'>,
  corpus: readonly DemoCorpusEntry[],
  {
    ratePerSecond,
    startBurst = 0,
    loop = true,
  }: { ratePerSecond: number; startBurst?: number; loop?: boolean },
): DemoStream {
  let pushed = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const pushOne = (): boolean => {
    if (corpus.length === 0) return false;
    const round = Math.floor(pushed / corpus.length);
    if (round > 0 && !loop) return false;
    const entry = corpus[pushed % corpus.length]!;
    const from: FakeUser =
      round === 0
        ? { ...entry.from }
        : {
            ...entry.from,
            id: Number(`${entry.from.id}${String(round).padStart(3, '0')}`),
            ...(entry.from.username ? { username: `${entry.from.username}_${round}` } : {}),
          };
    server.pushMessage({ from, text: entry.text });
    pushed++;
    return true;
  };

  let burst = 0;
  while (burst < startBurst && pushOne()) burst++;
  if (ratePerSecond > 0) {
    timer = setInterval(() => {
      if (stopped || !pushOne()) clearInterval(timer);
    }, 1000 / ratePerSecond);
    timer.unref?.();
  }

  return {
    get pushed() {
      return pushed;
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
}

function badRequest(res: ServerResponse, description: string) {
  sendJson(res, 400, { ok: false, error_code: 400, description });
}

/** JSON or form-encoded body parameters, as the Bot API accepts them. */
async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req, MAX_BODY_BYTES);
  if (!text) return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function intParam(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

/** Structured parameters arrive as objects in JSON bodies and as JSON-serialised strings otherwise. */
function jsonParam(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
