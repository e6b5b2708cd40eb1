import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS, notifyJobId } from '../../core/jobs/catalogue.ts';
import { QUEUE, queuePrefix } from '../../core/jobs/queues.ts';
import { createRedis } from '../../core/redis.ts';
import { type FakeSmtp, startFakeSmtp } from '../fakes/smtp-fake.ts';
import { connectSocket, createUser, login, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext, waitUntil } from '../support/test-context.ts';

const TARGET = '{ calendarMinutes: 0.2 }';
const SLA_POLICY = `firstResponse: { INFO_REQUEST: ${TARGET}, COMPLAINT: ${TARGET}, MISINFORMATION: ${TARGET} }
    warnAt: [0.5]`;
const SUPERVISOR_CHAT = 777001;

describe('SLA notifications to supervisors: in-app, e-mail and Telegram', () => {
  let ctx: TestContext;
  let smtp: FakeSmtp;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let clock = new Date();
  let redis: Redis;

  beforeAll(async () => {
    ctx = await createTestContext('sla-notify');
    smtp = await startFakeSmtp();
    system = await startSystem(ctx, {
      slaPolicy: SLA_POLICY,
      now: () => clock,
      configExtra: {
        dinasFields: `notify: { email: [spv@dinas.example.go.id], telegram: [${SUPERVISOR_CHAT}] }`,
        topLevel: `notifications:
  email: { host: 127.0.0.1, port: ${smtp.port}, from: tanggap@prov.example.go.id }
  telegram: { credentials: { token: TEST_TELEGRAM_TOKEN } }`,
      },
    });
    // Notices go to the same fake Bot API the channel uses (one bot for both is a valid setup).
    system.config.notifications!.telegram!.apiBaseUrl = system.telegram.url;
    redis = createRedis(ctx.redisUrl, 'worker');
  });
  afterAll(async () => {
    redis?.disconnect();
    await system?.stop();
    await smtp?.close();
    await ctx?.cleanup();
  });

  it('tells the supervisors of the agency and its parent once per warning and breach, not the agents', async () => {
    await createUser(ctx, 'spv-prov', 'SUPERVISOR', 'prov');
    await createUser(ctx, 'agent-dinas', 'AGENT', 'dinas');
    const supervisor = await connectSocket(
      system.dashboard.url,
      await login(system.dashboard.url, 'spv-prov'),
    );
    const agent = await connectSocket(system.dashboard.url, await login(system.dashboard.url, 'agent-dinas'));
    try {
      const postedSec = Math.floor(Date.now() / 1000) - 60;
      clock = new Date(postedSec * 1000 + 5_700);
      system.telegram.pushMessage({
        from: { id: 5501, firstName: 'Sari' },
        text: 'Lapor, lampu jalan di Jl. Pemuda mati sudah seminggu, mohon segera diperbaiki.',
        date: postedSec,
      });
      const kase = await waitUntil(
        () => ctx.prisma.case.findFirst({ where: { threadKey: { contains: '5501' } }, select: { id: true } }),
        { what: 'the case' },
      );
      const delivered = () =>
        ctx.prisma.notificationDelivery.count({
          where: { notification: { caseId: kase.id }, sentAt: { not: null } },
        });
      await waitUntil(async () => (await delivered()) === 4, {
        what: 'warning and breach delivered by e-mail and Telegram',
        timeoutMs: 20_000,
      });

      const notices = await ctx.prisma.notification.findMany({
        where: { caseId: kase.id },
        orderBy: { createdAt: 'asc' },
      });
      expect(notices.map((n) => n.kind)).toEqual(['sla.warning', 'sla.breached']);
      expect(notices[0]!.title).toBe('Peringatan SLA: 50% waktu respons pertama terpakai');
      expect(notices[1]!.title).toBe('Batas waktu respons pertama terlewati');
      expect(notices[1]!.body).toMatch(/WIB\.$/);

      const mails = smtp.received.filter((m) => m.raw.toString('utf8').includes(notices[1]!.id));
      expect(mails).toHaveLength(1);
      expect(mails[0]!.to).toEqual(['spv@dinas.example.go.id']);
      expect(mails[0]!.raw.toString('utf8')).toContain(
        'Subject: [Tanggap] Batas waktu respons pertama terlewati',
      );
      const telegrams = system.telegram.sent.filter((m) => m.chatId === SUPERVISOR_CHAT);
      expect(telegrams.map((m) => m.text.split('\n')[0])).toEqual([
        'Peringatan SLA: 50% waktu respons pertama terpakai',
        'Batas waktu respons pertama terlewati',
      ]);

      // The PPID Utama's supervisor saw both live; the office's agent got none.
      await waitUntil(async () => supervisor.notifications.length >= 2, { what: 'live notifications' });
      expect(new Set(supervisor.notifications.map((n) => n.id))).toEqual(new Set(notices.map((n) => n.id)));
      expect(agent.notifications).toEqual([]);

      // A retried notify job finds every delivery sent and sends nothing again.
      const notifyQueue = new Queue(QUEUE.notify, {
        connection: redis,
        prefix: queuePrefix(ctx.redisPrefix),
      });
      try {
        const retry = await notifyQueue.add(
          'notify',
          { notificationId: notices[1]!.id },
          { ...JOBS.notify.options, jobId: `${notifyJobId(notices[1]!.id)}-retry` },
        );
        await waitUntil(async () => (await retry.getState()) === 'completed', { what: 'the retried job' });
        expect((await notifyQueue.getJob(retry.id!))?.returnvalue).toEqual({ sent: 0 });
      } finally {
        await notifyQueue.close();
      }
      expect(smtp.received.filter((m) => m.raw.toString('utf8').includes(notices[1]!.id))).toHaveLength(1);
      expect(system.telegram.sent.filter((m) => m.chatId === SUPERVISOR_CHAT)).toHaveLength(2);
    } finally {
      supervisor.socket.close();
      agent.socket.close();
    }
  });
});
