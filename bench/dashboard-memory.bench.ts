// Dashboard memory over a shift (`npx tsx bench/dashboard-memory.bench.ts [--minutes N] [--rate R]`): a
// signed-in queue page in Chromium receives R new cases per second (default 5; each inserted and announced
// through the real case emitter) for N minutes (default 30). Samples the page's JS heap (CDP
// Performance.getMetrics JSHeapUsedSize, after a forced GC) every minute and prints start/end/max, the DOM
// node count and the rows rendered. The queue keeps the newest 500 rows, so both must stay flat.
// Scratch database and Redis prefix; never the dev ones. Prints figures; asserts nothing.
import { parseArgs } from 'node:util';
import { createCaseEmitter } from '../core/realtime/case-emitter.ts';
import { createRedis } from '../core/redis.ts';
import { seedOpenCases, startScratchDashboard } from '../test/dashboard/scratch-dashboard.ts';
import { launchChromium } from '../test/support/browser.ts';
import { createUser, TEST_PASSWORD } from '../test/support/system.ts';
import { mb } from './support/measure.ts';

const { values } = parseArgs({
  options: { minutes: { type: 'string', default: '30' }, rate: { type: 'string', default: '5' } },
});
const MINUTES = Number(values.minutes);
const RATE = Number(values.rate);

const sys = await startScratchDashboard('memory');
const redis = createRedis(sys.redisUrl, 'client');
const browser = await launchChromium();
try {
  await seedOpenCases(sys.databaseUrl, 1_000);
  await createUser(sys, 'agen', 'AGENT', 'dinas');
  const emitCase = createCaseEmitter(sys.prisma, redis, sys.redisPrefix);
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${sys.dashboard.url}/login`);
  await page.fill('input[name=username]', 'agen');
  await page.fill('input[name=password]', TEST_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('#live[data-state="on"]');
  await page.waitForSelector('[data-case-id]');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const sample = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    const rows = await page.locator('[data-case-id]').count();
    return { heap: get('JSHeapUsedSize'), nodes: get('Nodes'), rows };
  };

  let sent = 0;
  let failed = 0;
  const addCase = async () => {
    const n = sent++;
    const kase = await sys.prisma.case.create({
      data: {
        agencyId: 'dinas',
        channelId: 'tg-dinas',
        threadKey: `live-${n}`,
        openKey: `tg-dinas:live-${n}`,
        category: (['INFO_REQUEST', 'COMPLAINT', 'MISINFORMATION', 'OTHER'] as const)[n % 4]!,
        subject: `Laporan langsung ${n}: lampu jalan padam di gang ${n % 50}`,
        openedAt: new Date(),
        messages: {
          create: {
            channel: { connect: { id: 'tg-dinas' } },
            externalId: `live-${n}`,
            direction: 'INBOUND',
            kind: 'DM',
            threadKey: `live-${n}`,
            text: `Lampu jalan padam di gang ${n % 50}`,
            raw: {},
            postedAt: new Date(),
            contact: { create: { platform: 'TELEGRAM', externalId: `live-${n}`, displayName: `Warga ${n}` } },
          },
        },
      },
      select: { id: true },
    });
    await emitCase(kase.id, `bench-${kase.id}`, 'created');
  };
  const ticker = setInterval(() => {
    addCase().catch(() => failed++);
  }, 1_000 / RATE);

  const samples = [await sample()];
  console.log(
    `minute 0: heap ${mb(samples[0]!.heap)}, DOM nodes ${samples[0]!.nodes}, rows ${samples[0]!.rows}`,
  );
  for (let minute = 1; minute <= MINUTES; minute++) {
    await new Promise((r) => setTimeout(r, 60_000));
    const s = await sample();
    samples.push(s);
    console.log(
      `minute ${minute}: heap ${mb(s.heap)}, DOM nodes ${s.nodes}, rows ${s.rows}, cases sent ${sent}`,
    );
  }
  clearInterval(ticker);
  const heaps = samples.map((s) => s.heap);
  const last = samples.at(-1)!;
  console.log(`\n${MINUTES} min at ${RATE} cases/s: ${sent} cases sent (${failed} failed)`);
  console.log(
    `JS heap used: start ${mb(heaps[0]!)}, end ${mb(last.heap)}, max ${mb(Math.max(...heaps))}; ` +
      `DOM nodes start ${samples[0]!.nodes}, end ${last.nodes}, max ${Math.max(...samples.map((s) => s.nodes))}; ` +
      `rows rendered at end ${last.rows}`,
  );
} finally {
  await browser.close();
  redis.disconnect();
  await sys.cleanup();
  process.exit(0);
}
