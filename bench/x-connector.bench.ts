// How fast the X connector ingests a backlog from the local fake X API, and how many HTTP requests it spends
// per 1,000 items: mentions + recent search at 100 tweets a page, a third of the tweets in both streams.
// Run: npx tsx bench/x-connector.bench.ts   (BENCH_X_TWEETS=20000 by default)

import { startFakeX } from '../test/fakes/x-server.ts';
import { createXConnector } from '../worker/connectors/x.ts';

const N = Number(process.env.BENCH_X_TWEETS ?? 20_000);
const agency = { id: '1000', username: 'DiskominfoKota', name: 'Diskominfo Kota' };
const server = await startFakeX({
  bearerToken: 'bench-bearer',
  userToken: 'bench-user',
  agency,
  rateLimit: 1e9,
});

try {
  const start = Date.now() - N * 1_000;
  for (let i = 0; i < N; i++) {
    const author = { id: String(5_000 + (i % 500)), username: `warga${i % 500}`, name: `Warga ${i % 500}` };
    const text =
      i % 3 === 0
        ? `@DiskominfoKota banjir di RT ${i}, mohon dibantu`
        : i % 3 === 1
          ? `@DiskominfoKota kapan KTP saya jadi? (${i})`
          : `jalan rusak lagi di blok ${i}`;
    server.post({ author, text, at: new Date(start + i * 1_000) });
  }
  const connector = createXConnector({
    bearerToken: 'bench-bearer',
    userId: agency.id,
    searchQuery: '(banjir OR "jalan rusak") -is:retweet',
    apiBaseUrl: server.url,
    timeoutMs: 30_000,
  });

  let cursor: string | null = null;
  let items = 0;
  let failures = 0;
  let pages = 0;
  const seen = new Set<string>();
  const t0 = performance.now();
  for (;;) {
    const page = await connector.fetchSince(cursor);
    pages++;
    items += page.items.length;
    failures += page.failures.length;
    for (const item of page.items) seen.add(item.externalId);
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  const ms = performance.now() - t0;
  const requests = server.requests.length;
  console.log(
    `tweets on the fake server: ${N} (mentions ${Math.ceil((N * 2) / 3)}, search ${Math.ceil((N * 2) / 3)})`,
  );
  console.log(
    `fetchSince calls: ${pages}, HTTP requests: ${requests}, items: ${items} (${seen.size} distinct), failures: ${failures}`,
  );
  console.log(`items/second: ${Math.round(items / (ms / 1000))} (${ms.toFixed(0)} ms)`);
  console.log(`HTTP requests per 1,000 items: ${((requests / items) * 1000).toFixed(1)}`);
  if (seen.size !== N) throw new Error(`expected ${N} distinct items, got ${seen.size}`);
} finally {
  await server.close();
}
