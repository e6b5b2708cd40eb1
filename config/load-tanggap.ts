import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ConfigError } from './env.ts';
import { formatIssues } from './format-issues.ts';
import { type TChannelConfig, type TTanggapConfig, ZTanggapConfig } from './tanggap-schema.ts';

/** Reads and validates tanggap.yaml; every error names the file and the key path. */
export function loadTanggapConfig(file: string): TTanggapConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(
      `${file}: cannot read the file (set TANGGAP_CONFIG or copy config/tanggap.example.yaml)`,
    );
  }
  return parseTanggapConfig(text, file);
}

export function parseTanggapConfig(text: string, file = 'tanggap.yaml'): TTanggapConfig {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const where = first.linePos?.[0]
      ? ` (line ${first.linePos[0].line}, column ${first.linePos[0].col})`
      : '';
    throw new ConfigError(`${file}: invalid YAML${where}: ${first.message.split('\n')[0]}`);
  }
  const result = ZTanggapConfig.safeParse(doc.toJS());
  if (!result.success) throw new ConfigError(`${file} is invalid:\n${formatIssues(result.error.issues)}`);
  return result.data;
}

/** Reads a channel credential from the environment variable the config names. */
export function resolveCredential(
  config: TTanggapConfig,
  channel: TChannelConfig,
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const index = config.channels.indexOf(channel);
  return credentialFromEnv(channel.credentials, name, `channels[${index}].credentials`, env);
}

/** The secret a `credentials: { name: ENV_VAR }` map points at; errors name the key path, never the value. */
export function credentialFromEnv(
  credentials: Readonly<Record<string, string>>,
  name: string,
  where: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const path = `${where}.${name}`;
  const varName = credentials[name];
  if (!varName) throw new ConfigError(`${path}: missing (name the environment variable that holds it)`);
  const value = env[varName];
  if (!value) throw new ConfigError(`${path}: environment variable ${varName} is not set`);
  return value;
}
