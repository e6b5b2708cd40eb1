import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { createUser, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { ensureWebBuild, screenshot, signedInPage } from './dashboard-page.ts';

const POST_URL = 'https://www.facebook.com/DinasContoh/posts/1234567890';
const WINDOW_ERROR =
  'WhatsApp menolak pesan: di luar jendela 24 jam sejak pesan terakhir warga (131047). Gunakan templat.';

/** The case view shows where a message lives, its edits and receipts, why a publish failed, and recategorises. */
describe('case view in Chromium: platform link, edits, receipts, failed publish, recategorise, history', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let browser: Browser;
  let caseId: string;
  let inboundId: string;

  beforeAll(async () => {
    ensureWebBuild();
    ctx = await createTestContext('case-view');
    system = await startSystem(ctx, { worker: false });
    const agent = await createUser(ctx, 'agen', 'AGENT', 'dinas');
    const opened = new Date(Date.now() - 3_600_000);
    const kase = await ctx.prisma.case.create({
      data: {
        agencyId: 'dinas',
        channelId: 'tg-dinas',
        threadKey: 'fb:1',
        openKey: 'tg-dinas:fb:1',
        category: 'INFO_REQUEST',
        status: 'IN_PROGRESS',
        assigneeId: agent.id,
        subject: 'Jalan di depan pasar berlubang',
        openedAt: opened,
      },
    });
    caseId = kase.id;
    const contact = await ctx.prisma.contact.create({
      data: { platform: 'FACEBOOK', externalId: 'u-77', displayName: 'Sari' },
    });
    const inbound = await ctx.prisma.message.create({
      data: {
        channelId: 'tg-dinas',
        externalId: 'c-1',
        direction: 'INBOUND',
        kind: 'COMMENT',
        threadKey: 'fb:1',
        contactId: contact.id,
        caseId,
        text: 'Jalan di depan pasar berlubang besar, tolong diperbaiki',
        url: POST_URL,
        raw: {},
        postedAt: opened,
        editedAt: new Date(opened.getTime() + 60_000),
        classification: {
          create: {
            category: 'INFO_REQUEST',
            confidence: 0.61,
            reasons: ['kata "tolong"'],
            modelVersion: 'rules-1',
          },
        },
      },
    });
    inboundId = inbound.id;
    await ctx.prisma.messageRevision.create({
      data: { messageId: inbound.id, text: 'Jalan di depan pasar berlubang', replacedAt: inbound.editedAt! },
    });
    await ctx.prisma.message.create({
      data: {
        channelId: 'tg-dinas',
        externalId: 'wamid.1',
        direction: 'OUTBOUND',
        kind: 'DM',
        threadKey: 'fb:1',
        caseId,
        text: 'Terima kasih, laporan Anda kami teruskan.',
        raw: {},
        postedAt: new Date(opened.getTime() + 120_000),
        deliveryStatus: 'read',
        deliveryStatusAt: new Date(opened.getTime() + 180_000),
      },
    });
    const reply = await ctx.prisma.reply.create({
      data: {
        caseId,
        authorId: agent.id,
        text: 'Tim kami menuju lokasi.',
        status: 'FAILED',
        error: WINDOW_ERROR,
      },
    });
    for (const [action, data] of [
      ['case.claim', { after: { status: 'IN_PROGRESS' } }],
      ['reply.publish_failed', { replyId: reply.id, error: WINDOW_ERROR }],
      ['sla.warning', {}],
      ['ppid.request_registered', {}],
    ] as const) {
      await ctx.prisma.auditEvent.create({
        data: { agencyId: 'dinas', actorId: agent.id, action, entityType: 'Case', entityId: caseId, data },
      });
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await ctx?.cleanup();
  });

  it('shows the platform link, the edit with its earlier text, the receipt and why publishing failed', async () => {
    const page = await signedInPage(browser, system.dashboard.url, 'agen');
    await page.goto(`${system.dashboard.url}/kasus/${caseId}`);
    const inbound = page.locator(`[data-message-id="${inboundId}"]`);
    await inbound.waitFor();
    const link = inbound.locator('a.platform-link');
    await expect(link.getAttribute('href')).resolves.toBe(POST_URL);
    await expect(link.getAttribute('rel')).resolves.toContain('noopener');
    await expect(inbound.locator('.badge.edited').textContent()).resolves.toBe('diedit');
    await inbound.locator('.revisions summary').click();
    await expect(inbound.locator('.revision-text').textContent()).resolves.toBe(
      'Jalan di depan pasar berlubang',
    );
    await expect(page.locator('.msg-outbound .delivery').textContent()).resolves.toBe('dibaca');

    await expect(page.locator('.publish-failed-banner').textContent()).resolves.toContain(WINDOW_ERROR);
    const failed = page.locator('[data-reply-status="FAILED"]');
    await expect(failed.locator('.badge').textContent()).resolves.toBe('Gagal terbit');
    await expect(failed.locator('.publish-error').textContent()).resolves.toBe(
      `Gagal terbit: ${WINDOW_ERROR}`,
    );

    const history = page.locator('.history');
    await expect(history.locator('[data-action="case.claim"]').textContent()).resolves.toContain(
      'Diambil untuk ditangani → Dikerjakan',
    );
    await expect(history.locator('[data-action="reply.publish_failed"]').textContent()).resolves.toContain(
      `Balasan gagal terbit ${WINDOW_ERROR}`,
    );
    await expect(history.locator('[data-action="sla.warning"]').textContent()).resolves.toContain(
      'Peringatan SLA',
    );
    await expect(history.locator('[data-action="ppid.request_registered"]').textContent()).resolves.toContain(
      'Permohonan informasi didaftarkan',
    );
    await screenshot(page, 'kasus-tautan-gagal-terbit');
    await page.context().close();
  });

  it('"Ubah kategori" changes the case, records a training example and says so', async () => {
    const page = await signedInPage(browser, system.dashboard.url, 'agen');
    await page.goto(`${system.dashboard.url}/kasus/${caseId}`);
    const form = page.locator('.recategorise');
    await form.waitFor();
    await expect(form.locator('.hint').textContent()).resolves.toContain('contoh pelatihan');
    await form.locator('select[name=category]').selectOption('COMPLAINT');
    await form.locator('select[name=secondary]').selectOption('INFO_REQUEST');
    await form.locator('button[name=recategorise]').click();
    await form.locator('.notice').waitFor();
    await page.locator('.case-head .cat', { hasText: 'Pengaduan' }).waitFor();
    const kase = await ctx.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(kase.category).toBe('COMPLAINT');
    const example = await ctx.prisma.trainingExample.findUniqueOrThrow({ where: { messageId: inboundId } });
    expect([example.label, example.secondary]).toEqual(['COMPLAINT', 'INFO_REQUEST']);
    await expect(
      page.locator('.history [data-action="case.recategorised"]').textContent(),
    ).resolves.toContain('Kategori diubah Permintaan informasi → Pengaduan');
    await screenshot(page, 'kasus-ubah-kategori');
    await page.context().close();
  });
});
