import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../dashboard/web/src/api/types.ts';
import {
  EMPTY_FILTER,
  filterQuery,
  matchesFilter,
  newestFirst,
  type QueueFilter,
} from '../../dashboard/web/src/views/queue/queue-filter.ts';
import { type ApiUser, apiAs } from '../support/api-client.ts';
import { createUser, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

const CATEGORIES = ['INFO_REQUEST', 'COMPLAINT', 'MISINFORMATION', 'OTHER'] as const;
const STATUSES = ['NEW', 'TRIAGED', 'IN_PROGRESS', 'CLOSED'] as const;
const SLA = ['ON_TRACK', 'AT_RISK', 'BREACHED'] as const;
const WORDS = ['Jalan', 'jalan', 'LAMPU', 'banjir', 'Budi', 'siti', '50%', 'a_b', 'rt 0'];

/**
 * The browser decides whether a live case joins the list with `matchesFilter`; the server filters in SQL.
 * Both must agree, or a live row would appear that a reload drops (or the reverse): for random filters, the
 * server's rows are exactly the cases the browser's predicate keeps, in the same order.
 */
describe('queue filter: the browser predicate and the SQL filter agree', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let agent: ApiUser;
  let all: CaseSummary[];

  beforeAll(async () => {
    ctx = await createTestContext('queue-filter');
    system = await startSystem(ctx, { worker: false });
    const me = await createUser(ctx, 'agen', 'AGENT', 'dinas');
    const other = await createUser(ctx, 'agen-lain', 'AGENT', 'dinas');
    const cases = fc.sample(
      fc.record({
        category: fc.constantFrom(...CATEGORIES),
        status: fc.constantFrom(...STATUSES),
        slaState: fc.constantFrom(...SLA),
        assignee: fc.constantFrom(null, me.id, other.id),
        subject: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }),
        citizen: fc.option(fc.constantFrom(...WORDS), { nil: null }),
        minutesAgo: fc.integer({ min: 0, max: 600 }),
      }),
      { numRuns: 80, seed: 7 },
    );
    for (const [i, c] of cases.entries()) {
      await ctx.prisma.case.create({
        data: {
          agencyId: 'dinas',
          channelId: 'tg-dinas',
          threadKey: `t${i}`,
          openKey: c.status === 'CLOSED' ? null : `tg-dinas:t${i}`,
          category: c.category,
          status: c.status,
          slaState: c.slaState,
          assigneeId: c.assignee,
          subject: c.subject.join(' '),
          openedAt: new Date(Date.now() - c.minutesAgo * 60_000),
          messages: {
            create: {
              channel: { connect: { id: 'tg-dinas' } },
              externalId: `e${i}`,
              direction: 'INBOUND',
              kind: 'DM',
              threadKey: `t${i}`,
              text: 'x',
              raw: {},
              postedAt: new Date(),
              ...(c.citizen
                ? {
                    contact: {
                      create: {
                        platform: 'TELEGRAM',
                        externalId: `u${i}`,
                        displayName: `Warga ${c.citizen}`,
                      },
                    },
                  }
                : {}),
            },
          },
        },
      });
    }
    agent = await apiAs(system.dashboard.url, 'agen');
    all = (await agent.get('/api/cases?limit=200')).body.cases;
    expect(all).toHaveLength(80);
  });
  afterAll(async () => {
    await system?.stop();
    await ctx?.cleanup();
  });

  it('for random filters, server rows = cases kept by matchesFilter, newest first', async () => {
    const filterArb: fc.Arbitrary<QueueFilter> = fc.record({
      category: fc.constantFrom('', ...CATEGORIES),
      channelId: fc.constantFrom('', 'tg-dinas'),
      status: fc.constantFrom('', 'open', ...STATUSES),
      assigneeId: fc.constantFrom('', 'me', 'none'),
      slaState: fc.constantFrom('', ...SLA),
      q: fc.constantFrom('', ...WORDS, 'warga s', ' jalan '),
    });
    await fc.assert(
      fc.asyncProperty(filterArb, async (f) => {
        const res = await agent.get(`/api/cases?${filterQuery(f, { limit: '200' })}`);
        expect(res.status).toBe(200);
        const expected = all.filter((c) => matchesFilter(c, f, agent.user.id)).sort(newestFirst);
        expect(res.body.cases.map((c: CaseSummary) => c.id)).toEqual(expected.map((c) => c.id));
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it('leaves empty fields out of the query string', () => {
    expect(filterQuery(EMPTY_FILTER)).toBe('');
    expect(filterQuery({ ...EMPTY_FILTER, q: '  banjir ', status: 'open' })).toBe('status=open&q=banjir');
  });
});
