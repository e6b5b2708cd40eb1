import { pino } from 'pino';

/** Structured logs; anything that could hold a secret is redacted before it is written. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info') {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'token',
        '*.token',
        'password',
        '*.password',
        'passwordHash',
        '*.passwordHash',
        'headers.authorization',
        'headers.cookie',
        '*.headers.authorization',
        '*.headers.cookie',
        'SESSION_SECRET',
      ],
      censor: '[disembunyikan]',
    },
  });
}
export type Logger = ReturnType<typeof createLogger>;
