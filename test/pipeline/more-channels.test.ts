import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE, queuePrefix } from '../../core/jobs/queues.ts';
import { createRedis } from '../../core/redis.ts';
import { type FakeImap, startFakeImap } from '../fakes/imap-server.ts';
import {
  type FakeWhatsApp,
  postSignedWebhook,
  startFakeWhatsApp,
  textMessageWebhook,
  webhookEnvelope,
} from '../fakes/whatsapp-server.ts';
import { type FakeX, startFakeX } from '../fakes/x-server.ts';
import { apiAs } from '../support/api-client.ts';
import { createUser, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext, waitUntil } from '../support/test-context.ts';

/**
 * Channels other than Telegram through the whole worker: an X channel polled on its own queue (cases open,
 * the platform's rate-limit window is kept for channel health, a 401 stops the channel), and a WhatsApp
 * channel fed by signed webhooks through the dashboard (bad signature refused, retries stored once,
 * delivery receipts merged whatever their order).
 */
const X_BEARER = 'x-bearer-test-token';
const WA_TOKEN = 'wa-access-test-token';
const WA_SECRET = 'wa-app-secret-test';
const WA_VERIFY = 'wa-verify-token-test';
const PHONE_ID = '109876543210';
const MAIL_USER = 'ppid@dinas.example.go.id';
const MAIL_PASSWORD = 'imap-password-test';

describe('X polling and WhatsApp webhooks through the worker', () => {
  let ctx: TestContext;
  let x: FakeX;
  let wa: FakeWhatsApp;
  let imap: FakeImap;
  let system: Awaited<ReturnType<typeof startSystem>>;

  beforeAll(async () => {
    ctx = await createTestContext('more-channels');
    x = await startFakeX({
      bearerToken: X_BEARER,
      userToken: X_BEARER,
      agency: { id: '4242', username: 'dinascontoh', name: 'Dinas Contoh' },
    });
    wa = await startFakeWhatsApp({ accessToken: WA_TOKEN, phoneNumberId: PHONE_ID });
    imap = await startFakeImap({ user: MAIL_USER, password: MAIL_PASSWORD });
    system = await startSystem(ctx, {
      configExtra: {
        channels: `  - id: x-dinas
    agency: dinas
    platform: x
    account: "@dinascontoh"
    pollIntervalSeconds: 5
    apiBaseUrl: ${x.url}
    settings: { userId: "4242" }
    credentials: { bearerToken: X_BEARER }
  - id: wa-dinas
    agency: dinas
    platform: whatsapp
    account: "+62 811 0000 000"
    pollIntervalSeconds: 60
    apiBaseUrl: ${wa.url}
    settings: { phoneNumberId: "${PHONE_ID}" }
    credentials: { accessToken: WA_TOKEN, appSecret: WA_SECRET, verifyToken: WA_VERIFY }
  - id: mail-dinas
    agency: dinas
    platform: email
    account: ppid@dinas.example.go.id
    pollIntervalSeconds: 5
    settings:
      imap: { host: 127.0.0.1, port: ${imap.port}, secure: false }
      smtp: { host: 127.0.0.1, port: 9, secure: false }
      fromAddress: ppid@dinas.example.go.id
    credentials: { imapUser: MAIL_USER, imapPassword: MAIL_PASSWORD, smtpUser: MAIL_USER, smtpPassword: MAIL_PASSWORD }`,
      },
      extraSecrets: { X_BEARER, WA_TOKEN, WA_SECRET, WA_VERIFY, MAIL_USER, MAIL_PASSWORD },
    });
  });
  /** Waits until every queued webhook delivery has been processed. */
  async function webhookQueueDrained() {
    const redis = createRedis(ctx.redisUrl, 'client');
    const queue = new Queue(QUEUE.webhook, { connection: redis, prefix: queuePrefix(ctx.redisPrefix) });
    try {
      await waitUntil(
        async () => {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
          return Object.values(counts).every((n) => n === 0);
        },
        { what: 'the webhook queue to drain' },
      );
    } finally {
      await queue.close();
      redis.disconnect();
    }
  }

  afterAll(async () => {
    await system?.stop();
    await x?.close();
    await wa?.close();
    await imap?.close();
    await ctx?.cleanup();
  });

  it('polls X mentions into cases and keeps the rate-limit window, then stops on a 401', async () => {
    const warga = { id: '777', username: 'warga_777', name: 'Warga Tujuh' };
    x.setRateLimit('mentions', { limit: 450, remaining: 300 });
    x.post({
      author: warga,
      text: '@dinascontoh jalan di depan SD 3 berlubang besar, bahaya buat anak-anak. Tolong diperbaiki',
    });
    const kase = await waitUntil(
      () =>
        ctx.prisma.case.findFirst({ where: { channelId: 'x-dinas' }, select: { id: true, category: true } }),
      { what: 'a case from X', timeoutMs: 20_000 },
    );
    expect(kase.category).toBe('COMPLAINT');
    const channel = await ctx.prisma.channel.findUniqueOrThrow({ where: { id: 'x-dinas' } });
    expect(channel.lastSuccessAt).not.toBeNull();
    expect(channel.rateLimit).toMatchObject({ limit: 450 });

    x.expireTokens();
    x.failNext({
      status: 401,
      body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
    });
    const failed = await waitUntil(
      async () => {
        const c = await ctx.prisma.channel.findUniqueOrThrow({ where: { id: 'x-dinas' } });
        return c.status === 'AUTH_FAILED' ? c : null;
      },
      { what: 'the channel to stop', timeoutMs: 20_000 },
    );
    expect(failed.lastError).toContain('Unauthorized');
    expect(failed.lastError).not.toContain(X_BEARER);
  });

  it('reads e-mail over IMAP into a case threaded by Message-ID', async () => {
    imap.addMessage(
      [
        'From: Budi Santoso <budi@mail.example>',
        'To: PPID Dinas <ppid@dinas.example.go.id>',
        'Subject: Permohonan salinan dokumen RKA 2026',
        'Message-ID: <permohonan-1@mail.example>',
        'Date: Mon, 23 Nov 2026 09:00:00 +0700',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Dengan hormat, sesuai UU 14/2008 saya memohon salinan dokumen RKA Dinas tahun 2026. Terima kasih.',
        '',
      ].join('\r\n'),
    );
    const kase = await waitUntil(
      () =>
        ctx.prisma.case.findFirst({
          where: { channelId: 'mail-dinas' },
          select: { category: true, threadKey: true },
        }),
      { what: 'a case from e-mail', timeoutMs: 20_000 },
    );
    expect(kase).toEqual({ category: 'INFO_REQUEST', threadKey: 'mail:<permohonan-1@mail.example>' });
    const health = await ctx.prisma.channel.findUniqueOrThrow({ where: { id: 'mail-dinas' } });
    expect(JSON.parse(health.cursor!)).toMatchObject({ lastUid: 1 });
  });

  it('answers the handshake and refuses a bad signature without storing anything', async () => {
    const base = `${system.dashboard.url}/webhooks/meta/wa-dinas`;
    const ok = await fetch(
      `${base}?hub.mode=subscribe&hub.verify_token=${WA_VERIFY}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(`${base}?hub.mode=subscribe&hub.verify_token=salah&hub.challenge=1`);
    expect(wrong.status).toBe(403);

    const payload = textMessageWebhook({
      phoneNumberId: PHONE_ID,
      from: '6281234500001',
      text: 'Halo, syarat bikin KIA apa saja?',
    });
    const forged = await postSignedWebhook(base, payload, 'not-the-secret');
    expect(forged.status).toBe(401);
    const unsigned = await postSignedWebhook(base, payload, WA_SECRET, { signature: null });
    expect(unsigned.status).toBe(401);
    expect(await ctx.prisma.message.count({ where: { channelId: 'wa-dinas' } })).toBe(0);
    expect(
      (await fetch(`${system.dashboard.url}/webhooks/meta/tg-dinas`, { method: 'POST', body: '{}' })).status,
    ).toBe(404);
  });

  it('stores a WhatsApp message once despite Meta retrying the delivery, and merges receipts', async () => {
    const base = `${system.dashboard.url}/webhooks/meta/wa-dinas`;
    const payload = textMessageWebhook({
      phoneNumberId: PHONE_ID,
      from: '6281234500002',
      name: 'Bu Rina',
      text: 'Selamat pagi, mohon info syarat pembuatan akta kelahiran untuk anak kedua',
    });
    for (let i = 0; i < 3; i++) expect((await postSignedWebhook(base, payload, WA_SECRET)).status).toBe(200);
    const kase = await waitUntil(
      () =>
        ctx.prisma.case.findFirst({
          where: { channelId: 'wa-dinas' },
          select: { id: true, category: true, threadKey: true },
        }),
      { what: 'a case from WhatsApp', timeoutMs: 20_000 },
    );
    expect(kase.category).toBe('INFO_REQUEST');
    expect(kase.threadKey).toBe(`wa:${PHONE_ID}:6281234500002`);
    // The same message in a differently formatted body hashes differently, so it passes the queue's job-id
    // dedupe as a new delivery; the store's unique key (channel, wamid) still keeps one message.
    const reformatted = JSON.stringify(payload, null, 2);
    expect((await postSignedWebhook(base, reformatted, WA_SECRET)).status).toBe(200);
    await webhookQueueDrained();
    expect(await ctx.prisma.message.count({ where: { channelId: 'wa-dinas' } })).toBe(1);

    // An outbound reply's receipts arriving read → sent → delivered end as read.
    const wamid = 'wamid.outbound-test-1';
    await ctx.prisma.message.create({
      data: {
        channelId: 'wa-dinas',
        externalId: wamid,
        direction: 'OUTBOUND',
        kind: 'DM',
        threadKey: kase.threadKey,
        text: 'Syaratnya: surat keterangan lahir, KK, KTP orang tua.',
        raw: {},
        postedAt: new Date(),
        caseId: kase.id,
      },
    });
    const receipt = (status: string, at: number) =>
      webhookEnvelope(PHONE_ID, {
        statuses: [{ id: wamid, status, timestamp: String(at), recipient_id: '6281234500002' }],
      });
    const t = Math.floor(Date.now() / 1000);
    for (const [status, at] of [
      ['read', t + 20],
      ['sent', t],
      ['delivered', t + 10],
    ] as const) {
      expect((await postSignedWebhook(base, receipt(status, at), WA_SECRET)).status).toBe(200);
    }
    const jobsDone = async () => {
      const m = await ctx.prisma.message.findUniqueOrThrow({
        where: { channelId_externalId: { channelId: 'wa-dinas', externalId: wamid } },
      });
      return m.deliveryStatus === 'read' ? m : null;
    };
    const delivered = await waitUntil(jobsDone, { what: 'the receipts', timeoutMs: 10_000 });
    expect(delivered.deliveryStatusAt?.getTime()).toBe((t + 20) * 1000);
  });

  it('shows channel health and lets an admin retry or dismiss what could not be processed', async () => {
    await createUser(ctx, 'admin-kanal', 'ADMIN', 'prov');
    const admin = await apiAs(system.dashboard.url, 'admin-kanal');
    const health = await admin.get('/api/channels');
    expect(health.status).toBe(200);
    const byId = new Map(health.body.channels.map((c: { id: string }) => [c.id, c]));
    expect(byId.get('x-dinas')).toMatchObject({ status: 'AUTH_FAILED', rateLimit: { limit: 450 } });
    expect((byId.get('x-dinas') as { itemsLastHour: number }).itemsLastHour).toBeGreaterThanOrEqual(1);
    expect((byId.get('tg-dinas') as { nextPollAt: string | null }).nextPollAt).not.toBeNull();
    expect(JSON.stringify(health.body)).not.toContain(X_BEARER);

    // A signed body that is not JSON is kept as a failure; retry replays it (it fails again and reopens).
    const base = `${system.dashboard.url}/webhooks/meta/wa-dinas`;
    expect(
      (await postSignedWebhook(base, '{"object": "whatsapp_business_account", ', WA_SECRET)).status,
    ).toBe(200);
    const failure = await waitUntil(
      () =>
        ctx.prisma.processingFailure.findFirst({
          where: { channelId: 'wa-dinas', dedupeKey: { startsWith: 'webhook:' } },
        }),
      { what: 'the kept webhook body' },
    );
    const listed = await admin.get('/api/failures');
    expect(listed.body.failures.find((f: { id: string }) => f.id === failure.id)).toMatchObject({
      retryable: true,
    });
    const retried = await admin.post(`/api/failures/${failure.id}/retry`);
    expect(retried).toMatchObject({ status: 200, body: { retried: 'webhook' } });
    await waitUntil(
      async () =>
        (await ctx.prisma.processingFailure.findUniqueOrThrow({ where: { id: failure.id } })).resolvedAt ===
        null,
      { what: 'the replayed body to fail again and reopen' },
    );
    expect((await admin.post(`/api/failures/${failure.id}/dismiss`)).status).toBe(200);
    expect(
      (await ctx.prisma.processingFailure.findUniqueOrThrow({ where: { id: failure.id } })).resolvedAt,
    ).not.toBeNull();
    expect(await ctx.prisma.auditEvent.count({ where: { entityId: failure.id } })).toBe(2);

    // An item failure cannot be replayed: the cursor has moved past it.
    const item = await ctx.prisma.processingFailure.create({
      data: { channelId: 'x-dinas', dedupeKey: 'tweet-1', reason: 'created_at: missing', raw: '{}' },
    });
    expect((await admin.post(`/api/failures/${item.id}/retry`)).status).toBe(409);
    // Not an admin: refused.
    await createUser(ctx, 'spv-kanal', 'SUPERVISOR', 'prov');
    expect(
      (await (await apiAs(system.dashboard.url, 'spv-kanal')).post(`/api/failures/${item.id}/dismiss`))
        .status,
    ).toBe(403);
  });
});
