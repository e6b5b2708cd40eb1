import { DateTime } from 'luxon';
import type { Db } from '../db/client.ts';
import { agencyCalendar } from './agency-calendar.ts';
import { workingMinutesBetween } from './working-time.ts';

export const METRIC_GROUPS = ['agency', 'channel', 'category', 'agent', 'day'] as const;
export type MetricGroup = (typeof METRIC_GROUPS)[number];

export interface MetricsQuery {
  agencyIds: readonly string[];
  /** Cases opened in [from, to). */
  from: Date;
  to: Date;
  groupBy: MetricGroup;
}

export interface Percentiles {
  p50: number | null;
  p90: number | null;
}

export interface DurationStats {
  /** How many cases the figures are over (answered, or resolved). */
  count: number;
  /** Minutes of wall-clock time. */
  calendarMinutes: Percentiles;
  /** Minutes of office time in the agency's working calendar. */
  workingMinutes: Percentiles;
}

export interface MetricsRow {
  key: string;
  label: string;
  cases: number;
  open: number;
  breached: number;
  /** breached / cases, 0..1; null without cases. */
  breachRate: number | null;
  firstResponse: DurationStats;
  resolution: DurationStats;
}

export interface MetricsResult {
  from: string;
  to: string;
  groupBy: MetricGroup;
  total: MetricsRow;
  rows: MetricsRow[];
}

/** Above this many cases the query is refused: narrow the period or the scope. */
export const MAX_CASES = 200_000;

/**
 * SLA figures over cases opened in a period: first-response and resolution times (p50, p90 by the
 * nearest-rank method, in calendar and working minutes, measured from the case's opening to its first
 * published reply / its closing: the stored timestamps, so each figure can be checked by hand) and breach
 * rate (cases whose SLA state is BREACHED), grouped by agency, channel, category, assigned agent or local
 * day of opening (in each agency's zone).
 */
export async function slaMetrics(db: Db, query: MetricsQuery): Promise<MetricsResult> {
  const where = {
    agencyId: { in: [...query.agencyIds] },
    openedAt: { gte: query.from, lt: query.to },
  };
  const count = await db.case.count({ where });
  if (count > MAX_CASES) {
    throw new RangeError(`${count} cases in the period; at most ${MAX_CASES} per query`);
  }
  const cases = await db.case.findMany({
    where,
    select: {
      agencyId: true,
      channelId: true,
      category: true,
      assigneeId: true,
      status: true,
      slaState: true,
      openedAt: true,
      firstResponseAt: true,
      resolvedAt: true,
    },
  });
  const agencies = await db.agency.findMany({
    where: { id: { in: [...new Set(cases.map((c) => c.agencyId))] } },
    select: { id: true, name: true, timeZone: true, calendar: true },
  });
  const agencyById = new Map(agencies.map((a) => [a.id, a]));
  const labels =
    query.groupBy === 'agency'
      ? new Map(agencies.map((a) => [a.id, a.name]))
      : await labelsFor(db, query.groupBy, cases);

  const groups = new Map<string, Accumulator>();
  const total = new Accumulator();
  for (const c of cases) {
    const agency = agencyById.get(c.agencyId)!;
    const key = groupKey(query.groupBy, c, agency.timeZone);
    const group = groups.get(key) ?? new Accumulator();
    groups.set(key, group);
    const cal = agencyCalendar(agency);
    const sample = {
      open: c.status !== 'CLOSED',
      breached: c.slaState === 'BREACHED',
      first: c.firstResponseAt ? durations(cal, c.openedAt, c.firstResponseAt) : null,
      resolution: c.resolvedAt ? durations(cal, c.openedAt, c.resolvedAt) : null,
    };
    group.add(sample);
    total.add(sample);
  }
  const rows = [...groups.entries()]
    .map(([key, acc]) => acc.row(key, labels.get(key) ?? key))
    .sort((a, b) => (query.groupBy === 'day' ? a.key.localeCompare(b.key) : b.cases - a.cases));
  return {
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    groupBy: query.groupBy,
    total: total.row('total', 'Semua'),
    rows,
  };
}

type CaseRow = {
  agencyId: string;
  channelId: string;
  category: string;
  assigneeId: string | null;
  openedAt: Date;
};

const UNASSIGNED = 'unassigned';

function groupKey(group: MetricGroup, c: CaseRow, timeZone: string): string {
  switch (group) {
    case 'agency':
      return c.agencyId;
    case 'channel':
      return c.channelId;
    case 'category':
      return c.category;
    case 'agent':
      return c.assigneeId ?? UNASSIGNED;
    case 'day':
      return DateTime.fromJSDate(c.openedAt, { zone: timeZone }).toISODate()!;
  }
}

const CATEGORY_LABEL: Record<string, string> = {
  INFO_REQUEST: 'Permintaan informasi',
  COMPLAINT: 'Pengaduan',
  MISINFORMATION: 'Hoaks/klaim',
  OTHER: 'Lainnya',
};

async function labelsFor(db: Db, group: MetricGroup, cases: CaseRow[]): Promise<Map<string, string>> {
  if (group === 'category') return new Map(Object.entries(CATEGORY_LABEL));
  if (group === 'channel') {
    const rows = await db.channel.findMany({
      where: { id: { in: [...new Set(cases.map((c) => c.channelId))] } },
      select: { id: true, account: true, platform: true },
    });
    return new Map(rows.map((r) => [r.id, `${r.account} (${r.platform.toLowerCase()})`]));
  }
  if (group === 'agent') {
    const ids = [...new Set(cases.flatMap((c) => (c.assigneeId ? [c.assigneeId] : [])))];
    const rows = await db.user.findMany({
      where: { id: { in: ids } },
      select: { id: true, displayName: true },
    });
    return new Map([...rows.map((r) => [r.id, r.displayName] as const), [UNASSIGNED, 'Belum ditugaskan']]);
  }
  return new Map();
}

function durations(cal: ReturnType<typeof agencyCalendar>, from: Date, to: Date) {
  const end = to < from ? from : to;
  return {
    calendar: (end.getTime() - from.getTime()) / 60_000,
    working: workingMinutesBetween(cal, from, end),
  };
}

/** Nearest-rank percentile of sorted values: the smallest value with at least p% of values at or below it. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

type Sample = {
  open: boolean;
  breached: boolean;
  first: { calendar: number; working: number } | null;
  resolution: { calendar: number; working: number } | null;
};

class Accumulator {
  cases = 0;
  open = 0;
  breached = 0;
  first = { calendar: [] as number[], working: [] as number[] };
  resolution = { calendar: [] as number[], working: [] as number[] };

  add(s: Sample) {
    this.cases++;
    if (s.open) this.open++;
    if (s.breached) this.breached++;
    for (const clock of ['first', 'resolution'] as const) {
      const d = s[clock];
      if (!d) continue;
      this[clock].calendar.push(d.calendar);
      this[clock].working.push(d.working);
    }
  }

  row(key: string, label: string): MetricsRow {
    const stats = (values: { calendar: number[]; working: number[] }): DurationStats => {
      const cal = [...values.calendar].sort((a, b) => a - b);
      const work = [...values.working].sort((a, b) => a - b);
      const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
      return {
        count: cal.length,
        calendarMinutes: { p50: round(percentile(cal, 50)), p90: round(percentile(cal, 90)) },
        workingMinutes: { p50: round(percentile(work, 50)), p90: round(percentile(work, 90)) },
      };
    };
    return {
      key,
      label,
      cases: this.cases,
      open: this.open,
      breached: this.breached,
      breachRate: this.cases ? Math.round((this.breached / this.cases) * 1000) / 1000 : null,
      firstResponse: stats(this.first),
      resolution: stats(this.resolution),
    };
  }
}
