import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  type CannedResponse as HttpCannedResponse,
  listen,
  readBody,
  sendCanned,
  sendJson,
} from './http-fake.ts';
import { createTokenIssuer, type FakeOAuthClient, type FakeTokenIssuer } from './oauth-issuer.ts';

/**
 * A local YouTube Data API v3 for the endpoints the connector uses: commentThreads.list
 * (allThreadsRelatedToChannelId, newest activity first, a few replies inline), comments.list (parentId) and
 * comments.insert. Resources, paging and the `{ error: { code, message, errors: [{ reason, domain }] } }`
 * envelope follow the reference pages; auth is an API key (`key=`) or an OAuth bearer token: the fixed
 * `accessToken`, or one issued by the refresh-token grant at `POST /token` (as oauth2.googleapis.com/token).
 */

export interface FakeAuthor {
  channelId: string;
  displayName: string;
}

export interface CannedResponse extends HttpCannedResponse {
  /** Only requests to this resource (`commentThreads`, `comments`) get it; any request otherwise. */
  path?: 'commentThreads' | 'comments';
}

export interface RecordedRequest {
  method: string;
  /** `commentThreads` or `comments`. */
  resource: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body?: unknown;
}

export interface WireComment {
  kind: 'youtube#comment';
  etag: string;
  id: string;
  snippet: {
    channelId: string;
    videoId: string;
    authorDisplayName: string;
    authorProfileImageUrl: string;
    authorChannelUrl: string;
    authorChannelId: { value: string };
    textDisplay: string;
    textOriginal: string;
    parentId?: string;
    canRate: boolean;
    viewerRating: 'none';
    likeCount: number;
    publishedAt: string;
    updatedAt: string;
  };
}

interface ThreadState {
  id: string;
  videoId: string;
  top: WireComment;
  replies: WireComment[];
}

/** A Google API error body, as YouTube sends it. */
export function googleError(code: number, reason: string, message: string, domain = 'youtube.api') {
  return { error: { code, message, errors: [{ message, domain, reason }] } };
}

export interface FakeYouTube {
  url: string;
  port: number;
  addThread(input: { videoId: string; author: FakeAuthor; text: string; at?: Date }): string;
  addReply(threadId: string, input: { author: FakeAuthor; text: string; at?: Date }): string;
  /** Changes a comment's text and moves its updatedAt, as an edit on YouTube does. */
  editComment(commentId: string, text: string, at?: Date): void;
  disableComments(videoId: string): void;
  /** Serves this object as a commentThreads item, placed by `activity`, whatever its shape. */
  pushRawThread(thread: unknown, activity: Date): void;
  /** The next matching request gets this response; several queue in order. */
  failNext(response: CannedResponse): void;
  readonly requests: RecordedRequest[];
  /** Comments created through comments.insert, in order. */
  readonly inserted: WireComment[];
  /** The token endpoint (`${url}/token`); its requests are not in `requests`. */
  readonly oauth: FakeTokenIssuer;
  close(): Promise<void>;
}

const INLINE_REPLIES = 5;

export async function startFakeYouTube(options: {
  apiKey: string;
  /** A token that never expires; omit it to accept only tokens issued at `/token`. */
  accessToken?: string;
  /** The OAuth client whose refresh token `/token` accepts. */
  oauth?: FakeOAuthClient;
  /** The clock (ms) that expires issued tokens; shared with the connector's in tests, so none sleeps. */
  now?: () => number;
  /** The agency's channel: threads are listed for it and comments.insert posts as it. */
  channel: FakeAuthor;
  port?: number;
  host?: string;
}): Promise<FakeYouTube> {
  const { channel } = options;
  const threads = new Map<string, ThreadState>();
  const raws: Array<{ thread: unknown; activity: number }> = [];
  const comments = new Map<string, { comment: WireComment; thread: ThreadState }>();
  const disabled = new Set<string>();
  const canned: CannedResponse[] = [];
  const requests: RecordedRequest[] = [];
  const inserted: WireComment[] = [];
  const oauth = createTokenIssuer({
    style: 'google',
    client: options.oauth ?? { clientId: 'unused', clientSecret: 'unused', refreshToken: 'unused' },
    now: options.now ?? Date.now,
  });
  let seq = 0;

  function wire(id: string, videoId: string, author: FakeAuthor, text: string, at: Date, parentId?: string) {
    const iso = at.toISOString();
    const comment: WireComment = {
      kind: 'youtube#comment',
      etag: randomBytes(9).toString('base64url'),
      id,
      snippet: {
        channelId: channel.channelId,
        videoId,
        authorDisplayName: author.displayName,
        authorProfileImageUrl: `https://yt3.ggpht.example/${author.channelId}.jpg`,
        authorChannelUrl: `http://www.youtube.com/channel/${author.channelId}`,
        authorChannelId: { value: author.channelId },
        textDisplay: text,
        textOriginal: text,
        ...(parentId ? { parentId } : {}),
        canRate: true,
        viewerRating: 'none',
        likeCount: 0,
        publishedAt: iso,
        updatedAt: iso,
      },
    };
    return comment;
  }

  function addReply(thread: ThreadState, author: FakeAuthor, text: string, at: Date): WireComment {
    const id = `${thread.id}.${randomBytes(16).toString('base64url').slice(0, 22)}`;
    const reply = wire(id, thread.videoId, author, text, at, thread.id);
    thread.replies.push(reply);
    comments.set(id, { comment: reply, thread });
    return reply;
  }

  function activity(thread: ThreadState): number {
    return Math.max(...[thread.top, ...thread.replies].map((c) => Date.parse(c.snippet.updatedAt)));
  }

  function threadWire(thread: ThreadState, withReplies: boolean, plain: boolean) {
    const inline = thread.replies.slice(0, INLINE_REPLIES);
    return {
      kind: 'youtube#commentThread',
      etag: randomBytes(9).toString('base64url'),
      id: thread.id,
      snippet: {
        channelId: channel.channelId,
        videoId: thread.videoId,
        topLevelComment: format(thread.top, plain),
        canReply: !disabled.has(thread.videoId),
        totalReplyCount: thread.replies.length,
        isPublic: true,
      },
      ...(withReplies && inline.length > 0
        ? { replies: { comments: inline.map((c) => format(c, plain)) } }
        : {}),
    };
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, googleError(500, 'backendError', String(error), 'global'));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const resource = /^\/youtube\/v3\/(commentThreads|comments)$/.exec(url.pathname)?.[1];
    const text = await readBody(req);
    if (req.method === 'POST' && url.pathname === '/token') {
      const [status, answer, headers] = oauth.exchange(req.headers, text);
      return sendJson(res, status, answer, headers);
    }
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const query = Object.fromEntries(url.searchParams);
    requests.push({
      method: req.method ?? 'GET',
      resource: resource ?? url.pathname,
      query,
      headers: req.headers,
      body,
    });
    if (!resource) return sendJson(res, 404, googleError(404, 'notFound', 'Not Found', 'global'));
    const cannedIndex = canned.findIndex((c) => !c.path || c.path === resource);
    if (cannedIndex >= 0) return sendCanned(res, canned.splice(cannedIndex, 1)[0]!);

    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer !== undefined && bearer !== options.accessToken && oauth.check(bearer) !== 'valid') {
      return sendJson(res, 401, {
        error: {
          ...googleError(401, 'authError', 'Request had invalid authentication credentials.', 'global').error,
          status: 'UNAUTHENTICATED',
        },
      });
    }
    if (query.key !== undefined && query.key !== options.apiKey) {
      return sendJson(
        res,
        400,
        googleError(400, 'keyInvalid', 'API key not valid. Please pass a valid API key.', 'global'),
      );
    }
    if (bearer === undefined && query.key === undefined) {
      return sendJson(
        res,
        403,
        googleError(403, 'forbidden', 'The request is missing a valid API key.', 'global'),
      );
    }

    if (req.method === 'POST' && resource === 'comments')
      return insert(res, query, body, bearer !== undefined);
    if (req.method !== 'GET')
      return sendJson(res, 405, googleError(405, 'methodNotAllowed', 'Method not allowed'));
    const size = Number(query.maxResults ?? 20);
    if (!Number.isInteger(size) || size < 1 || size > 100) {
      return sendJson(res, 400, googleError(400, 'invalidValue', 'Invalid value for maxResults.', 'global'));
    }
    const offset = readToken(query.pageToken);
    if (offset === undefined) {
      return sendJson(
        res,
        400,
        googleError(400, 'invalidPageToken', 'The request specifies an invalid page token.'),
      );
    }
    const plain = query.textFormat === 'plainText';
    return resource === 'commentThreads'
      ? listThreads(res, query, size, offset, plain)
      : listReplies(res, query, size, offset, plain);
  }

  function listThreads(
    res: ServerResponse,
    q: Record<string, string>,
    size: number,
    offset: number,
    plain: boolean,
  ) {
    if (q.allThreadsRelatedToChannelId !== channel.channelId) {
      return sendJson(
        res,
        404,
        googleError(404, 'channelNotFound', 'The channel could not be found.', 'youtube.commentThread'),
      );
    }
    const withReplies = (q.part ?? '').split(',').includes('replies');
    const all = [
      ...[...threads.values()].map((t) => ({
        at: activity(t),
        item: threadWire(t, withReplies, plain) as unknown,
      })),
      ...raws.map((r) => ({ at: r.activity, item: r.thread })),
    ].sort((a, b) => b.at - a.at);
    return sendPage(
      res,
      'youtube#commentThreadListResponse',
      all.map((t) => t.item),
      size,
      offset,
    );
  }

  function listReplies(
    res: ServerResponse,
    q: Record<string, string>,
    size: number,
    offset: number,
    plain: boolean,
  ) {
    const thread = q.parentId ? threads.get(q.parentId) : undefined;
    if (!q.parentId)
      return sendJson(res, 400, googleError(400, 'missingRequiredParameter', 'No filter selected.'));
    if (thread && disabled.has(thread.videoId)) {
      return sendJson(
        res,
        403,
        googleError(
          403,
          'commentsDisabled',
          'The video identified by the videoId parameter has disabled comments.',
        ),
      );
    }
    const replies = thread
      ? [...thread.replies].sort((a, b) => cmp(a.snippet.publishedAt, b.snippet.publishedAt))
      : [];
    return sendPage(
      res,
      'youtube#commentListResponse',
      replies.map((c) => format(c, plain)),
      size,
      offset,
    );
  }

  function insert(res: ServerResponse, q: Record<string, string>, body: unknown, byToken: boolean) {
    if (!byToken) return sendJson(res, 401, googleError(401, 'required', 'Login Required.', 'global'));
    if (q.part !== 'snippet')
      return sendJson(res, 400, googleError(400, 'invalidPart', 'The part parameter is invalid.'));
    const snippet = (body as { snippet?: { parentId?: unknown; textOriginal?: unknown } } | undefined)
      ?.snippet;
    const parentId = typeof snippet?.parentId === 'string' ? snippet.parentId : undefined;
    const textOriginal = typeof snippet?.textOriginal === 'string' ? snippet.textOriginal : '';
    if (!parentId)
      return sendJson(res, 400, googleError(400, 'parentIdMissing', 'The comment must have a parent.'));
    const thread = threads.get(parentId);
    if (!thread)
      return sendJson(
        res,
        404,
        googleError(404, 'commentNotFound', 'The parent comment could not be found.'),
      );
    if (disabled.has(thread.videoId)) {
      return sendJson(res, 403, googleError(403, 'commentsDisabled', 'The video has disabled comments.'));
    }
    if (!textOriginal)
      return sendJson(res, 400, googleError(400, 'commentTextRequired', 'The comment text is empty.'));
    if (textOriginal.length > 10_000) {
      return sendJson(res, 400, googleError(400, 'commentTextTooLong', 'The comment text is too long.'));
    }
    const reply = addReply(thread, channel, textOriginal, new Date());
    inserted.push(reply);
    return sendJson(res, 200, reply);
  }

  function sendPage(res: ServerResponse, kind: string, items: unknown[], size: number, offset: number) {
    const slice = items.slice(offset, offset + size);
    const next = offset + size < items.length ? makeToken(offset + size) : undefined;
    sendJson(res, 200, {
      kind,
      etag: randomBytes(9).toString('base64url'),
      ...(next ? { nextPageToken: next } : {}),
      pageInfo: { totalResults: items.length, resultsPerPage: size },
      items: slice,
    });
  }

  const listening = await listen(server, options);

  return {
    url: listening.url,
    port: listening.port,
    addThread({ videoId, author, text, at }) {
      seq++;
      const id = `Ugz${String(seq).padStart(6, '0')}${randomBytes(9).toString('base64url').slice(0, 12)}AaABAg`;
      const thread: ThreadState = {
        id,
        videoId,
        top: wire(id, videoId, author, text, at ?? new Date()),
        replies: [],
      };
      threads.set(id, thread);
      comments.set(id, { comment: thread.top, thread });
      return id;
    },
    addReply(threadId, { author, text, at }) {
      const thread = threads.get(threadId);
      if (!thread) throw new Error(`fake youtube: no thread ${threadId}`);
      return addReply(thread, author, text, at ?? new Date()).id;
    },
    editComment(commentId, text, at) {
      const found = comments.get(commentId);
      if (!found) throw new Error(`fake youtube: no comment ${commentId}`);
      found.comment.snippet.textDisplay = text;
      found.comment.snippet.textOriginal = text;
      found.comment.snippet.updatedAt = (at ?? new Date()).toISOString();
    },
    disableComments(videoId) {
      disabled.add(videoId);
    },
    pushRawThread(thread, at) {
      raws.push({ thread, activity: at.getTime() });
    },
    failNext(response) {
      canned.push(response);
    },
    requests,
    inserted,
    oauth,
    close: () => listening.close(),
  };
}

/** textFormat=html (the default) escapes the text; plainText gives it as posted. */
function format(comment: WireComment, plain: boolean): WireComment {
  if (plain) return comment;
  const html = comment.snippet.textOriginal
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  return { ...comment, snippet: { ...comment.snippet, textDisplay: html } };
}

function makeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function readToken(token: string | undefined): number | undefined {
  if (token === undefined) return 0;
  try {
    const o = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown }).o;
    return typeof o === 'number' && Number.isInteger(o) && o >= 0 ? o : undefined;
  } catch {
    return undefined;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
