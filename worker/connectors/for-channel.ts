import { createHash } from 'node:crypto';
import { ZChannelSettings } from '../../config/channel-settings.ts';
import { ConfigError } from '../../config/env.ts';
import { resolveCredential } from '../../config/load-tanggap.ts';
import type { TChannelConfig, TTanggapConfig } from '../../config/tanggap-schema.ts';
import { createEmailConnector } from './email.ts';
import { createFacebookPageConnector } from './facebook-page.ts';
import { createInstagramConnector } from './instagram.ts';
import { GOOGLE_TOKEN_URL, type TokenSource, tokenSourceFor, X_TOKEN_URL } from './oauth-token.ts';
import { createTelegramConnector } from './telegram.ts';
import type { Connector } from './types.ts';
import { createWhatsAppConnector } from './whatsapp.ts';
import { createXConnector } from './x.ts';
import { createYouTubeConnector } from './youtube.ts';

const TIMEOUT_MS = 15_000;

export interface ConnectorContext {
  env?: NodeJS.ProcessEnv;
  /** Where a connector reports something that went wrong but did not fail the call. */
  warn?: (message: string) => void;
  /** Keeps rotated OAuth refresh tokens (X) across restarts; keyed by channel and the configured token. */
  refreshTokens?: RefreshTokenStore;
}

/** Builds the connector for a configured channel; credentials come from the env vars the config names. */
export function connectorForChannel(
  config: TTanggapConfig,
  channelId: string,
  env: NodeJS.ProcessEnv = process.env,
  context: ConnectorContext = {},
): Connector {
  const channel = findChannel(config, channelId);
  const secret = (name: string) => resolveCredential(config, channel, name, env);
  const optional = (name: string) => (channel.credentials[name] ? secret(name) : undefined);
  const base = channel.apiBaseUrl ? { apiBaseUrl: channel.apiBaseUrl } : {};
  /**
   * With clientId, clientSecret and refreshToken named, access tokens are refreshed as they expire; the source
   * is shared by every connector built for this channel. A rotated refresh token (X) is saved through
   * `context.refreshTokens` and used after a restart, as long as the configured one has not changed.
   */
  const refreshingTokens = (tokenUrl: string, clientAuth: 'body' | 'basic'): TokenSource | undefined =>
    channel.credentials.refreshToken
      ? tokenSourceFor(channel.id, {
          tokenUrl,
          clientId: secret('clientId'),
          clientSecret: secret('clientSecret'),
          refreshToken: secret('refreshToken'),
          clientAuth,
          timeoutMs: TIMEOUT_MS,
          ...(context.refreshTokens
            ? rotationHooks(context.refreshTokens, channel.id, secret('refreshToken'))
            : {}),
        })
      : undefined;
  switch (channel.platform) {
    case 'telegram':
      return createTelegramConnector({
        token: secret('token'),
        ...base,
        longPollSeconds: 0,
        timeoutMs: TIMEOUT_MS,
      });
    case 'x': {
      const s = ZChannelSettings.x.parse(channel.settings);
      const userTokenSource = refreshingTokens(s.tokenUrl ?? X_TOKEN_URL, 'basic');
      const userToken = userTokenSource ? undefined : optional('userToken');
      return createXConnector({
        bearerToken: secret('bearerToken'),
        ...(userTokenSource ? { userTokenSource } : userToken ? { userToken } : {}),
        userId: s.userId,
        ...(s.searchQuery ? { searchQuery: s.searchQuery } : {}),
        ...base,
        timeoutMs: TIMEOUT_MS,
      });
    }
    case 'facebook':
      return createFacebookPageConnector({
        pageId: ZChannelSettings.facebook.parse(channel.settings).pageId,
        accessToken: secret('accessToken'),
        ...base,
        timeoutMs: TIMEOUT_MS,
      });
    case 'instagram':
      return instagramConnector(config, channelId, env);
    case 'youtube': {
      const s = ZChannelSettings.youtube.parse(channel.settings);
      const apiKey = optional('apiKey');
      const tokenSource = refreshingTokens(s.tokenUrl ?? GOOGLE_TOKEN_URL, 'body');
      return createYouTubeConnector({
        channelId: s.channelId,
        ...(tokenSource ? { tokenSource } : { accessToken: secret('accessToken') }),
        ...(apiKey ? { apiKey } : {}),
        ...base,
        timeoutMs: TIMEOUT_MS,
      });
    }
    case 'whatsapp':
      return whatsAppConnector(config, channelId, env);
    case 'email': {
      const s = ZChannelSettings.email.parse(channel.settings);
      return createEmailConnector({
        imap: {
          ...s.imap,
          user: secret('imapUser'),
          password: secret('imapPassword'),
        },
        smtp: { ...s.smtp, user: secret('smtpUser'), password: secret('smtpPassword') },
        fromAddress: s.fromAddress,
        ...(s.fromName ? { fromName: s.fromName } : {}),
        timeoutMs: TIMEOUT_MS,
        ...(context.warn ? { onWarning: context.warn } : {}),
      });
    }
  }
}

export function instagramConnector(config: TTanggapConfig, channelId: string, env: NodeJS.ProcessEnv) {
  const channel = findChannel(config, channelId);
  const s = ZChannelSettings.instagram.parse(channel.settings);
  return createInstagramConnector({
    igUserId: s.igUserId,
    ...(s.igUsername ? { igUsername: s.igUsername } : {}),
    accessToken: resolveCredential(config, channel, 'accessToken', env),
    ...(channel.apiBaseUrl ? { apiBaseUrl: channel.apiBaseUrl } : {}),
    timeoutMs: TIMEOUT_MS,
  });
}

export function whatsAppConnector(config: TTanggapConfig, channelId: string, env: NodeJS.ProcessEnv) {
  const channel = findChannel(config, channelId);
  return createWhatsAppConnector({
    phoneNumberId: ZChannelSettings.whatsapp.parse(channel.settings).phoneNumberId,
    accessToken: resolveCredential(config, channel, 'accessToken', env),
    ...(channel.apiBaseUrl ? { apiBaseUrl: channel.apiBaseUrl } : {}),
    timeoutMs: TIMEOUT_MS,
  });
}

export interface RefreshTokenStore {
  load(key: string): Promise<string | null>;
  save(key: string, token: string): Promise<void>;
}

/** The key names the configured token by its hash: configuring a new one starts from it, not a stale save. */
function rotationHooks(store: RefreshTokenStore, channelId: string, configured: string) {
  const key = `${channelId}:${createHash('sha256').update(configured).digest('hex').slice(0, 16)}`;
  return { loadRotated: () => store.load(key), onRotate: (token: string) => store.save(key, token) };
}

export function findChannel(config: TTanggapConfig, channelId: string): TChannelConfig {
  const channel = config.channels.find((c) => c.id === channelId);
  if (!channel) throw new ConfigError(`channel "${channelId}" is not in the configuration`);
  return channel;
}
