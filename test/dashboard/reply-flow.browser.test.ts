import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDefaultTemplates } from '../../core/replies/default-templates.ts';
import { apiAs } from '../support/api-client.ts';
import { launchChromium } from '../support/browser.ts';
import { createUser, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext, waitUntil } from '../support/test-context.ts';
import { ensureWebBuild, screenshot, signedInPage } from './dashboard-page.ts';

/**
 * The whole loop, live in two browser contexts: a citizen writes, the agent drafts from a template and submits,
 * the validator approves with one keystroke, the worker publishes, and the agent's open case turns answered.
 */
describe('dashboard in Chromium: agent drafts, validator approves, reply published live', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuild();
    ctx = await createTestContext('browser-flow');
    system = await startSystem(ctx);
    await seedDefaultTemplates(ctx.prisma);
    await createUser(ctx, 'agen', 'AGENT', 'dinas');
    await createUser(ctx, 'validator', 'VALIDATOR', 'dinas');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await ctx?.cleanup();
  });

  it('goes from the queue to a published reply without a reload', async () => {
    const agent = await signedInPage(browser, system.dashboard.url, 'agen');
    const question = 'Selamat pagi, apa saja syarat membuat KTP elektronik untuk pemula? Terima kasih.';
    system.telegram.pushMessage({ from: { id: 7001, firstName: 'Siti' }, text: question });
    const row = agent.locator('#cases tr').first();
    await row.waitFor({ timeout: 30_000 });
    const caseId = (await row.getAttribute('data-case-id'))!;

    // Keyboard triage: j selects the first row, a assigns it to me (triage + claim), e opens it.
    await agent.keyboard.press('j');
    await expect(row.getAttribute('aria-selected')).resolves.toBe('true');
    await agent.keyboard.press('a');
    await agent.locator('.notice', { hasText: 'Kasus diambil' }).waitFor();
    await agent.keyboard.press('e');
    await agent.waitForURL(new RegExp(`/kasus/${caseId}$`));
    await agent.locator('article.case[data-status="IN_PROGRESS"]').waitFor();
    await expect(agent.locator('.thread .msg-text').first().textContent()).resolves.toBe(question);

    await agent.selectOption('select[name=template]', 'terima-kasih-diproses');
    await agent.click('button[name=use-template]');
    const textarea = agent.locator('textarea[name=reply]');
    await expect.poll(() => textarea.inputValue()).toContain('Siti');
    await textarea.fill(`${await textarea.inputValue()} Syarat: fotokopi KK.`);
    await agent.click('button[name=submit-reply]');
    await agent.locator('article.case[data-status="AWAITING_VALIDATION"]').waitFor();
    const draftText = (await ctx.prisma.reply.findFirstOrThrow({ where: { caseId } })).text;
    expect(draftText).toContain('Syarat: fotokopi KK.');
    await screenshot(agent, 'kasus');

    // The validator sees the draft beside the citizen's message and approves with one key.
    const validator = await signedInPage(browser, system.dashboard.url, 'validator');
    await validator.click('nav >> text=Validasi');
    const card = validator.locator(`.review-card[data-case-id="${caseId}"]`);
    await card.waitFor();
    await expect(card.locator('.draft-text').textContent()).resolves.toBe(draftText);
    await expect(card.locator('.msg-inbound .msg-text').textContent()).resolves.toBe(question);
    await screenshot(validator, 'validasi');
    await validator.keyboard.press('s');
    await validator.locator('.notice', { hasText: 'Disetujui' }).waitFor();
    await expect(card.count()).resolves.toBe(0);

    // Published by the worker through the fake platform; the agent's open case follows live.
    await agent.locator('article.case[data-status="ANSWERED"]').waitFor({ timeout: 30_000 });
    await agent.locator('.reply[data-reply-status="PUBLISHED"]').waitFor();
    await expect(agent.locator('.thread .msg-outbound .msg-text').textContent()).resolves.toBe(draftText);
    expect(system.telegram.sent.map((m) => m.text)).toEqual([draftText]);
    await expect(agent.locator('.case-status').textContent()).resolves.toContain('Terjawab');
    await screenshot(agent, 'kasus-terjawab');

    // Back in the queue (client-side navigation), the row shows the new status too.
    await agent.click('nav >> text=Antrian');
    await expect(agent.locator(`#cases tr[data-case-id="${caseId}"] .status`).textContent()).resolves.toBe(
      'Terjawab',
    );
    await agent.context().close();
    await validator.context().close();
  });

  it('rejecting needs a comment and sends the reply back to its drafter', async () => {
    const agentApi = await apiAs(system.dashboard.url, 'agen');
    system.telegram.pushMessage({
      from: { id: 7002, firstName: 'Budi' },
      text: 'Kapan jadwal posyandu di RW 05 bulan ini?',
    });
    const validator = await signedInPage(browser, system.dashboard.url, 'validator');
    // Drafted over the API this time; the validator's open Validasi view picks it up live.
    await validator.click('nav >> text=Validasi');
    await validator.locator('#review-items').waitFor({ state: 'attached' });
    const kase = await waitUntil(
      () => ctx.prisma.case.findFirst({ where: { threadKey: { contains: '7002' } } }),
      { what: 'the second case to open' },
    );
    let version = kase.version;
    for (const action of ['triage', 'claim']) {
      version = (await agentApi.post(`/api/cases/${kase.id}/transitions`, { action, version })).body.version;
    }
    const reply = (await agentApi.post(`/api/cases/${kase.id}/replies`, { text: 'Jadwal menyusul.' })).body;
    await agentApi.post(`/api/replies/${reply.id}/submit`, { version: reply.version });

    const card = validator.locator(`.review-card[data-case-id="${kase.id}"]`);
    await card.waitFor();
    await card.click();
    await validator.keyboard.press('t');
    await validator.locator('textarea[name=comment]').fill('ok');
    await validator.keyboard.press('Enter');
    await expect(validator.locator('.error[role=alert]').textContent()).resolves.toContain(
      'Alasan penolakan',
    );
    await validator.locator('textarea[name=comment]').fill('Sebutkan tanggal dan tempatnya.');
    await validator.keyboard.press('Enter');
    await validator.locator('.notice', { hasText: 'Ditolak' }).waitFor();
    const after = await ctx.prisma.reply.findUniqueOrThrow({
      where: { id: reply.id },
      include: { reviews: true },
    });
    expect(after.status).toBe('REJECTED');
    expect(after.reviews.map((r) => r.comment)).toEqual(['Sebutkan tanggal dan tempatnya.']);
    await validator.context().close();
  });
});
