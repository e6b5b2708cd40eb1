import { ZChannelSettings } from '../../config/channel-settings.ts';
import { ConfigError } from '../../config/env.ts';
import { resolveCredential } from '../../config/load-tanggap.ts';
import type { TChannelConfig, TTanggapConfig } from '../../config/tanggap-schema.ts';
import { createEmailConnector } from './email.ts';
import { createFacebookPageConnector } from './facebook-page.ts';
import { createInstagramConnector } from './instagram.ts';
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
      const userToken = optional('userToken');
      return createXConnector({
        bearerToken: secret('bearerToken'),
        ...(userToken ? { userToken } : {}),
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
      const apiKey = optional('apiKey');
      return createYouTubeConnector({
        channelId: ZChannelSettings.youtube.parse(channel.settings).channelId,
        accessToken: secret('accessToken'),
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

export function findChannel(config: TTanggapConfig, channelId: string): TChannelConfig {
  const channel = config.channels.find((c) => c.id === channelId);
  if (!channel) throw new ConfigError(`channel "${channelId}" is not in the configuration`);
  return channel;
}
