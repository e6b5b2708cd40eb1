import { z } from 'zod';

/**
 * Platform-specific, non-secret settings of a channel (`settings:` in tanggap.yaml), and the credential
 * names each platform needs (`credentials:`, env var names). Webhook platforms also need the app secret
 * (X-Hub-Signature-256) and the verify token of the subscription handshake.
 */
const ZHost = z.string().min(1, 'expected a host name');
const ZPort = z.number({ message: 'expected a port number' }).int().min(1).max(65535);
/** The OAuth token endpoint, when not the platform's own (tests, proxies). */
const ZTokenUrl = z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }).optional();

export const ZChannelSettings = {
  telegram: z.strictObject({}),
  x: z.strictObject({
    /** The agency account's numeric user id (mentions are read for it). */
    userId: z.string().regex(/^\d{1,20}$/, 'expected the numeric X user id'),
    /** Recent-search query about the agency, e.g. '"Dinas Kesehatan" OR @dinkes -is:retweet'. */
    searchQuery: z.string().min(1).max(512).optional(),
    tokenUrl: ZTokenUrl,
  }),
  facebook: z.strictObject({ pageId: z.string().regex(/^\d+$/, 'expected the numeric Page id') }),
  instagram: z.strictObject({
    igUserId: z.string().regex(/^\d+$/, 'expected the numeric Instagram user id'),
    igUsername: z.string().min(1).optional(),
  }),
  youtube: z.strictObject({
    channelId: z.string().regex(/^UC[\w-]{22}$/, 'expected a channel id (UC…)'),
    tokenUrl: ZTokenUrl,
  }),
  whatsapp: z.strictObject({ phoneNumberId: z.string().regex(/^\d+$/, 'expected the phone number id') }),
  email: z.strictObject({
    imap: z.strictObject({
      host: ZHost,
      port: ZPort.default(993),
      secure: z.boolean().default(true),
      mailbox: z.string().min(1).default('INBOX'),
      sentMailbox: z.string().min(1).optional(),
      appendToSent: z.boolean().default(true),
    }),
    smtp: z.strictObject({ host: ZHost, port: ZPort.default(465), secure: z.boolean().default(true) }),
    fromAddress: z.email({ message: 'expected an e-mail address' }),
    fromName: z.string().min(1).optional(),
  }),
} as const;

export type TChannelPlatform = keyof typeof ZChannelSettings;
export type TChannelSettings<P extends TChannelPlatform> = z.output<(typeof ZChannelSettings)[P]>;

/**
 * Credential names each platform requires (optional ones are not listed). YouTube needs `accessToken` OR the
 * OAuth refresh set below: see OAUTH_REFRESH.
 */
export const REQUIRED_CREDENTIALS: Readonly<Record<TChannelPlatform, readonly string[]>> = {
  telegram: ['token'],
  x: ['bearerToken'],
  facebook: ['accessToken'],
  instagram: ['accessToken'],
  youtube: [],
  whatsapp: ['accessToken', 'appSecret', 'verifyToken'],
  email: ['imapUser', 'imapPassword', 'smtpUser', 'smtpPassword'],
};

/** Credentials that let the worker refresh short-lived OAuth 2.0 access tokens; named all together or not at all. */
export const OAUTH_REFRESH_CREDENTIALS = ['clientId', 'clientSecret', 'refreshToken'] as const;
/**
 * Platforms that accept OAUTH_REFRESH_CREDENTIALS, and the fixed token they replace: a channel names either
 * that token or the whole refresh set (YouTube). X reads with `bearerToken` and posts with the refreshed token.
 */
export const OAUTH_REFRESH: Readonly<Partial<Record<TChannelPlatform, { orInstead?: string }>>> = {
  youtube: { orInstead: 'accessToken' },
  x: {},
};

/** Platforms whose items arrive by webhook (Meta); facebook and instagram also poll. */
export const WEBHOOK_PLATFORMS: ReadonlySet<TChannelPlatform> = new Set([
  'facebook',
  'instagram',
  'whatsapp',
]);
/** Platforms that are polled; WhatsApp Cloud API has nothing to poll. */
export const POLLED_PLATFORMS: readonly TChannelPlatform[] = [
  'telegram',
  'x',
  'facebook',
  'instagram',
  'youtube',
  'email',
];
