import { z } from 'zod';
import { ZCalendar } from '../core/sla/calendar-schema.ts';
import {
  OAUTH_REFRESH,
  OAUTH_REFRESH_CREDENTIALS,
  REQUIRED_CREDENTIALS,
  ZChannelSettings,
} from './channel-settings.ts';

const ZSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'expected a slug: lower-case letters, digits and -');
const ZEnvVarName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{2,}$/, 'expected the NAME of an environment variable (e.g. TELEGRAM_BOT_TOKEN)');

export const PLATFORMS = ['telegram', 'x', 'facebook', 'instagram', 'youtube', 'whatsapp', 'email'] as const;
export const TIME_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;

/** Keys that would hold a secret if written inline; only `credentials: { name: ENV_VAR }` is allowed. */
const SECRET_KEY = /(token|secret|password|passwd|api[-_]?key|access[-_]?key|private[-_]?key)$/i;

const ZHours = z
  .number()
  .positive()
  .max(24 * 90);

const CATEGORIES = ['INFO_REQUEST', 'COMPLAINT', 'MISINFORMATION', 'OTHER'] as const;

/**
 * One SLA target: exactly one of working minutes, working hours, working days (counted in the agency's
 * working calendar, core/sla/) or calendar minutes / hours (wall-clock time, office hours ignored).
 */
export const ZSlaTarget = z
  .strictObject({
    workingMinutes: z
      .number()
      .positive()
      .max(60 * 24 * 365)
      .optional(),
    workingHours: z
      .number()
      .positive()
      .max(24 * 365)
      .optional(),
    workingDays: z.number().int().min(1).max(365).optional(),
    calendarMinutes: z
      .number()
      .positive()
      .max(60 * 24 * 365)
      .optional(),
    calendarHours: z
      .number()
      .positive()
      .max(24 * 365)
      .optional(),
  })
  .superRefine((target, ctx) => {
    const set = Object.keys(target).filter((k) => target[k as keyof typeof target] !== undefined);
    if (set.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `expected exactly one of workingMinutes, workingHours, workingDays, calendarMinutes, calendarHours${set.length ? ` (got ${set.join(', ')})` : ''}`,
      });
    }
  });

const ZTargets = z.strictObject(
  Object.fromEntries(CATEGORIES.map((c) => [c, ZSlaTarget.optional()])) as Record<
    (typeof CATEGORIES)[number],
    z.ZodOptional<typeof ZSlaTarget>
  >,
);

/** States in which a policy may stop its clocks; waiting on the citizen is the default. */
export const PAUSABLE_STATES = ['WAITING_ON_CITIZEN', 'FORWARDED', 'VERIFYING'] as const;
/** Public items (comments, mentions, posts) and private ones (direct messages, e-mail). */
export const CHANNEL_TYPES = ['public', 'private'] as const;

const ZTargetsByType = z.strictObject({
  firstResponse: ZTargets.optional(),
  resolution: ZTargets.optional(),
});

export const ZSlaPolicy = z
  .strictObject({
    /** Calendar hours until a first response is due, per category (the original form; still accepted). */
    firstResponseHours: z
      .strictObject({
        INFO_REQUEST: ZHours,
        COMPLAINT: ZHours,
        MISINFORMATION: ZHours,
        OTHER: ZHours,
      })
      .optional(),
    /** First-response target per category; wins over firstResponseHours for the categories it names. */
    firstResponse: ZTargets.optional(),
    /** Resolution target per category (case closed), e.g. { INFO_REQUEST: { workingDays: 10 } }. */
    resolution: ZTargets.optional(),
    /**
     * Targets for one channel type that win over the ones above, e.g. a public comment answered within 2
     * working hours but a direct message or e-mail within 1 working day.
     */
    byChannelType: z
      .strictObject({ public: ZTargetsByType.optional(), private: ZTargetsByType.optional() })
      .optional(),
    /** States in which the clocks stand still. */
    pauseIn: z
      .array(z.enum(PAUSABLE_STATES, { message: `expected one of ${PAUSABLE_STATES.join(', ')}` }))
      .default(['WAITING_ON_CITIZEN']),
    /**
     * On a forward (disposisi) to another office: `keep` runs the clocks on from when the case opened (the
     * citizen's wait does not restart; the default, as UU 14/2008 counts from receipt by the public body);
     * `restart` starts fresh clocks at the forward, for policies that measure each office's own handling.
     */
    onForward: z.enum(['keep', 'restart'], { message: 'expected keep or restart' }).default('keep'),
    /** Fractions of each target at which a warning fires (AT_RISK), e.g. [0.5, 0.8]. */
    warnAt: z
      .array(z.number().gt(0, 'expected a fraction above 0').lt(1, 'expected a fraction below 1'))
      .max(5)
      .default([0.5, 0.8])
      .superRefine((list, ctx) => {
        list.forEach((v, i) => {
          if (i > 0 && v <= list[i - 1]!)
            ctx.addIssue({ code: 'custom', path: [i], message: 'expected increasing fractions' });
          if (list.findIndex((w) => Math.round(w * 100) === Math.round(v * 100)) !== i)
            ctx.addIssue({ code: 'custom', path: [i], message: 'two thresholds round to the same percent' });
        });
      }),
  })
  .superRefine((policy, ctx) => {
    if (!policy.firstResponseHours && !policy.firstResponse && !policy.resolution && !policy.byChannelType) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected at least one of firstResponseHours, firstResponse, resolution, byChannelType',
      });
    }
  });

export const ZAgency = z.strictObject({
  id: ZSlug,
  name: z.string().min(3),
  kind: z.enum(['PPID_UTAMA', 'PPID_PELAKSANA']),
  parent: ZSlug.optional(),
  timeZone: z.enum(TIME_ZONES, { message: `expected one of ${TIME_ZONES.join(', ')}` }),
  slaPolicy: z.string().min(1),
  /** A calendar named under `calendars`; without one the standard office week in `timeZone` applies. */
  calendar: ZSlug.optional(),
  /** Where this agency's supervisors get SLA warnings and breaches besides the dashboard. */
  notify: z
    .strictObject({
      email: z.array(z.email({ message: 'expected an e-mail address' })).default([]),
      telegram: z
        .array(z.union([z.number().int(), z.string().regex(/^-?\d+$|^@\w{4,}$/)]), {
          message: 'expected Telegram chat ids (numbers) or @channel names',
        })
        .default([]),
    })
    .optional(),
});

const ZCredentials = z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), ZEnvVarName).default({});

/** How supervisor notifications leave the system; credentials name env vars like channels' do. */
export const ZNotifications = z.strictObject({
  email: z
    .strictObject({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535),
      secure: z.boolean().default(false),
      from: z.email({ message: 'expected an e-mail address' }),
      /** user and password, as env var names. */
      credentials: ZCredentials,
    })
    .optional(),
  telegram: z
    .strictObject({
      apiBaseUrl: z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }).optional(),
      /** token: the env var holding the bot token. */
      credentials: ZCredentials,
    })
    .optional(),
});

export const ZChannel = z
  .looseObject({
    id: ZSlug,
    agency: ZSlug,
    platform: z.enum(PLATFORMS, { message: `expected one of ${PLATFORMS.join(', ')}` }),
    account: z.string().min(1),
    pollIntervalSeconds: z.number({ message: 'expected a number ≥ 5' }).int().min(5, 'expected a number ≥ 5'),
    apiBaseUrl: z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }).optional(),
    enabled: z.boolean().default(true),
    credentials: ZCredentials,
    /** Platform-specific settings (config/channel-settings.ts), checked against the platform below. */
    settings: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((channel, ctx) => {
    const settings = ZChannelSettings[channel.platform].safeParse(channel.settings);
    if (!settings.success) {
      for (const issue of settings.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['settings', ...issue.path], message: issue.message });
      }
    } else channel.settings = settings.data;
    for (const name of REQUIRED_CREDENTIALS[channel.platform]) {
      if (!channel.credentials[name]) {
        ctx.addIssue({
          code: 'custom',
          path: ['credentials', name],
          message: `required for ${channel.platform}: name the environment variable that holds it`,
        });
      }
    }
    const refresh = OAUTH_REFRESH[channel.platform];
    if (refresh) {
      const named = OAUTH_REFRESH_CREDENTIALS.filter((name) => channel.credentials[name]);
      const all = OAUTH_REFRESH_CREDENTIALS.join(', ');
      for (const name of OAUTH_REFRESH_CREDENTIALS) {
        if (named.length === 0 || named.includes(name)) continue;
        ctx.addIssue({
          code: 'custom',
          path: ['credentials', name],
          message: `required with ${named.join(' and ')}: name all of ${all} to refresh OAuth tokens`,
        });
      }
      const instead = refresh.orInstead;
      if (instead && named.length === 0 && !channel.credentials[instead]) {
        ctx.addIssue({
          code: 'custom',
          path: ['credentials', instead],
          message: `required for ${channel.platform}: name the environment variable that holds it, or name ${all} instead`,
        });
      }
    }
    for (const key of Object.keys(channel)) {
      if (key in ZChannelKnownKeys) continue;
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: SECRET_KEY.test(key)
          ? 'secrets must not be written in tanggap.yaml: put it in an environment variable and reference it as credentials.<name>: ENV_VAR_NAME'
          : 'unknown key',
      });
    }
  });
const ZChannelKnownKeys = {
  id: 1,
  agency: 1,
  platform: 1,
  account: 1,
  pollIntervalSeconds: 1,
  apiBaseUrl: 1,
  enabled: 1,
  credentials: 1,
  settings: 1,
};

export const ZTanggapConfig = z
  .strictObject({
    agencies: z.array(ZAgency).min(1),
    slaPolicies: z.record(z.string(), ZSlaPolicy),
    /** Named working calendars (same schema as `npm run sla -- due --calendar FILE`), used by agencies. */
    calendars: z.record(ZSlug, ZCalendar).default({}),
    channels: z.array(ZChannel).default([]),
    notifications: ZNotifications.optional(),
  })
  .superRefine((config, ctx) => {
    const agencyIds = new Set<string>();
    config.agencies.forEach((agency, i) => {
      if (agencyIds.has(agency.id))
        ctx.addIssue({ code: 'custom', path: ['agencies', i, 'id'], message: 'duplicate id' });
      agencyIds.add(agency.id);
    });
    config.agencies.forEach((agency, i) => {
      if (agency.parent && !agencyIds.has(agency.parent)) {
        ctx.addIssue({
          code: 'custom',
          path: ['agencies', i, 'parent'],
          message: `unknown agency "${agency.parent}"`,
        });
      }
      if (agency.parent === agency.id) {
        ctx.addIssue({
          code: 'custom',
          path: ['agencies', i, 'parent'],
          message: 'an agency cannot be its own parent',
        });
      }
      if (agency.calendar) {
        const calendar = config.calendars[agency.calendar];
        if (!calendar) {
          ctx.addIssue({
            code: 'custom',
            path: ['agencies', i, 'calendar'],
            message: `unknown calendar "${agency.calendar}" (defined: ${Object.keys(config.calendars).join(', ') || 'none'})`,
          });
        } else if (calendar.timezone !== agency.timeZone) {
          ctx.addIssue({
            code: 'custom',
            path: ['agencies', i, 'calendar'],
            message: `calendar "${agency.calendar}" is in ${calendar.timezone} but the agency is in ${agency.timeZone}`,
          });
        }
      }
      if (!(agency.slaPolicy in config.slaPolicies)) {
        ctx.addIssue({
          code: 'custom',
          path: ['agencies', i, 'slaPolicy'],
          message: `unknown SLA policy "${agency.slaPolicy}" (defined: ${Object.keys(config.slaPolicies).join(', ') || 'none'})`,
        });
      }
    });
    const channelIds = new Set<string>();
    config.channels.forEach((channel, i) => {
      if (channelIds.has(channel.id))
        ctx.addIssue({ code: 'custom', path: ['channels', i, 'id'], message: 'duplicate id' });
      channelIds.add(channel.id);
      if (!agencyIds.has(channel.agency)) {
        ctx.addIssue({
          code: 'custom',
          path: ['channels', i, 'agency'],
          message: `unknown agency "${channel.agency}"`,
        });
      }
    });
  });

export type TTanggapConfig = z.infer<typeof ZTanggapConfig>;
export type TAgencyConfig = z.infer<typeof ZAgency>;
export type TChannelConfig = z.infer<typeof ZChannel>;
export type TSlaPolicy = z.infer<typeof ZSlaPolicy>;
