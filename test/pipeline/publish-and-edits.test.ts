import { type Job, UnrecoverableError } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTanggapConfig } from '../../config/load-tanggap.ts';
import { syncConfig } from '../../core/config-sync.ts';
import { connectorForChannel } from '../../worker/connectors/for-channel.ts';
import { storeItems } from '../../worker/ingest/store-page.ts';
import { handlePublish } from '../../worker/jobs/publish.ts';
import { type FakeWhatsApp, startFakeWhatsApp } from '../fakes/whatsapp-server.ts';
import { type FakeX, startFakeX } from '../fakes/x-server.ts';
import { systemConfigYaml } from '../support/system.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

const SECRETS = { X_BEARER: 'x-bearer-token-2', WA_TOKEN: 'wa-token-2', WA_SECRET: 's', WA_VERIFY: 'v' };
const PHONE_ID = '100200300';

/** A retried publish finds the reply the platform already took; a platform refusal fails the reply visibly. */
describe('publishing once, refusals on the case, and edited messages', () => {
  let ctx: TestContext;
  let x: FakeX;
  let wa: FakeWhatsApp;
  let config: ReturnType<typeof parseTanggapConfig>;
  let authorId = '';
  const emitted: string[] = [];

  beforeAll(async () => {
    ctx = await createTestContext('publish-edits');
    x = await startFakeX({
      bearerToken: SECRETS.X_BEARER,
      userToken: SECRETS.X_BEARER,
      agency: { id: '5151', username: 'dinas', name: 'Dinas' },
    });
    wa = await startFakeWhatsApp({ accessToken: SECRETS.WA_TOKEN, phoneNumberId: PHONE_ID });
    config = parseTanggapConfig(
      systemConfigYaml('http://127.0.0.1:9', 60, undefined, {
        channels: `  - { id: x-dinas, agency: dinas, platform: x, account: "@dinas", pollIntervalSeconds: 60, apiBaseUrl: "${x.url}", settings: { userId: "5151" }, credentials: { bearerToken: X_BEARER } }
  - { id: wa-dinas, agency: dinas, platform: whatsapp, account: wa, pollIntervalSeconds: 60, apiBaseUrl: "${wa.url}", settings: { phoneNumberId: "${PHONE_ID}" }, credentials: { accessToken: WA_TOKEN, appSecret: WA_SECRET, verifyToken: WA_VERIFY } }`,
      }),
    );
    await syncConfig(ctx.prisma, config);
    authorId = (
      await ctx.prisma.user.create({
        data: { username: 'agen', displayName: 'Agen', passwordHash: 'x', role: 'AGENT', agencyId: 'dinas' },
      })
    ).id;
  });
  afterAll(async () => {
    await x?.close();
    await wa?.close();
    await ctx?.cleanup();
  });

  const deps = () => ({
    prisma: ctx.prisma,
    connectorFor: (id: string) => connectorForChannel(config, id, SECRETS),
    emitCase: async (caseId: string) => {
      emitted.push(caseId);
    },
  });
  const job = (replyId: string, attemptsMade: number) =>
    ({
      data: { replyId },
      attemptsMade,
      opts: { attempts: 8 },
      timestamp: Date.now() - 60_000,
    }) as unknown as Job;

  /** A case on `channelId` whose last inbound message is `externalId`, with an approved reply. */
  async function approvedReply(
    channelId: string,
    threadKey: string,
    externalId: string,
    postedAt: Date,
    text: string,
  ) {
    const kase = await ctx.prisma.case.create({
      data: {
        agencyId: 'dinas',
        channelId,
        threadKey,
        category: 'INFO_REQUEST',
        status: 'APPROVED',
        subject: 'Tanya',
        openedAt: postedAt,
        messages: {
          create: [
            {
              channelId,
              externalId,
              direction: 'INBOUND',
              kind: 'DM',
              threadKey,
              text: 'Tanya',
              raw: {},
              postedAt,
            },
          ],
        },
      },
    });
    return ctx.prisma.reply.create({ data: { caseId: kase.id, authorId, text, status: 'APPROVED' } });
  }

  it('a retry after a crash finds the tweet already posted and does not post it again', async () => {
    const warga = { id: '88', username: 'warga88', name: 'Warga' };
    const tweetId = x.post({ author: warga, text: '@dinas jadwal vaksin kapan?' });
    const reply = await approvedReply(
      'x-dinas',
      `x:${tweetId}`,
      tweetId,
      new Date(),
      'Jadwal vaksin: Senin–Jumat 08.00.',
    );
    // The platform took it, then the worker died before recording it.
    const first = await connectorForChannel(config, 'x-dinas', SECRETS).publishReply({
      replyId: reply.id,
      threadKey: `x:${tweetId}`,
      inReplyToExternalId: tweetId,
      text: reply.text,
    });
    expect(x.created).toHaveLength(1);
    await handlePublish(job(reply.id, 1), deps());
    expect(x.created).toHaveLength(1);
    const stored = await ctx.prisma.reply.findUniqueOrThrow({ where: { id: reply.id } });
    expect(stored).toMatchObject({ status: 'PUBLISHED', externalId: first.externalId });
  });

  it('outside WhatsApp’s 24-hour window the reply fails at once, says why on the case, and nothing is sent', async () => {
    const wamid = 'wamid.inbound-old';
    const postedAt = new Date(Date.now() - 25 * 3_600_000);
    const reply = await approvedReply(
      'wa-dinas',
      `wa:${PHONE_ID}:628111`,
      wamid,
      postedAt,
      'Baik, kami bantu.',
    );
    await expect(handlePublish(job(reply.id, 0), deps())).rejects.toBeInstanceOf(UnrecoverableError);
    expect(wa.requests).toHaveLength(0);
    const stored = await ctx.prisma.reply.findUniqueOrThrow({ where: { id: reply.id } });
    expect(stored.status).toBe('FAILED');
    expect(stored.error).toMatch(/24/);
    const audit = await ctx.prisma.auditEvent.findFirstOrThrow({
      where: { entityId: reply.caseId, action: 'reply.publish_failed' },
    });
    expect(audit.data).toMatchObject({ replyId: reply.id });
    expect(emitted).toContain(reply.caseId);
  });

  it('an edited item updates the stored text and keeps the earlier one; a late older edit changes nothing', async () => {
    const channel = { id: 'x-dinas', platform: 'X' as const };
    const item = {
      externalId: 'edit-1',
      kind: 'COMMENT' as const,
      threadKey: 'x:edit',
      text: 'Jalan rusak di Jl. Melati',
      postedAt: new Date('2026-11-01T01:00:00Z'),
      raw: {},
    };
    const store = (over: Partial<typeof item> & { editedAt?: Date }) =>
      ctx.prisma.$transaction((tx) => storeItems(tx, channel, [{ ...item, ...over }], []));
    expect(await store({})).toHaveLength(1);
    expect(
      await store({
        text: 'Jalan rusak parah di Jl. Melati No. 5',
        editedAt: new Date('2026-11-01T01:05:00Z'),
      }),
    ).toEqual([]);
    expect(
      await store({ text: 'Jalan rusak di Jl. Melati No. 5', editedAt: new Date('2026-11-01T01:03:00Z') }),
    ).toEqual([]);
    const message = await ctx.prisma.message.findUniqueOrThrow({
      where: { channelId_externalId: { channelId: 'x-dinas', externalId: 'edit-1' } },
      include: { revisions: true },
    });
    expect(message.text).toBe('Jalan rusak parah di Jl. Melati No. 5');
    expect(message.editedAt?.toISOString()).toBe('2026-11-01T01:05:00.000Z');
    expect(message.revisions.map((r) => r.text)).toEqual(['Jalan rusak di Jl. Melati']);
  });
});
