import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type CannedResponse, listen, readBody, sendJson } from './http-fake.ts';

/**
 * A local Graph API (`/v21.0/...`) for the Facebook Page and Instagram connectors, shaped after Meta's
 * documented examples: `{ data, paging: { cursors: { before, after }, next } }` lists with opaque cursors,
 * `{ error: { message, type, code, error_subcode, fbtrace_id } }` errors (invalid token: #190, unknown
 * object: #100/33), ISO times with a `+0000` offset, `access_token` as a query parameter.
 * Not modelled: field selection (every stored field is returned), `since`/`until`, batch requests.
 */

export type { CannedResponse };

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

type Obj = Record<string, unknown> & { id: string };

export interface FakeGraph {
  url: string;
  version: string;
  /** A post on the page; `fromId` defaults to a visitor. Returns the post id. */
  addPost(input: { message: string; fromId?: string; fromName?: string; at?: Date }): string;
  /** A comment on a post, or a reply when `parentId` names a comment. Returns the comment id. */
  addComment(
    postId: string,
    input: { message: string; fromId?: string; fromName?: string; parentId?: string },
  ): string;
  /** Any object as a comment on the post (a malformed one); returned as is. */
  addRawComment(postId: string, raw: Record<string, unknown>): void;
  /** A Messenger message from the citizen `psid` to the page. Returns the message id. */
  addMessage(input: { psid: string; name?: string; text: string }): string;
  addMedia(input: { caption: string }): string;
  /** An Instagram comment on a media, or a reply under `parentId`. Returns its id. */
  addIgComment(mediaId: string, input: { text: string; username: string; parentId?: string }): string;
  /** A comment elsewhere that @mentions the account, readable through `mentioned_comment`. */
  addMention(input: { text: string; username: string }): { mediaId: string; commentId: string };
  /** The next request gets this instead (queued in order). */
  failNext(response: CannedResponse): void;
  /** Headers added to every response (usage headers). */
  setHeaders(headers: Record<string, string>): void;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeGraph(options: {
  accessToken: string;
  pageId: string;
  pageName?: string;
  igUserId: string;
  igUsername: string;
  version?: string;
}): Promise<FakeGraph> {
  const version = options.version ?? 'v21.0';
  const { pageId, igUserId, igUsername } = options;
  const page = { id: pageId, name: options.pageName ?? 'Humas Kota' };
  const objects = new Map<string, Obj & { kind: string }>();
  /** Comment-like children per parent id (FB: post → all comments; IG: media → top-level comments). */
  const children = new Map<string, Obj[]>();
  const conversations = new Map<string, { id: string; psid: string; name: string; messages: Obj[] }>();
  const canned: CannedResponse[] = [];
  const requests: RecordedRequest[] = [];
  let extraHeaders: Record<string, string> = {};
  let seq = 1000;
  let clock = Date.parse('2024-05-01T08:00:00Z');
  const tick = () => {
    clock += 1000;
    return graphTime(new Date(clock));
  };
  const newId = (prefix = '') => `${prefix}${++seq}`;
  const childList = (id: string) => {
    if (!children.has(id)) children.set(id, []);
    return children.get(id)!;
  };

  function store(kind: string, obj: Obj, parent?: string) {
    objects.set(obj.id, { ...obj, kind });
    if (parent) childList(parent).push(obj);
    return obj.id;
  }

  function fbComment(postId: string, message: string, from: { id: string; name: string }, parentId?: string) {
    const id = `${postId.split('_')[1]}_${newId()}`;
    const obj: Obj = { id, message, created_time: tick(), from, permalink_url: `https://facebook.com/${id}` };
    if (parentId) obj.parent = { id: parentId };
    store('fb-comment', obj, postId);
    objects.get(id)!.postId = postId;
    return obj;
  }

  function igComment(
    mediaId: string,
    text: string,
    username: string,
    from: { id: string },
    parentId?: string,
  ) {
    const obj: Obj = { id: newId('178'), text, timestamp: tick(), username, from: { ...from, username } };
    store('ig-comment', obj, parentId ?? mediaId);
    if (parentId) childList(`replies:${parentId}`).push(obj);
    return obj;
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      send(res, 500, graphError(String(error), 'GraphMethodException', 1)),
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const text = await readBody(req);
    const body = text ? safeJson(text) : undefined;
    const query = Object.fromEntries(url.searchParams);
    const path = url.pathname.replace(`/${version}/`, '');
    requests.push({ method: req.method ?? 'GET', path, query, body });
    const next = canned.shift();
    if (next) return send(res, next.status, next.body ?? {}, next.headers);
    if (query.access_token !== options.accessToken) {
      return send(
        res,
        400,
        graphError('Invalid OAuth access token - Cannot parse access token', 'OAuthException', 190),
      );
    }
    const [id = '', edge] = path.split('/');
    const key = `${req.method} ${edge ?? ''}`;
    const b = (body ?? {}) as Record<string, unknown>;
    if (id === pageId && key === 'GET feed') return sendList(res, url, postsNewestFirst());
    if (id === pageId && key === 'GET conversations') return sendList(res, url, conversationList(query));
    if (id === pageId && key === 'POST messages') return sendMessage(res, b);
    if (id === igUserId && key === 'GET media') return sendList(res, url, byTime('ig-media', 'timestamp'));
    if (id === igUserId && key === 'POST mentions') return send(res, 200, { id: newId('179') });
    if (id === igUserId && key === 'GET ') return send(res, 200, mentioned(query.fields ?? ''));
    const obj = objects.get(id);
    if (!obj) return send(res, 400, unknownObject(id));
    if (key === 'GET comments' && obj.kind === 'fb-post')
      return sendList(res, url, fbStream(id, query.order));
    if (key === 'GET comments' && obj.kind === 'fb-comment') {
      const replies = (children.get(String(obj.postId)) ?? []).filter((c) => parentOf(c) === id);
      return sendList(res, url, query.order === 'reverse_chronological' ? [...replies].reverse() : replies);
    }
    if (key === 'POST comments' && (obj.kind === 'fb-post' || obj.kind === 'fb-comment')) {
      if (typeof b.message !== 'string' || !b.message)
        return send(res, 400, graphError('(#100) Missing message', 'OAuthException', 100));
      const postId = obj.kind === 'fb-post' ? id : String(obj.postId);
      return send(res, 200, {
        id: fbComment(postId, b.message, page, obj.kind === 'fb-comment' ? id : undefined).id,
      });
    }
    if (key === 'GET comments' && obj.kind === 'ig-media') {
      const top = [...(children.get(id) ?? [])].reverse().map((c) => withReplies(c));
      return sendList(res, url, top);
    }
    if (key === 'GET replies' && obj.kind === 'ig-comment')
      return sendList(res, url, children.get(`replies:${id}`) ?? []);
    if (key === 'POST replies' && obj.kind === 'ig-comment') {
      const mediaId = [...children.entries()].find(([, list]) => list.some((c) => c.id === id))?.[0] ?? '';
      return send(res, 200, {
        id: igComment(mediaId, String(b.message), igUsername, { id: igUserId }, id).id,
      });
    }
    return send(res, 400, unknownObject(id));
  }

  function postsNewestFirst() {
    return byTime('fb-post', 'created_time').map(({ kind: _k, ...post }) => post);
  }

  function byTime(kind: string, field: string) {
    return [...objects.values()]
      .filter((o) => o.kind === kind)
      .sort((a, b) => String(b[field]).localeCompare(String(a[field])))
      .map(({ kind: _k, ...o }) => o as Obj);
  }

  /** filter=stream: every comment and reply of the post, flat, chronological unless asked otherwise. */
  function fbStream(postId: string, order?: string) {
    const all = children.get(postId) ?? [];
    return order === 'reverse_chronological' ? [...all].reverse() : all;
  }

  function withReplies(c: Obj): Obj {
    const replies = children.get(`replies:${c.id}`) ?? [];
    return replies.length ? { ...c, replies: { data: replies } } : c;
  }

  function conversationList(query: Record<string, string>) {
    const limit = Number(/messages\.limit\((\d+)\)/.exec(query.fields ?? '')?.[1] ?? 25);
    return [...conversations.values()]
      .filter((c) => !query.user_id || c.psid === query.user_id)
      .map((c) => ({ ...c, updated_time: String(c.messages.at(-1)?.created_time) }))
      .sort((a, b) => b.updated_time.localeCompare(a.updated_time))
      .map((c) => {
        const newest = [...c.messages].reverse();
        const data = newest.slice(0, limit);
        return {
          id: c.id,
          updated_time: c.updated_time,
          messages: { data, ...(newest.length > limit ? { paging: pagingFor(data, 'more', c.id) } : {}) },
        };
      });
  }

  function sendMessage(res: ServerResponse, b: Record<string, unknown>) {
    const psid = (b.recipient as { id?: unknown } | undefined)?.id;
    const text = (b.message as { text?: unknown } | undefined)?.text;
    const conversation = [...conversations.values()].find((c) => c.psid === psid);
    if (!conversation || typeof text !== 'string') {
      return send(res, 400, graphError('(#100) No matching user found', 'OAuthException', 100, 2018001));
    }
    const message = {
      id: `m_${newId()}`,
      message: text,
      created_time: tick(),
      from: { ...page, email: `${pageId}@facebook.com` },
    };
    conversation.messages.push(message);
    return send(res, 200, { recipient_id: psid, message_id: message.id });
  }

  function mentioned(fields: string) {
    const match = /^mentioned_comment\.comment_id\(([^)]+)\)/.exec(fields);
    const comment = match ? objects.get(match[1]!) : undefined;
    if (!comment) return { id: igUserId };
    const { kind: _k, mediaId, ...rest } = comment;
    return {
      id: igUserId,
      mentioned_comment: {
        ...rest,
        media: { id: mediaId, permalink: `https://instagram.com/p/${String(mediaId)}` },
      },
    };
  }

  function sendList(res: ServerResponse, url: URL, all: Obj[]) {
    const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 25)));
    const after = url.searchParams.get('after');
    let start = 0;
    if (after) {
      const index = all.findIndex((o) => o.id === decodeCursor(after));
      start = index + 1;
    }
    const data = all.slice(start, start + limit);
    const more = start + limit < all.length;
    const body: Record<string, unknown> = { data };
    if (data.length) body.paging = pagingFor(data, more ? url : undefined);
    return send(res, 200, body);
  }

  function pagingFor(data: Obj[], nextOf?: URL | string, _owner?: string) {
    const cursors = { before: encodeCursor(data[0]!.id), after: encodeCursor(data.at(-1)!.id) };
    if (!nextOf) return { cursors };
    const next = new URL(typeof nextOf === 'string' ? `http://fake/${nextOf}` : nextOf.toString());
    next.searchParams.set('after', cursors.after);
    return { cursors, next: next.toString() };
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    sendJson(res, status, body, { ...extraHeaders, ...headers });
  }

  const listening = await listen(server);

  return {
    url: listening.url,
    version,
    addPost({ message, fromId, fromName, at }) {
      const id = `${pageId}_${newId()}`;
      const created = at ? graphTime(at) : tick();
      const from = fromId === pageId ? page : { id: fromId ?? newId('7'), name: fromName ?? 'Warga' };
      return store('fb-post', {
        id,
        message,
        created_time: created,
        updated_time: created,
        from,
        permalink_url: `https://facebook.com/${id}`,
      });
    },
    addComment(postId, { message, fromId, fromName, parentId }) {
      const from = fromId === pageId ? page : { id: fromId ?? newId('7'), name: fromName ?? 'Warga' };
      return fbComment(postId, message, from, parentId).id;
    },
    addRawComment(postId, raw) {
      childList(postId).push({ id: '', ...raw } as Obj);
    },
    addMessage({ psid, name, text }) {
      let conversation = [...conversations.values()].find((c) => c.psid === psid);
      if (!conversation) {
        conversation = { id: `t_${newId()}`, psid, name: name ?? 'Warga', messages: [] };
        conversations.set(conversation.id, conversation);
      }
      const message = {
        id: `m_${newId()}`,
        message: text,
        created_time: tick(),
        from: { id: psid, name: conversation.name },
      };
      conversation.messages.push(message);
      return message.id;
    },
    addMedia({ caption }) {
      const id = newId('179');
      return store('ig-media', {
        id,
        caption,
        timestamp: tick(),
        permalink: `https://instagram.com/p/${id}`,
      });
    },
    addIgComment(mediaId, { text, username, parentId }) {
      return igComment(mediaId, text, username, { id: newId('6') }, parentId).id;
    },
    addMention({ text, username }) {
      const mediaId = newId('180');
      const comment = { id: newId('178'), text, timestamp: tick(), username, mediaId };
      objects.set(comment.id, { ...comment, kind: 'ig-mention' });
      return { mediaId, commentId: comment.id };
    },
    failNext(response) {
      canned.push(response);
    },
    setHeaders(headers) {
      extraHeaders = headers;
    },
    requests,
    close: () => listening.close(),
  };
}

function parentOf(c: Obj): string | undefined {
  return (c.parent as { id?: string } | undefined)?.id;
}

export function graphTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+0000');
}

export function graphError(message: string, type: string, code: number, subcode?: number) {
  return {
    error: { message, type, code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'AbCdEfFake' },
  };
}

function unknownObject(id: string) {
  return graphError(
    `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    'GraphMethodException',
    100,
    33,
  );
}

const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString();

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return Object.fromEntries(new URLSearchParams(text));
  }
}
