// The queue at scale (`npx tsx bench/queue-page.bench.ts`): 100,000 open cases (BENCH_CASES) in a scratch
// database, the dashboard on a free port. Prints (a) server time of GET /api/cases — the first page, a
// category filter, a search and a deep keyset page — p50/p95 over 20 calls each, and (b) in Chromium, the
// time from navigation start to the first visible `[data-case-id]` row (median of 5 loads) and the page's JS
// heap. Never the dev database. Prints figures; asserts nothing.
import { seedOpenCases, startScratchDashboard } from '../test/dashboard/scratch-dashboard.ts';
import { apiAs } from '../test/support/api-client.ts';
import { launchChromium } from '../test/support/browser.ts';
import { createUser, TEST_PASSWORD } from '../test/support/system.ts';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const CALLS = 20;
const LOADS = 5;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

const sys = await startScratchDashboard('queue');
const browser = await launchChromium();
try {
  let t = performance.now();
  await seedOpenCases(sys.databaseUrl, CASES);
  console.log(
    `seeded ${CASES.toLocaleString('en')} open cases in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  await createUser(sys, 'agen', 'AGENT', 'dinas');
  const agent = await apiAs(sys.dashboard.url, 'agen');
  const cursor = `${new Date(Date.now() - 30_000 * Math.floor(CASES * 0.9)).toISOString()}~z`;
  const queries: [string, string][] = [
    ['first page (limit 100, as the browser asks)', '/api/cases?limit=100'],
    ['first page, limit 200', '/api/cases?limit=200'],
    ['category filter', '/api/cases?limit=100&category=COMPLAINT'],
    ['status + unassigned', '/api/cases?limit=100&status=open&assigneeId=none'],
    ['search (subject/citizen, rare)', '/api/cases?limit=100&q=Warga%2099999'],
    ['search (subject, common)', '/api/cases?limit=100&q=RT%2017'],
    ['keyset page at 90 % depth', `/api/cases?limit=100&before=${encodeURIComponent(cursor)}`],
  ];
  console.log(`\n(a) server time for GET /api/cases over ${CALLS} calls (rows + counts per category):`);
  for (const [label, path] of queries) {
    await agent.get(path);
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < CALLS; i++) {
      t = performance.now();
      const res = await agent.get(path);
      times.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      rows = res.body.cases.length;
    }
    times.sort((a, b) => a - b);
    console.log(`  ${label}: p50 ${ms(pct(times, 0.5))}, p95 ${ms(pct(times, 0.95))} (${rows} rows)`);
  }

  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${sys.dashboard.url}/login`);
  await page.fill('input[name=username]', 'agen');
  await page.fill('input[name=password]', TEST_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-case-id]');
  // Navigation start is performance's time origin; a MutationObserver notes when the first row appears.
  await page.addInitScript(() => {
    const w = window as unknown as { __firstRowAt?: number };
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-case-id]')) {
        w.__firstRowAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const firstRow: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    await page.goto(`${sys.dashboard.url}/`);
    await page.waitForSelector('[data-case-id]', { state: 'visible' });
    firstRow.push(await page.evaluate(() => (window as unknown as { __firstRowAt: number }).__firstRowAt));
  }
  firstRow.sort((a, b) => a - b);
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  const nodes = metrics.find((m) => m.name === 'Nodes')?.value ?? 0;
  const rows = await page.locator('[data-case-id]').count();
  console.log(
    `\n(b) Chromium, navigation start → first visible row: median ${ms(pct(firstRow, 0.5))} ` +
      `(min ${ms(firstRow[0]!)}, max ${ms(firstRow.at(-1)!)}) over ${LOADS} loads`,
  );
  console.log(
    `    page JS heap used ${(heap / 1048576).toFixed(1)} MB, ${nodes} DOM nodes, ${rows} rows rendered`,
  );
} finally {
  await browser.close();
  await sys.cleanup();
  process.exit(0);
}
