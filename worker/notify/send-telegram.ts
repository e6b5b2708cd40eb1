import { credentialFromEnv } from '../../config/load-tanggap.ts';
import type { TTanggapConfig } from '../../config/tanggap-schema.ts';
import { httpJson } from '../connectors/http-client.ts';

type TelegramSettings = NonNullable<NonNullable<TTanggapConfig['notifications']>['telegram']>;

/** Sends one notice with the Bot API's sendMessage; failures are ConnectorErrors (token redacted). */
export function createTelegramSender(settings: TelegramSettings, env: NodeJS.ProcessEnv) {
  const token = credentialFromEnv(settings.credentials, 'token', 'notifications.telegram.credentials', env);
  const base = settings.apiBaseUrl ?? 'https://api.telegram.org';
  return {
    async send(chatId: string | number, text: string): Promise<void> {
      await httpJson(`${base.replace(/\/$/, '')}/bot${token}/sendMessage`, {
        method: 'POST',
        body: { chat_id: chatId, text, disable_web_page_preview: true },
        timeoutMs: 15_000,
        maxBytes: 256 * 1024,
      });
    },
  };
}
