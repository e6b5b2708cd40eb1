import { createTransport } from 'nodemailer';
import { credentialFromEnv } from '../../config/load-tanggap.ts';
import type { TTanggapConfig } from '../../config/tanggap-schema.ts';

type EmailSettings = NonNullable<NonNullable<TTanggapConfig['notifications']>['email']>;

export interface NoticeMail {
  to: string;
  subject: string;
  text: string;
  /** Deterministic, so a mail client can tell a re-sent notice is the same one. */
  messageId: string;
}

/** Sends one notice over SMTP; credentials come from the env vars the config names. */
export function createEmailSender(settings: EmailSettings, env: NodeJS.ProcessEnv) {
  const user = settings.credentials.user
    ? credentialFromEnv(settings.credentials, 'user', 'notifications.email.credentials', env)
    : undefined;
  const pass = settings.credentials.password
    ? credentialFromEnv(settings.credentials, 'password', 'notifications.email.credentials', env)
    : undefined;
  const transport = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(user && pass ? { auth: { user, pass } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail: NoticeMail): Promise<void> {
      await transport.sendMail({
        from: settings.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
      });
    },
    close: () => transport.close(),
  };
}
