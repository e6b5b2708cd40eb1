// How long recomputing every open case's due times takes after a holiday is added (100,000 cases):
// compute with the same pure clock the worker uses, then write back in batches. Scratch database only.
import pg from 'pg';
import { parseCalendar } from '../core/sla/calendar-schema.ts';
import { computeCaseClock } from '../core/sla/case-clock.ts';
import { compileCalendar } from '../core/sla/compiled-calendar.ts';
import { deployMigrations } from '../prisma/tools/deploy.ts';

const N = Number(process.env.BENCH_CASES ?? 100_000);
const BATCH = 5_000;
const base = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `tanggap_bench_sla_${process.pid}`;
const dbUrl = Object.assign(new URL(base), { pathname: `/${dbName}` }).toString();
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`create database "${dbName}"`);
const db = new pg.Client({ connectionString: dbUrl });

const OFFICE = {
  mon: ['08:00-16:00'],
  tue: ['08:00-16:00'],
  wed: ['08:00-16:00'],
  thu: ['08:00-16:00'],
  fri: ['08:00-11:30', '13:00-16:30'],
};
const ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
const policy = { firstResponse: { workingHours: 2 }, resolution: { workingDays: 10 }, warnAt: [0.5, 0.8] };

try {
  await deployMigrations(dbUrl);
  await db.connect();
  let t = performance.now();
  for (const [i, zone] of ZONES.entries()) {
    await db.query(
      `insert into "Agency"(id, name, kind, "timeZone", "slaPolicy", "updatedAt") values ($1, $1, 'PPID_UTAMA', $2, 'standar', now())`,
      [`a${i}`, zone],
    );
    await db.query(
      `insert into "Channel"(id, "agencyId", platform, account, "pollIntervalSeconds", "updatedAt") values ($1, $2, 'TELEGRAM', '@x', 30, now())`,
      [`c${i}`, `a${i}`],
    );
  }
  const opened: Date[] = [];
  for (let start = 0; start < N; start += BATCH) {
    const ids: string[] = [];
    const agencies: string[] = [];
    const channels: string[] = [];
    const openedAt: string[] = [];
    for (let i = start; i < Math.min(N, start + BATCH); i++) {
      const at = new Date(Date.UTC(2026, 2, 2) + (i % 40_000) * 60_000 * 7);
      opened.push(at);
      ids.push(`case${i}`);
      agencies.push(`a${i % 3}`);
      channels.push(`c${i % 3}`);
      openedAt.push(at.toISOString());
    }
    await db.query(
      `insert into "Case"(id, "agencyId", "channelId", "threadKey", category, subject, "openedAt", "updatedAt")
       select id, a, c, id, 'INFO_REQUEST', 's', o::timestamptz, now() from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as u(id, a, c, o)`,
      [ids, agencies, channels, openedAt],
    );
  }
  const seedMs = performance.now() - t;

  // A new cuti bersama is announced: every calendar gets one more closed day.
  const calendars = ZONES.map((zone) =>
    compileCalendar(
      parseCalendar({ timezone: zone, officeHours: OFFICE, holidays: ['2026-04-10'] }, 'bench'),
    ),
  );
  t = performance.now();
  const first: string[] = [];
  const resolution: string[] = [];
  for (let i = 0; i < N; i++) {
    const clock = computeCaseClock({
      policy,
      timeZone: ZONES[i % 3]!,
      openedAt: opened[i]!,
      calendar: calendars[i % 3]!,
    });
    first.push(clock.firstResponseDueAt!.toISOString());
    resolution.push(clock.resolutionDueAt!.toISOString());
  }
  const computeMs = performance.now() - t;

  t = performance.now();
  for (let start = 0; start < N; start += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, N - start) }, (_, k) => `case${start + k}`);
    await db.query(
      `update "Case" c set "firstResponseDueAt" = u.f::timestamptz, "resolutionDueAt" = u.r::timestamptz
       from unnest($1::text[], $2::text[], $3::text[]) as u(id, f, r) where c.id = u.id`,
      [ids, first.slice(start, start + BATCH), resolution.slice(start, start + BATCH)],
    );
  }
  const writeMs = performance.now() - t;
  console.log(`SLA recompute after a holiday is added: ${N.toLocaleString('en')} open cases, 3 zones`);
  console.log(`  seed:       ${(seedMs / 1000).toFixed(2)} s (not part of the figure)`);
  console.log(
    `  compute:    ${(computeMs / 1000).toFixed(2)} s (${Math.round(N / (computeMs / 1000)).toLocaleString('en')} cases/s)`,
  );
  console.log(`  write back: ${(writeMs / 1000).toFixed(2)} s (batches of ${BATCH})`);
  console.log(`  total:      ${((computeMs + writeMs) / 1000).toFixed(2)} s`);
} finally {
  await db.end().catch(() => {});
  await admin.query(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
  process.exit(0);
}
