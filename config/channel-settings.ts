import { z } from 'zod';

/**
 * Platform-specific, non-secret settings of a channel (`settings:` in tanggap.yaml), and the credential
 * names each platform needs (`credentials:`, env var names). Webhook platforms also need the app secret
 * (X-Hub-Signature-256) and the verify token of the subscription handshake.
 */
const ZHost = z.string().min(1, 'expected a host name');
const ZPort = z.number({ message: 'expected a port number' }).int().min(1).max(65535);

export const ZChannelSettings = {
  telegram: z.strictObject({}),
  x: z.strictObject({
    /** The agency account's numeric user id (mentions are read for it). */
    userId: z.string().regex(/^\d{1,20}$/, 'expected the numeric X user id'),
    /** Recent-search query about the agency, e.g. '"Dinas Kesehatan" OR @dinkes -is:retweet'. */
    searchQuery: z.string().min(1).max(512).optional(),
  }),
  facebook: z.strictObject({ pageId: z.string().regex(/^\d+$/, 'expected the numeric Page id') }),
  instagram: z.strictObject({
    igUserId: z.string().regex(/^\d+$/, 'expected the numeric Instagram user id'),
    igUsername: z.string().min(1).optional(),
  }),
  youtube: z.strictObject({ channelId: z.string().regex(/^UC[\w-]{22}$/, 'expected a channel id (UC…)') }),
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

/** Credential names each platform requires (optional ones are not listed). */
export const REQUIRED_CREDENTIALS: Readonly<Record<TChannelPlatform, readonly string[]>> = {
  telegram: ['token'],
  x: ['bearerToken'],
  facebook: ['accessToken'],
  instagram: ['accessToken'],
  youtube: ['accessToken'],
  whatsapp: ['accessToken', 'appSecret', 'verifyToken'],
  email: ['imapUser', 'imapPassword', 'smtpUser', 'smtpPassword'],
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
