import { z } from 'zod';
import { formatIssues } from './format-issues.ts';

/** The process environment, parsed once at boot. Secrets stay here, never in tanggap.yaml. */
export const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgresql:// URL')
    .default('postgresql://postgres@127.0.0.1:5432/tanggap'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'expected a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  /** Prefix for every Redis key (queues, sessions, socket.io), so installations and tests never collide. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/i)
    .default('tanggap'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** The dashboard's address as users reach it, for links in e-mail/Telegram notifications (optional). */
  PUBLIC_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }).optional(),
  ),
  SESSION_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .default('dev-only-session-secret-change-me'),
  TANGGAP_CONFIG: z.string().default('config/tanggap.yaml'),
  TANGGAP_DEMO: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** How long a worker holds a job before others may take it over; a killed worker's jobs resume after ~2×. */
  JOB_LOCK_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type TEnv = z.infer<typeof ZEnv>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): TEnv {
  const result = ZEnv.safeParse(source);
  if (!result.success)
    throw new ConfigError(`Environment tidak valid:\n${formatIssues(result.error.issues)}`);
  const env = result.data;
  if (env.NODE_ENV === 'production' && env.SESSION_SECRET === ZEnv.shape.SESSION_SECRET.parse(undefined)) {
    throw new ConfigError('Environment tidak valid:\n  SESSION_SECRET: must be set in production');
  }
  return env;
}
