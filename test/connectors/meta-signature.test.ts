import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerVerificationHandshake,
  META_SIGNATURE_HEADER,
  signMetaPayload,
  verifyMetaSignature,
} from '../../core/webhooks/meta-signature.ts';
import { postSignedWebhook, textMessageWebhook } from '../fakes/whatsapp-server.ts';

const SECRET = 'app-secret-3f9a1c';
const VERIFY_TOKEN = 'tanggap-verify-7d2e';

function hmacHex(body: Buffer | string, secret = SECRET): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

describe('verifyMetaSignature', () => {
  // Meta escapes non-ASCII and slashes; the signature covers exactly these bytes.
  const raw = Buffer.from(
    '{"object":"whatsapp_business_account","text":"Jalan rusak di Cibubur \\u00e9 \\/"}',
  );

  it('accepts the HMAC-SHA256 of the raw body, in lower or upper case hex', () => {
    expect(verifyMetaSignature(raw, `sha256=${hmacHex(raw)}`, SECRET)).toBe(true);
    expect(verifyMetaSignature(raw, `sha256=${hmacHex(raw).toUpperCase()}`, SECRET)).toBe(true);
    expect(signMetaPayload(raw, SECRET)).toBe(`sha256=${hmacHex(raw)}`);
  });

  it('rejects a re-serialised body: the route must keep the raw bytes', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString())));
    expect(reserialised.equals(raw)).toBe(false);
    expect(verifyMetaSignature(reserialised, `sha256=${hmacHex(raw)}`, SECRET)).toBe(false);
  });

  it('rejects a wrong secret, a tampered body and missing or malformed headers', () => {
    const good = hmacHex(raw);
    expect(verifyMetaSignature(raw, `sha256=${hmacHex(raw, 'other-secret')}`, SECRET)).toBe(false);
    expect(verifyMetaSignature(Buffer.from(`${raw} `), `sha256=${good}`, SECRET)).toBe(false);
    for (const header of [
      undefined,
      '',
      good,
      `sha1=${createHmac('sha1', SECRET).update(raw).digest('hex')}`,
      `sha256=${good.slice(0, 63)}`,
      `sha256=${good}00`,
      `sha256=${good.slice(0, 62)}zz`,
      `sha256=${good},sha256=${good}`,
    ]) {
      expect(verifyMetaSignature(raw, header, SECRET), String(header)).toBe(false);
    }
    // Without a secret nothing can be verified, not even a signature made with the empty key.
    expect(verifyMetaSignature(raw, `sha256=${hmacHex(raw, '')}`, '')).toBe(false);
  });

  it('property: signing then verifying holds, and any flipped byte breaks it', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.nat(),
        (bytes, secret, at) => {
          const body = Buffer.from(bytes);
          const header = signMetaPayload(body, secret);
          expect(verifyMetaSignature(body, header, secret)).toBe(true);
          const tampered = Buffer.from(body);
          const i = at % tampered.length;
          tampered[i] = tampered[i]! ^ 0x01;
          expect(verifyMetaSignature(tampered, header, secret)).toBe(false);
        },
      ),
    );
  });
});

describe('answerVerificationHandshake', () => {
  const query = (overrides: Record<string, string | undefined> = {}) => ({
    'hub.mode': 'subscribe',
    'hub.verify_token': VERIFY_TOKEN,
    'hub.challenge': '1158201444',
    ...overrides,
  });

  it('answers the challenge when the token matches', () => {
    expect(answerVerificationHandshake(query(), VERIFY_TOKEN)).toEqual({ status: 200, body: '1158201444' });
    expect(answerVerificationHandshake(new URLSearchParams(query()), VERIFY_TOKEN)).toEqual({
      status: 200,
      body: '1158201444',
    });
    // Repeated keys (Express gives an array): the first value counts.
    expect(answerVerificationHandshake({ ...query(), 'hub.challenge': ['42', '43'] }, VERIFY_TOKEN)).toEqual({
      status: 200,
      body: '42',
    });
  });

  it('refuses a wrong token, another mode, a missing or unsafe challenge, and an empty configured token', () => {
    const refusals = [
      answerVerificationHandshake(query({ 'hub.verify_token': 'tebakan' }), VERIFY_TOKEN),
      answerVerificationHandshake(query({ 'hub.verify_token': `${VERIFY_TOKEN}x` }), VERIFY_TOKEN),
      answerVerificationHandshake(query({ 'hub.mode': 'unsubscribe' }), VERIFY_TOKEN),
      answerVerificationHandshake(query({ 'hub.challenge': undefined }), VERIFY_TOKEN),
      answerVerificationHandshake(query({ 'hub.challenge': '<script>alert(1)</script>' }), VERIFY_TOKEN),
      answerVerificationHandshake(query({ 'hub.verify_token': '' }), ''),
      answerVerificationHandshake({}, VERIFY_TOKEN),
    ];
    for (const answer of refusals) {
      expect(answer.status).toBe(403);
      expect(answer.body).not.toContain(VERIFY_TOKEN);
      expect(answer.body).not.toContain('script');
    }
  });
});

describe('a webhook route built on both checks, driven by the fake signer', () => {
  let server: Server;
  let url: string;
  const accepted: unknown[] = [];

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      const reqUrl = new URL(req.url ?? '/', 'http://route');
      const signature = req.headers[META_SIGNATURE_HEADER] as string | undefined;
      let answer: { status: number; body: string };
      if (req.method === 'GET') answer = answerVerificationHandshake(reqUrl.searchParams, VERIFY_TOKEN);
      else if (verifyMetaSignature(raw, signature, SECRET)) {
        accepted.push(JSON.parse(raw.toString()));
        answer = { status: 200, body: 'EVENT_RECEIVED' };
      } else answer = { status: 403, body: 'bad signature' };
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whatsapp`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('accepts what the fake signs with the right secret and refuses the rest', async () => {
    const payload = textMessageWebhook({
      phoneNumberId: '106540352242922',
      from: '6281234567890',
      text: 'Halo',
    });
    expect(await postSignedWebhook(url, payload, SECRET)).toEqual({ status: 200, body: 'EVENT_RECEIVED' });
    expect((await postSignedWebhook(url, payload, 'wrong-secret')).status).toBe(403);
    expect((await postSignedWebhook(url, payload, SECRET, { signature: null })).status).toBe(403);
    expect(accepted).toEqual([payload]);

    const get = await request(
      `${url}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=998877`,
    );
    expect([get.statusCode, await get.body.text()]).toEqual([200, '998877']);
    const wrong = await request(`${url}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=998877`);
    expect(wrong.statusCode).toBe(403);
    await wrong.body.dump();
  });
});
