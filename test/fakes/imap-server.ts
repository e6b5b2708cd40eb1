import { createServer, type Server, type Socket } from 'node:net';

/**
 * A minimal IMAP4rev1 server (RFC 3501) over plain TCP, just enough for imapflow and the e-mail connector:
 * greeting, CAPABILITY, LOGIN, ID, ENABLE, NAMESPACE, LIST, SELECT/EXAMINE, UID SEARCH, UID FETCH, APPEND,
 * NOOP, CLOSE/UNSELECT, LOGOUT. Literals follow the base protocol (`{n}` waits for `+` continuation;
 * `{n+}` is accepted too). UID sets follow RFC 3501 exactly, including `n:*` matching the highest UID
 * when n is above it, so a client that forgets to filter gets the last message again.
 * Not modelled: TLS, STARTTLS, AUTHENTICATE (not advertised, so imapflow uses LOGIN), IDLE, flags
 * changes, sequence-number FETCH/SEARCH, ENVELOPE/BODYSTRUCTURE and partial fetches.
 * Office 365's throttling answer (`BAD Request is throttled. Suggested Backoff Time: N milliseconds`)
 * can be injected with `throttleNext`.
 */

export interface FakeImapOptions {
  user: string;
  password: string;
  /** Mailboxes to create besides INBOX. */
  mailboxes?: string[];
  uidValidity?: number;
}

export interface FakeImapMessage {
  uid: number;
  raw: Buffer;
  internalDate: Date;
  flags: string[];
}

export interface FakeImapCommand {
  /** `LOGIN`, `EXAMINE`, `UID SEARCH`, `UID FETCH`, `APPEND`… */
  name: string;
  /** The arguments as sent (literals shown as `{n}`); LOGIN arguments are masked. */
  args: string;
}

export interface FakeImap {
  host: string;
  port: number;
  /** Adds a message to a mailbox (INBOX by default); returns its UID. */
  addMessage(
    raw: string | Buffer,
    options?: { mailbox?: string; internalDate?: Date; flags?: string[] },
  ): number;
  /** Messages of a mailbox, APPENDed ones included. */
  messages(mailbox?: string): readonly FakeImapMessage[];
  uidValidity(mailbox?: string): number;
  /** A new UIDVALIDITY, with the mailbox's messages renumbered from UID 1, as after a server-side rebuild. */
  changeUidValidity(value: number, mailbox?: string): void;
  /** While set, LOGIN answers `NO [AUTHENTICATIONFAILED] <text>`. */
  failLogins(text: string | null): void;
  /** The next command with this name (e.g. `UID SEARCH`) gets Office 365's throttling answer. */
  throttleNext(command: string, backoffMs: number): void;
  /** Every command received, in order, over all connections. */
  readonly commands: readonly FakeImapCommand[];
  count(name: string): number;
  /** Connections currently open. */
  readonly openConnections: number;
  /** Stops listening and drops every connection (the server is down); state is kept. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

interface Mailbox {
  uidValidity: number;
  uidNext: number;
  messages: FakeImapMessage[];
}

type Token = string | Buffer | Token[];

const CAPABILITIES = 'IMAP4rev1 ID ENABLE NAMESPACE UIDPLUS UNSELECT';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MAX_LINE = 64 * 1024;

export async function startFakeImap(options: FakeImapOptions): Promise<FakeImap> {
  const boxes = new Map<string, Mailbox>();
  const initialValidity = options.uidValidity ?? 1_000;
  for (const name of ['INBOX', ...(options.mailboxes ?? [])]) {
    boxes.set(name, { uidValidity: initialValidity, uidNext: 1, messages: [] });
  }
  const commands: FakeImapCommand[] = [];
  const throttles: Array<{ command: string; backoffMs: number }> = [];
  const sockets = new Set<Socket>();
  let loginFailure: string | null = null;
  let port = 0;
  let server: Server | null = null;

  function box(name = 'INBOX'): Mailbox {
    const found = boxes.get(name.toUpperCase() === 'INBOX' ? 'INBOX' : name);
    if (!found) throw new Error(`no mailbox ${name}`);
    return found;
  }

  function append(target: Mailbox, raw: Buffer, internalDate: Date, flags: string[]): number {
    const uid = target.uidNext++;
    target.messages.push({ uid, raw, internalDate, flags });
    return uid;
  }

  function session(socket: Socket) {
    sockets.add(socket);
    // Responses go out as several small writes; Nagle would hold each one for the client's delayed ACK.
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = Buffer.alloc(0);
    let literalBytes = 0;
    let parts: Array<string | Buffer> = [];
    let authenticated = false;
    let selected: { name: string; box: Mailbox; readOnly: boolean } | null = null;
    let queue = Promise.resolve();

    const send = (...chunks: Array<string | Buffer>) => {
      if (!socket.destroyed) socket.write(Buffer.concat(chunks.map((c) => Buffer.from(c))));
    };
    send('* OK [CAPABILITY ', CAPABILITIES, '] Fake IMAP4rev1 ready\r\n');

    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (literalBytes > 0) {
          if (pending.length < literalBytes) return;
          parts.push(pending.subarray(0, literalBytes));
          pending = pending.subarray(literalBytes);
          literalBytes = 0;
          continue;
        }
        const end = pending.indexOf('\r\n');
        if (end < 0) {
          if (pending.length > MAX_LINE) socket.destroy();
          return;
        }
        const line = pending.subarray(0, end).toString('utf8');
        pending = pending.subarray(end + 2);
        parts.push(line);
        const literal = /\{(\d+)(\+)?\}$/.exec(line);
        if (literal) {
          literalBytes = Number(literal[1]);
          if (!literal[2]) send('+ Ready for literal data\r\n');
          if (literalBytes === 0) parts.push(Buffer.alloc(0));
          continue;
        }
        const command = parts;
        parts = [];
        queue = queue
          .then(() => run(command))
          .then(
            () => undefined,
            () => {
              socket.destroy();
            },
          );
      }
    });

    async function run(segments: Array<string | Buffer>) {
      const literals = segments.filter((s): s is Buffer => Buffer.isBuffer(s));
      const text = segments.filter((s): s is string => typeof s === 'string').join('');
      const head = /^(\S+) (\S+)(?: (.*))?$/s.exec(text);
      if (!head) return send('* BAD Missing tag or command\r\n');
      const tag = head[1]!;
      let name = head[2]!.toUpperCase();
      let rest = head[3] ?? '';
      if (name === 'UID') {
        const sub = /^(\S+)(?: (.*))?$/s.exec(rest);
        name = `UID ${sub?.[1]?.toUpperCase() ?? ''}`;
        rest = sub?.[2] ?? '';
      }
      commands.push({ name, args: name === 'LOGIN' ? '*** ***' : rest });
      const ok = (text = `${name} completed`) => send(`${tag} OK ${text}\r\n`);
      const no = (text: string) => send(`${tag} NO ${text}\r\n`);
      const bad = (text: string) => send(`${tag} BAD ${text}\r\n`);

      const throttle = throttles.findIndex((t) => t.command === name);
      if (throttle >= 0) {
        const backoffMs = throttles.splice(throttle, 1)[0]!.backoffMs;
        return bad(`Request is throttled. Suggested Backoff Time: ${backoffMs} milliseconds`);
      }

      let args: Token[];
      try {
        args = tokenize(rest, literals);
      } catch (error) {
        return bad(`Could not parse command: ${(error as Error).message}`);
      }
      const str = (i: number) => {
        const t = args[i];
        return Buffer.isBuffer(t) ? t.toString('utf8') : typeof t === 'string' ? t : undefined;
      };

      switch (name) {
        case 'CAPABILITY':
          send(`* CAPABILITY ${CAPABILITIES}\r\n`);
          return ok();
        case 'NOOP':
        case 'CHECK':
          return ok();
        case 'ID':
          send('* ID ("name" "tanggap-fake-imap")\r\n');
          return ok();
        case 'ENABLE':
          send('* ENABLED\r\n');
          return ok();
        case 'LOGOUT':
          send('* BYE Logging out\r\n');
          ok();
          socket.end();
          return;
        case 'LOGIN': {
          if (authenticated) return bad('Already authenticated');
          if (loginFailure !== null) return no(`[AUTHENTICATIONFAILED] ${loginFailure}`);
          if (str(0) !== options.user || str(1) !== options.password) {
            return no('[AUTHENTICATIONFAILED] Invalid credentials (Failure)');
          }
          authenticated = true;
          return ok(`[CAPABILITY ${CAPABILITIES}] ${options.user} authenticated (Success)`);
        }
      }
      if (!authenticated) return bad(`${name} not allowed now`);

      switch (name) {
        case 'NAMESPACE':
          send('* NAMESPACE (("" "/")) NIL NIL\r\n');
          return ok();
        case 'LIST':
        case 'LSUB': {
          const pattern = globToRegExp(str(1) ?? '');
          for (const mailbox of boxes.keys()) {
            if (!pattern.test(mailbox)) continue;
            const special = mailbox === 'Sent' ? ' \\Sent' : '';
            send(`* LIST (\\HasNoChildren${special}) "/" ${quote(mailbox)}\r\n`);
          }
          return ok();
        }
        case 'SELECT':
        case 'EXAMINE': {
          const wanted = str(0) ?? '';
          const target = boxes.get(wanted.toUpperCase() === 'INBOX' ? 'INBOX' : wanted);
          if (!target) {
            selected = null;
            return no("[NONEXISTENT] Mailbox doesn't exist");
          }
          selected = { name: wanted, box: target, readOnly: name === 'EXAMINE' };
          send('* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n');
          send(
            `* OK [PERMANENTFLAGS (${selected.readOnly ? '' : '\\Seen \\Deleted \\*'})] Flags permitted\r\n`,
          );
          send(`* ${target.messages.length} EXISTS\r\n`, '* 0 RECENT\r\n');
          send(`* OK [UIDVALIDITY ${target.uidValidity}] UIDs valid\r\n`);
          send(`* OK [UIDNEXT ${target.uidNext}] Predicted next UID\r\n`);
          return ok(`[${selected.readOnly ? 'READ-ONLY' : 'READ-WRITE'}] ${name} completed`);
        }
        case 'CLOSE':
        case 'UNSELECT':
          selected = null;
          return ok();
        case 'APPEND': {
          const target = boxes.get(str(0) ?? '');
          if (!target) return no('[TRYCREATE] Mailbox does not exist');
          let i = 1;
          let flags: string[] = [];
          let date = new Date();
          if (Array.isArray(args[i])) flags = (args[i++] as Token[]).map(String);
          if (typeof args[i] === 'string' && !Buffer.isBuffer(args[i]))
            date = parseImapDate(args[i++] as string);
          const body = args[i];
          if (!Buffer.isBuffer(body)) return bad('APPEND needs a literal message');
          const uid = append(target, Buffer.from(body), date, flags);
          return ok(`[APPENDUID ${target.uidValidity} ${uid}] APPEND completed`);
        }
      }
      if (!selected) return bad('No mailbox selected');
      const current = selected.box;

      switch (name) {
        case 'UID SEARCH': {
          let found: FakeImapMessage[];
          try {
            found = search(current, args);
          } catch (error) {
            return bad(`Unsupported search: ${(error as Error).message}`);
          }
          send(`* SEARCH${found.map((m) => ` ${m.uid}`).join('')}\r\n`);
          return ok();
        }
        case 'UID FETCH': {
          const set = str(0) ?? '';
          const items = (Array.isArray(args[1]) ? args[1] : args.slice(1)).map((t) =>
            String(t).toUpperCase(),
          );
          const maxUid = current.messages.at(-1)?.uid ?? 0;
          for (const [index, message] of current.messages.entries()) {
            if (!inSet(message.uid, set, maxUid)) continue;
            send(`* ${index + 1} FETCH (`, ...fetchItems(message, items), ')\r\n');
          }
          return ok();
        }
        default:
          return bad(`Unknown command ${name}`);
      }
    }
  }

  function search(mailbox: Mailbox, args: Token[]): FakeImapMessage[] {
    const maxUid = mailbox.messages.at(-1)?.uid ?? 0;
    const tests: Array<(m: FakeImapMessage) => boolean> = [];
    for (let i = 0; i < args.length; i++) {
      const key = String(args[i]).toUpperCase();
      const next = () => {
        const value = args[++i];
        if (value === undefined || Array.isArray(value)) throw new Error(`${key} needs a value`);
        return value.toString();
      };
      if (key === 'ALL') continue;
      if (key === 'CHARSET') next();
      else if (key === 'UID') {
        const set = next();
        tests.push((m) => inSet(m.uid, set, maxUid));
      } else if (key === 'HEADER') {
        const field = next().toLowerCase();
        const value = next().toLowerCase();
        tests.push((m) => headerValues(m.raw, field).some((v) => v.toLowerCase().includes(value)));
      } else if (key === 'SINCE' || key === 'BEFORE') {
        const day = parseImapDate(next()).getTime();
        tests.push((m) => {
          const own = Date.UTC(
            m.internalDate.getUTCFullYear(),
            m.internalDate.getUTCMonth(),
            m.internalDate.getUTCDate(),
          );
          return key === 'SINCE' ? own >= day : own < day;
        });
      } else throw new Error(key);
    }
    return mailbox.messages.filter((m) => tests.every((t) => t(m)));
  }

  function fetchItems(message: FakeImapMessage, items: string[]): Array<string | Buffer> {
    const out: Array<string | Buffer> = [];
    const add = (...chunks: Array<string | Buffer>) => {
      if (out.length) out.push(' ');
      out.push(...chunks);
    };
    // A UID FETCH answer always carries the UID (RFC 3501 6.4.8).
    if (!items.includes('UID')) add(`UID ${message.uid}`);
    for (const item of items) {
      if (item === 'UID') add(`UID ${message.uid}`);
      else if (item === 'FLAGS') add(`FLAGS (${message.flags.join(' ')})`);
      else if (item === 'INTERNALDATE') add(`INTERNALDATE "${formatImapDateTime(message.internalDate)}"`);
      else if (item === 'RFC822.SIZE') add(`RFC822.SIZE ${message.raw.length}`);
      else if (item === 'BODY.PEEK[]' || item === 'BODY[]' || item === 'RFC822') {
        add(`${item === 'RFC822' ? 'RFC822' : 'BODY[]'} {${message.raw.length}}\r\n`, message.raw);
      } else if (/^BODY(\.PEEK)?\[HEADER\]$/.test(item)) {
        const header = headerBlock(message.raw);
        add(`BODY[HEADER] {${header.length}}\r\n`, header);
      }
    }
    return out;
  }

  async function listen() {
    const next = createServer(session);
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        next.off('error', reject);
        resolve();
      });
    });
    const address = next.address();
    if (address && typeof address === 'object') port = address.port;
    server = next;
  }

  async function stop() {
    const current = server;
    server = null;
    if (!current) return;
    const closed = new Promise<void>((resolve) => current.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  }

  await listen();

  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    addMessage(raw, opts = {}) {
      const body = typeof raw === 'string' ? Buffer.from(raw.replace(/\r?\n/g, '\r\n')) : raw;
      return append(box(opts.mailbox), body, opts.internalDate ?? new Date(), opts.flags ?? []);
    },
    messages: (mailbox) => box(mailbox).messages,
    uidValidity: (mailbox) => box(mailbox).uidValidity,
    changeUidValidity(value, mailbox) {
      const target = box(mailbox);
      target.uidValidity = value;
      target.messages = target.messages.map((m, i) => ({ ...m, uid: i + 1 }));
      target.uidNext = target.messages.length + 1;
    },
    failLogins(text) {
      loginFailure = text;
    },
    throttleNext(command, backoffMs) {
      throttles.push({ command: command.toUpperCase(), backoffMs });
    },
    commands,
    count: (name) => commands.filter((c) => c.name === name.toUpperCase()).length,
    get openConnections() {
      return sockets.size;
    },
    stop,
    start: listen,
    close: stop,
  };
}

/** Client arguments: atoms (with `[...]` sections kept whole), quoted strings, literals and lists. */
function tokenize(input: string, literals: Buffer[]): Token[] {
  const queue = [...literals];
  let i = 0;
  const parseList = (closing: string | null): Token[] => {
    const out: Token[] = [];
    for (;;) {
      while (input[i] === ' ') i++;
      const ch = input[i];
      if (ch === undefined) {
        if (closing) throw new Error('unclosed list');
        return out;
      }
      if (ch === closing) {
        i++;
        return out;
      }
      if (ch === '(') {
        i++;
        out.push(parseList(')'));
      } else if (ch === '"') {
        let value = '';
        i++;
        while (input[i] !== '"') {
          if (input[i] === undefined) throw new Error('unclosed string');
          if (input[i] === '\\') i++;
          value += input[i++];
        }
        i++;
        out.push(value);
      } else if (ch === '{') {
        const match = /^\{(\d+)\+?\}/.exec(input.slice(i));
        const literal = queue.shift();
        if (!match || !literal) throw new Error('bad literal');
        i += match[0].length;
        out.push(literal);
      } else {
        let atom = '';
        let depth = 0;
        while (i < input.length) {
          const c = input[i]!;
          if (depth === 0 && (c === ' ' || c === '(' || c === ')' || c === '"')) break;
          if (c === '[') depth++;
          if (c === ']') depth--;
          atom += c;
          i++;
        }
        out.push(atom);
      }
    }
  };
  return parseList(null);
}

/** RFC 3501 sequence set against UIDs; `*` is the highest UID in the mailbox. */
function inSet(uid: number, set: string, maxUid: number): boolean {
  return set.split(',').some((range) => {
    const [a, b = a] = range.split(':').map((p) => (p === '*' ? maxUid : Number(p))) as [number, number?];
    return uid >= Math.min(a, b) && uid <= Math.max(a, b);
  });
}

function headerBlock(raw: Buffer): Buffer {
  const end = raw.indexOf('\r\n\r\n');
  return end < 0 ? raw : raw.subarray(0, end + 4);
}

function headerValues(raw: Buffer, field: string): string[] {
  const unfolded = headerBlock(raw)
    .toString('utf8')
    .replace(/\r\n[ \t]+/g, ' ');
  return unfolded
    .split('\r\n')
    .filter((line) => line.toLowerCase().startsWith(`${field}:`))
    .map((line) => line.slice(field.length + 1).trim());
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/%/g, '[^/]*');
  return new RegExp(`^${escaped}$`, 'i');
}

function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

function formatImapDateTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** `1-Feb-1994` (SEARCH) or `01-Feb-1994 10:00:00 +0700` (APPEND). */
function parseImapDate(value: string): Date {
  const m = /^\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})(?: (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d))?$/.exec(value);
  if (!m) throw new Error(`bad date ${value}`);
  const month = MONTHS.findIndex((name) => name.toLowerCase() === m[2]!.toLowerCase());
  const utc = Date.UTC(
    Number(m[3]),
    month,
    Number(m[1]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
  const offset = m[7] ? (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) * 60_000 : 0;
  return new Date(utc - offset);
}
