import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Meta (Facebook, Instagram, WhatsApp) webhook checks, pure so every webhook route shares them.
 * Meta signs the exact bytes it sent with the app secret: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256>`.
 * The route must hand us the RAW body: a re-serialised JSON object differs in spacing and in how Meta
 * escapes non-ASCII (`\u00e9`, `\/`), and the signature would never match.
 */
export const META_SIGNATURE_HEADER = 'x-hub-signature-256';

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/** True only for a well-formed header whose HMAC matches; never throws. */
export function verifyMetaSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  // An empty secret would make the signature forgeable by anyone; treat it as "cannot verify".
  if (!appSecret || typeof header !== 'string') return false;
  const match = SIGNATURE.exec(header.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  // Both are 32 bytes here (the regex fixes the length), which timingSafeEqual requires.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The header value Meta would send for this body: for fakes and tests. */
export function signMetaPayload(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

export type HandshakeAnswer = { status: 200; body: string } | { status: 403; body: string };

// Meta sends a numeric challenge; anything else is refused rather than echoed, so the route can never be
// used to reflect arbitrary content back to a browser.
const ZHandshakeQuery = z.object({
  'hub.mode': z.literal('subscribe'),
  'hub.verify_token': z.string().min(1),
  'hub.challenge': z.string().regex(/^[\w.-]{1,256}$/),
});

/**
 * Answers Meta's subscription check (`GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`):
 * 200 with the challenge as a plain-text body when the token matches, 403 otherwise. Accepts a parsed
 * query object (Express, first value of repeated keys) or URLSearchParams.
 */
export function answerVerificationHandshake(
  query: URLSearchParams | Readonly<Record<string, unknown>>,
  verifyToken: string,
): HandshakeAnswer {
  const flat =
    query instanceof URLSearchParams
      ? Object.fromEntries(query)
      : Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = ZHandshakeQuery.safeParse(flat);
  if (!parsed.success) return { status: 403, body: 'Forbidden: not a valid hub.mode=subscribe request' };
  if (!verifyToken || !sameSecret(parsed.data['hub.verify_token'], verifyToken)) {
    return { status: 403, body: 'Forbidden: verify token does not match' };
  }
  return { status: 200, body: parsed.data['hub.challenge'] };
}

/** Constant-time string comparison that does not leak the length either (both sides hashed first). */
function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}
