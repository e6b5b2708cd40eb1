import { ConfigError } from '../../config/env.ts';
import { resolveCredential } from '../../config/load-tanggap.ts';
import type { TTanggapConfig } from '../../config/tanggap-schema.ts';
import { createTelegramConnector } from './telegram.ts';
import type { Connector } from './types.ts';

/** Builds the connector for a configured channel; credentials come from the env vars the config names. */
export function connectorForChannel(
  config: TTanggapConfig,
  channelId: string,
  env: NodeJS.ProcessEnv = process.env,
): Connector {
  const channel = config.channels.find((c) => c.id === channelId);
  if (!channel) throw new ConfigError(`channel "${channelId}" is not in the configuration`);
  switch (channel.platform) {
    case 'telegram':
      return createTelegramConnector({
        token: resolveCredential(config, channel, 'token', env),
        ...(channel.apiBaseUrl ? { apiBaseUrl: channel.apiBaseUrl } : {}),
        longPollSeconds: 0,
        timeoutMs: 15_000,
      });
    default:
      throw new ConfigError(`channel "${channelId}": platform ${channel.platform} has no connector yet`);
  }
}
