import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type CannedResponse, listen, readBody, sendCanned, sendJson } from './http-fake.ts';
import { createTokenIssuer, type FakeOAuthClient, type FakeTokenIssuer } from './oauth-issuer.ts';

// A local X API v2 server for the connector's tests and bench: mentions timeline, recent search, a user's
// tweets and POST /2/tweets, with X's field selection, expansions, paging tokens, rate-limit headers, error
// bodies and partial errors, shaped after the examples in X's API reference. POST /2/oauth2/token refreshes
// user-context tokens as X does for a confidential client (HTTP Basic, rotating refresh tokens).

export interface FakeXUser {
  id: string;
  username: string;
  name: string;
}

export interface PostInput {
  author: FakeXUser;
  text: string;
  /** Makes the tweet a reply to this tweet id. */
  inReplyTo?: string;
  /** created_at; defaults to now. Ids still grow in the order tweets are added. */
  at?: Date;
}

export type { CannedResponse };

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body?: unknown;
  status: number;
}

export type FakeXEndpoint = 'mentions' | 'search' | 'user-tweets' | 'post-tweet';

interface Entry {
  id: bigint;
  wire: Record<string, unknown>;
  author?: string;
  /** For injected raw tweets: which streams serve them. */
  streams?: { mentions: boolean; search: boolean };
  supersededBy?: bigint;
}

interface Window {
  limit: number;
  remaining: number;
  resetAt: number;
}

export interface FakeX {
  url: string;
  agency: FakeXUser;
  /** Adds a tweet; returns its id. */
  post(input: PostInput): string;
  /** Edits a tweet as X does: a new id whose edit_history_tweet_ids starts with the original. */
  edit(id: string, text: string): string;
  /** Serves any object as a tweet (malformed ones included) in the given streams. */
  pushRawTweet(raw: Record<string, unknown>, streams: { mentions?: boolean; search?: boolean }): void;
  /** The user disappears from `includes` and a partial error names them instead. */
  suspend(userId: string): void;
  /** The next request gets this response instead; several queue in order. */
  failNext(response: CannedResponse): void;
  setRateLimit(endpoint: FakeXEndpoint, window: Partial<Window>): void;
  /** Existing next_tokens stop being valid (X answers 400 naming the token). */
  expireTokens(): void;
  /** Search refuses a since_id below this id, as recent search does for ids older than 7 days. */
  setSearchFloor(id: string): void;
  readonly requests: RecordedRequest[];
  /** Tweets created through POST /2/tweets. */
  readonly created: Record<string, unknown>[];
  /** The token endpoint (`${url}/2/oauth2/token`); its requests are not in `requests`. */
  readonly oauth: FakeTokenIssuer;
  close(): Promise<void>;
}

const X_EPOCH = 1_288_834_974_657n;
const DEFAULT_FIELDS = ['id', 'text', 'edit_history_tweet_ids'];
const PROBLEMS = 'https://api.twitter.com/2/problems';

export async function startFakeX(options: {
  bearerToken: string;
  /** A user-context token that never expires; omit it to accept only tokens issued at /2/oauth2/token. */
  userToken?: string;
  /** The OAuth 2.0 client (with `offline.access`) whose refresh token /2/oauth2/token accepts. */
  oauth?: FakeOAuthClient;
  /** The clock (ms) that expires issued tokens; shared with the connector's in tests, so none sleeps. */
  now?: () => number;
  agency: FakeXUser;
  /** Calls per 15-minute window for every endpoint; X's app limits are in the hundreds. */
  rateLimit?: number;
}): Promise<FakeX> {
  const { agency } = options;
  const users = new Map<string, FakeXUser>([[agency.id, agency]]);
  const suspended = new Set<string>();
  const entries: Entry[] = [];
  const byId = new Map<bigint, Entry>();
  const canned: CannedResponse[] = [];
  const requests: RecordedRequest[] = [];
  const created: Record<string, unknown>[] = [];
  const windows = new Map<FakeXEndpoint, Window>();
  let lastId = 0n;
  let tokenGeneration = 0;
  let searchFloor = 0n;
  const oauth = createTokenIssuer({
    style: 'x',
    client: options.oauth ?? { clientId: 'unused', clientSecret: 'unused', refreshToken: 'unused' },
    now: options.now ?? Date.now,
  });

  function nextId(at: number): bigint {
    const fromTime = (BigInt(at) - X_EPOCH) << 22n;
    lastId = fromTime > lastId ? fromTime : lastId + 1n;
    return lastId;
  }

  function add(entry: Entry) {
    entries.push(entry);
    byId.set(entry.id, entry);
  }

  function addTweet(input: PostInput): Entry {
    users.set(input.author.id, input.author);
    const at = input.at ?? new Date();
    const id = nextId(at.getTime());
    const parent = input.inReplyTo ? byId.get(BigInt(input.inReplyTo)) : undefined;
    const wire: Record<string, unknown> = {
      id: String(id),
      text: input.text,
      author_id: input.author.id,
      created_at: at.toISOString(),
      conversation_id: parent ? parent.wire.conversation_id : String(id),
      edit_history_tweet_ids: [String(id)],
      ...(parent
        ? {
            in_reply_to_user_id: parent.wire.author_id,
            referenced_tweets: [{ type: 'replied_to', id: input.inReplyTo }],
          }
        : {}),
    };
    const entry: Entry = { id, wire, author: input.author.id };
    add(entry);
    return entry;
  }

  function window(endpoint: FakeXEndpoint): Window {
    const now = Math.floor(Date.now() / 1000);
    let w = windows.get(endpoint);
    if (!w || w.resetAt <= now) {
      const limit = w?.limit ?? options.rateLimit ?? 450;
      w = { limit, remaining: limit, resetAt: now + 900 };
      windows.set(endpoint, w);
    }
    return w;
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      sendJson(res, 500, {
        title: 'Internal Server Error',
        detail: String(error),
        type: 'about:blank',
        status: 500,
      });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const text = await readBody(req);
    if (req.method === 'POST' && url.pathname === '/2/oauth2/token') {
      const [status, body, headers] = oauth.exchange(req.headers, text);
      return sendJson(res, status, body, headers);
    }
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      status: 0,
      ...(text ? { body: safeJson(text) } : {}),
    };
    requests.push(record);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      sendJson(res, status, body, headers);
    };

    const next = canned.shift();
    if (next) {
      record.status = next.status;
      return sendCanned(res, next);
    }

    const route = routeOf(record.method, url.pathname);
    if (!route) return reply(404, problem(404, 'Not Found Error', 'Sorry, that page does not exist.'));
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const userToken = token !== undefined && (token === options.userToken || oauth.check(token) === 'valid');
    if (token !== options.bearerToken && !userToken) {
      return reply(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    }
    if (route.endpoint === 'post-tweet' && !userToken) {
      return reply(403, {
        title: 'Unsupported Authentication',
        detail:
          'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].',
        type: `${PROBLEMS}/unsupported-authentication`,
        status: 403,
      });
    }
    const w = window(route.endpoint);
    const limitHeaders = () => ({
      'x-rate-limit-limit': String(w.limit),
      'x-rate-limit-remaining': String(w.remaining),
      'x-rate-limit-reset': String(w.resetAt),
    });
    if (w.remaining <= 0) {
      return reply(
        429,
        { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
        limitHeaders(),
      );
    }
    w.remaining--;
    if (route.endpoint === 'post-tweet') {
      const [status, body] = createTweet(record.body);
      return reply(status, body, limitHeaders());
    }
    const [status, body] = listTweets(route.endpoint, route.userId, url.searchParams);
    return reply(status, body, limitHeaders());
  }

  function listTweets(
    endpoint: FakeXEndpoint,
    userId: string | undefined,
    q: URLSearchParams,
  ): [number, unknown] {
    const isSearch = endpoint === 'search';
    const min = isSearch ? 10 : 5;
    const maxResults = q.has('max_results') ? Number(q.get('max_results')) : 10;
    if (!Number.isInteger(maxResults) || maxResults < min || maxResults > 100) {
      return invalid(
        'max_results',
        q.get('max_results') ?? '',
        `The \`max_results\` query parameter value [${q.get('max_results')}] is not between ${min} and 100`,
      );
    }
    if (userId !== undefined && !users.has(userId)) {
      return [
        200,
        {
          errors: [
            {
              value: userId,
              detail: `Could not find user with id: [${userId}].`,
              title: 'Not Found Error',
              resource_type: 'user',
              parameter: 'id',
              resource_id: userId,
              type: `${PROBLEMS}/resource-not-found`,
            },
          ],
        },
      ];
    }
    const sinceId = q.get('since_id');
    if (sinceId !== null && !/^\d+$/.test(sinceId))
      return invalid('since_id', sinceId, `Invalid 'since_id':'${sinceId}'.`);
    if (isSearch && sinceId !== null && BigInt(sinceId) < searchFloor) {
      return invalid(
        'since_id',
        sinceId,
        `Invalid 'since_id':'${sinceId}'. 'since_id' must be a tweet id created after the search window start.`,
      );
    }
    const tokenParam = isSearch ? 'next_token' : 'pagination_token';
    const token = q.get(tokenParam) ?? (isSearch ? q.get('pagination_token') : null);
    let until: bigint | undefined;
    if (token !== null) {
      const decoded = decodeToken(token);
      if (!decoded || decoded.g !== tokenGeneration || decoded.e !== endpoint) {
        return invalid(
          tokenParam,
          token,
          `The \`${tokenParam}\` query parameter value [${token}] is not valid`,
        );
      }
      until = BigInt(decoded.u);
    }
    const startTime = q.get('start_time') ? Date.parse(q.get('start_time') ?? '') : undefined;
    const matches = entries
      .filter((e) => e.supersededBy === undefined)
      .filter((e) => (sinceId === null || e.id > BigInt(sinceId)) && (until === undefined || e.id < until))
      .filter((e) => {
        if (endpoint === 'mentions') return e.streams ? e.streams.mentions : mentions(e);
        if (endpoint === 'search')
          return e.streams ? e.streams.search : matchesQuery(e, q.get('query') ?? '');
        return (
          e.author === userId &&
          (startTime === undefined || Date.parse(String(e.wire.created_at)) >= startTime)
        );
      })
      .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    const page = matches.slice(0, maxResults);
    const fields = new Set([...DEFAULT_FIELDS, ...(q.get('tweet.fields') ?? '').split(',').filter(Boolean)]);
    // X HTML-escapes &, < and > in the text it serves.
    const data = page.map((e) =>
      e.streams ? e.wire : { ...pick(e.wire, fields), text: escapeText(String(e.wire.text)) },
    );
    const body: Record<string, unknown> = {};
    if (data.length) body.data = data;
    if ((q.get('expansions') ?? '').split(',').includes('author_id')) {
      const authors = [...new Set(page.flatMap((e) => (e.author ? [e.author] : [])))];
      const included = authors.filter((id) => !suspended.has(id)).map((id) => users.get(id)!);
      if (included.length)
        body.includes = { users: included.map((u) => ({ id: u.id, name: u.name, username: u.username })) };
      const missing = authors.filter((id) => suspended.has(id));
      if (missing.length) {
        body.errors = missing.map((id) => ({
          value: id,
          detail: `Could not find user with author_id: [${id}].`,
          title: 'Not Found Error',
          resource_type: 'user',
          parameter: 'author_id',
          resource_id: id,
          type: `${PROBLEMS}/resource-not-found`,
        }));
      }
    }
    const meta: Record<string, unknown> = { result_count: page.length };
    if (page.length) {
      meta.newest_id = String(page[0]!.id);
      meta.oldest_id = String(page.at(-1)!.id);
    }
    if (matches.length > page.length) {
      meta.next_token = encodeToken({ u: String(page.at(-1)!.id), g: tokenGeneration, e: endpoint });
    }
    body.meta = meta;
    return [200, body];
  }

  function createTweet(body: unknown): [number, unknown] {
    const b = (body ?? {}) as { text?: unknown; reply?: { in_reply_to_tweet_id?: unknown } };
    if (typeof b.text !== 'string' || b.text.length === 0)
      return invalid('text', '', 'text must be a non-empty string');
    if ([...b.text].length > 280) return forbidden('Your Tweet text is too long.');
    const target = b.reply?.in_reply_to_tweet_id;
    if (
      target !== undefined &&
      (typeof target !== 'string' || !/^\d+$/.test(target) || !byId.has(BigInt(target)))
    ) {
      return forbidden('You attempted to reply to a Tweet that is deleted or not visible to you.');
    }
    if (entries.some((e) => e.author === agency.id && e.wire.text === b.text)) {
      return forbidden('You are not allowed to create a Tweet with duplicate content.');
    }
    const entry = addTweet({
      author: agency,
      text: b.text,
      ...(typeof target === 'string' ? { inReplyTo: target } : {}),
    });
    created.push(entry.wire);
    return [
      201,
      {
        data: {
          id: entry.wire.id,
          text: entry.wire.text,
          edit_history_tweet_ids: entry.wire.edit_history_tweet_ids,
        },
      },
    ];
  }

  function mentions(e: Entry): boolean {
    return (
      e.author !== agency.id &&
      String(e.wire.text).toLowerCase().includes(`@${agency.username.toLowerCase()}`)
    );
  }

  /** A small subset of X's query language: terms and "phrases" joined by OR, `-term`, `-is:retweet`. */
  function matchesQuery(e: Entry, query: string): boolean {
    const text = String(e.wire.text).toLowerCase();
    const tokens =
      query
        .toLowerCase()
        .replace(/[()]/g, ' ')
        .match(/-?"[^"]+"|\S+/g) ?? [];
    let any = false;
    for (const raw of tokens) {
      if (raw === 'or' || raw === 'and') continue;
      const negated = raw.startsWith('-');
      const term = raw.replace(/^-/, '').replace(/"/g, '');
      if (term.includes(':')) continue;
      if (negated && text.includes(term)) return false;
      if (!negated && text.includes(term)) any = true;
    }
    return any;
  }

  const listening = await listen(server);

  return {
    url: listening.url,
    agency,
    post(input) {
      return String(addTweet(input).id);
    },
    edit(id, text) {
      const old = byId.get(BigInt(id));
      if (!old) throw new Error(`fake X: no tweet ${id}`);
      const newId = nextId(Date.now());
      const history = [...(old.wire.edit_history_tweet_ids as string[]), String(newId)];
      const wire = {
        ...old.wire,
        id: String(newId),
        text,
        created_at: new Date().toISOString(),
        edit_history_tweet_ids: history,
      };
      add({ id: newId, wire, ...(old.author ? { author: old.author } : {}) });
      old.supersededBy = newId;
      return String(newId);
    },
    pushRawTweet(raw, streams) {
      const id = nextId(Date.now());
      add({ id, wire: raw, streams: { mentions: !!streams.mentions, search: !!streams.search } });
    },
    suspend(userId) {
      suspended.add(userId);
    },
    failNext(response) {
      canned.push(response);
    },
    setRateLimit(endpoint, w) {
      windows.set(endpoint, { ...window(endpoint), ...w });
    },
    expireTokens() {
      tokenGeneration++;
    },
    setSearchFloor(id) {
      searchFloor = BigInt(id);
    },
    requests,
    created,
    oauth,
    close: () => listening.close(),
  };
}

function routeOf(method: string, path: string): { endpoint: FakeXEndpoint; userId?: string } | undefined {
  if (method === 'POST' && path === '/2/tweets') return { endpoint: 'post-tweet' };
  if (method !== 'GET') return undefined;
  if (path === '/2/tweets/search/recent') return { endpoint: 'search' };
  const user = /^\/2\/users\/(\d+)\/(mentions|tweets)$/.exec(path);
  if (!user) return undefined;
  return { endpoint: user[2] === 'mentions' ? 'mentions' : 'user-tweets', userId: user[1]! };
}

function invalid(parameter: string, value: string, message: string): [number, unknown] {
  return [
    400,
    {
      errors: [{ parameters: { [parameter]: [value] }, message }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: `${PROBLEMS}/invalid-request`,
    },
  ];
}

function forbidden(detail: string): [number, unknown] {
  return [403, problem(403, 'Forbidden', detail)];
}

function problem(status: number, title: string, detail: string) {
  return { title, detail, type: 'about:blank', status };
}

function pick(wire: Record<string, unknown>, fields: Set<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(wire).filter(([k]) => fields.has(k)));
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function encodeToken(token: { u: string; g: number; e: string }): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(token: string): { u: string; g: number; e: string } | undefined {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      u?: unknown;
      g?: unknown;
      e?: unknown;
    };
    return typeof t.u === 'string' && /^\d+$/.test(t.u) && typeof t.g === 'number' && typeof t.e === 'string'
      ? { u: t.u, g: t.g, e: t.e }
      : undefined;
  } catch {
    return undefined;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
