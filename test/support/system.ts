import { io, type Socket } from 'socket.io-client';
import { request } from 'undici';
import { parseTanggapConfig } from '../../config/load-tanggap.ts';
import type { TTanggapConfig } from '../../config/tanggap-schema.ts';
import { hashPassword } from '../../core/auth/passwords.ts';
import { syncConfig } from '../../core/config-sync.ts';
import type { Role } from '../../core/db/generated/enums.ts';
import type { TCaseEvent, TNotificationEvent } from '../../core/events.ts';
import { type RunningDashboard, startDashboard } from '../../dashboard/server/start-dashboard.ts';
import { type RunningWorker, startWorker } from '../../worker/start-worker.ts';
import { startFakeTelegram } from '../fakes/telegram-server.ts';
import type { TestContext } from './test-context.ts';

export const TEST_PASSWORD = 'rahasia-uji-123';
export const TOKEN_ENV = 'TEST_TELEGRAM_TOKEN';

export const STANDARD_TEST_POLICY =
  'firstResponseHours: { INFO_REQUEST: 24, COMPLAINT: 8, MISINFORMATION: 4, OTHER: 72 }';

export function systemConfigYaml(
  telegramUrl: string,
  pollIntervalSeconds = 5,
  slaPolicy = STANDARD_TEST_POLICY,
  extra: { dinasFields?: string; topLevel?: string; channels?: string } = {},
): string {
  const dinasFields = extra.dinasFields ? `, ${extra.dinasFields}` : '';
  return `
agencies:
  - { id: prov, name: PPID Utama Provinsi, kind: PPID_UTAMA, timeZone: Asia/Jakarta, slaPolicy: standar }
  - { id: dinas, name: Dinas Contoh, kind: PPID_PELAKSANA, parent: prov, timeZone: Asia/Jakarta, slaPolicy: standar${dinasFields} }
${extra.topLevel ?? ''}
slaPolicies:
  standar:
    ${slaPolicy}
channels:
  - id: tg-dinas
    agency: dinas
    platform: telegram
    account: "@DinasBot"
    pollIntervalSeconds: ${pollIntervalSeconds}
    apiBaseUrl: ${telegramUrl}
    credentials: { token: ${TOKEN_ENV} }
${extra.channels ?? ''}
`;
}

export async function createUser(
  ctx: Pick<TestContext, 'prisma'>,
  username: string,
  role: Role,
  agencyId: string,
) {
  return ctx.prisma.user.create({
    data: {
      username,
      displayName: username,
      role,
      agencyId,
      passwordHash: await hashPassword(TEST_PASSWORD),
    },
  });
}

/** Fake Telegram + dashboard (+ worker unless told otherwise), wired to the test's own DB and Redis prefix. */
export async function startSystem(
  ctx: TestContext,
  {
    worker = true,
    slaPolicy,
    now,
    configExtra = {},
    extraSecrets = {},
  }: {
    worker?: boolean;
    /** The body of the "standar" SLA policy (YAML flow mapping lines). */
    slaPolicy?: string;
    /** The worker's clock for SLA scheduling. */
    now?: () => Date;
    /** More YAML: fields of the "dinas" agency (flow mapping) and top-level sections. */
    configExtra?: { dinasFields?: string; topLevel?: string; channels?: string };
    /** More env vars for credentials the extra config names. */
    extraSecrets?: Record<string, string>;
  } = {},
) {
  const token = `123456:TEST-${Math.random().toString(36).slice(2)}`;
  const telegram = await startFakeTelegram({ token });
  const config: TTanggapConfig = parseTanggapConfig(
    systemConfigYaml(telegram.url, 5, slaPolicy, configExtra),
    'test.yaml',
  );
  await syncConfig(ctx.prisma, config);
  const env = {
    REDIS_URL: ctx.redisUrl,
    REDIS_PREFIX: ctx.redisPrefix,
    PORT: 0,
    HOST: '127.0.0.1',
    SESSION_SECRET: 'test-session-secret-0123456789',
    NODE_ENV: 'test' as const,
    JOB_LOCK_SECONDS: 3,
  };
  const secrets = { [TOKEN_ENV]: token, ...extraSecrets };
  const dashboard: RunningDashboard = await startDashboard({
    env,
    prisma: ctx.prisma,
    logger: ctx.logger,
    channels: { config, secrets },
  });
  let running: RunningWorker | null = null;
  const startTheWorker = async () => {
    running = await startWorker({
      env,
      config,
      prisma: ctx.prisma,
      logger: ctx.logger,
      secrets,
      ...(now ? { now } : {}),
    });
    return running;
  };
  if (worker) await startTheWorker();
  return {
    telegram,
    token,
    config,
    dashboard,
    secrets,
    startWorker: startTheWorker,
    /** Stops the worker only (a crash or deploy); startWorker brings it back. */
    async stopWorker() {
      if (running) await (running as RunningWorker).close();
      running = null;
    },
    async stop() {
      if (running) await (running as RunningWorker).close();
      await dashboard.close();
      await telegram.close();
    },
  };
}

export async function login(baseUrl: string, username: string, password = TEST_PASSWORD): Promise<string> {
  const res = await request(`${baseUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  await res.body.dump();
  const setCookie = res.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0];
  if (res.statusCode !== 303 || !cookie) throw new Error(`login failed for ${username}: ${res.statusCode}`);
  return cookie;
}

/**
 * A socket.io client with the session cookie, collecting every case event and notification; resolves once
 * rooms are joined.
 */
export async function connectSocket(baseUrl: string, cookie: string) {
  const events: TCaseEvent[] = [];
  const notifications: TNotificationEvent[] = [];
  const socket: Socket = io(baseUrl, { extraHeaders: { cookie }, transports: ['websocket'], forceNew: true });
  socket.on('case', (event: TCaseEvent) => events.push(event));
  socket.on('notification', (event: TNotificationEvent) => notifications.push(event));
  await new Promise<void>((resolve, reject) => {
    socket.once('ready', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, events, notifications };
}

export async function getJson(url: string, cookie?: string) {
  const res = await request(url, { headers: cookie ? { cookie } : {} });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
}

/** A second, unrelated agency (its own PPID Utama in WIT) for "other agency" checks. */
export function createOtherAgency(ctx: TestContext, id = 'lain') {
  return ctx.prisma.agency.create({
    data: { id, name: 'Instansi Lain', kind: 'PPID_UTAMA', timeZone: 'Asia/Jayapura', slaPolicy: 'standar' },
  });
}
