import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../../config/env.ts';
import { loadTanggapConfig, parseTanggapConfig, resolveCredential } from '../../config/load-tanggap.ts';

const VALID = readFileSync('config/tanggap.example.yaml', 'utf8');

function errorOf(text: string): string {
  try {
    parseTanggapConfig(text, 'broken.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
}

describe('tanggap.yaml', () => {
  it('accepts the shipped example and demo configs', () => {
    expect(parseTanggapConfig(VALID).channels[0]?.platform).toBe('telegram');
    expect(loadTanggapConfig('config/tanggap.demo.yaml').agencies).toHaveLength(3);
  });

  it.each([
    [
      'a poll interval that is not a number',
      VALID.replace('pollIntervalSeconds: 30', 'pollIntervalSeconds: "sering"'),
      'channels[0].pollIntervalSeconds: expected a number ≥ 5',
    ],
    [
      'a poll interval that is too short',
      VALID.replace('pollIntervalSeconds: 30', 'pollIntervalSeconds: 1'),
      'channels[0].pollIntervalSeconds: expected a number ≥ 5',
    ],
    [
      'an unknown time zone',
      VALID.replace('timeZone: Asia/Makassar #', 'timeZone: Asia/Bangkok #'),
      'agencies[0].timeZone: expected one of Asia/Jakarta',
    ],
    [
      'a parent that does not exist',
      VALID.replace('parent: diskominfo-ntb', 'parent: diskominfo-ntt'),
      'agencies[1].parent: unknown agency "diskominfo-ntt"',
    ],
    [
      'a channel on an unknown platform',
      VALID.replace('platform: telegram', 'platform: friendster'),
      'channels[0].platform: expected one of telegram',
    ],
    [
      'an undefined SLA policy',
      VALID.replace('slaPolicy: standar\n  - id: bapenda', 'slaPolicy: kilat\n  - id: bapenda'),
      'agencies[0].slaPolicy: unknown SLA policy "kilat"',
    ],
    [
      'a credential that is not an env var name',
      VALID.replace('token: TELEGRAM_BOT_TOKEN_DISKOMINFO_NTB', 'token: "123456:AAE-real-looking-token"'),
      'channels[0].credentials.token: expected the NAME of an environment variable',
    ],
    [
      'an SLA target with two amounts',
      VALID.replace('COMPLAINT: { workingHours: 2 }', 'COMPLAINT: { workingHours: 2, calendarMinutes: 30 }'),
      'slaPolicies.standar.firstResponse.COMPLAINT: expected exactly one of workingMinutes',
    ],
    [
      'an SLA target in an unknown unit',
      VALID.replace('INFO_REQUEST: { workingDays: 10 }', 'INFO_REQUEST: { weeks: 2 }'),
      'slaPolicies.standar.resolution.INFO_REQUEST',
    ],
    [
      'a fractional number of working days',
      VALID.replace('COMPLAINT: { workingDays: 5 }', 'COMPLAINT: { workingDays: 2.5 }'),
      'slaPolicies.standar.resolution.COMPLAINT.workingDays',
    ],
    [
      'a warning threshold outside (0, 1)',
      VALID.replace('warnAt: [0.5, 0.8]', 'warnAt: [0.5, 80]'),
      'slaPolicies.standar.warnAt[1]: expected a fraction below 1',
    ],
    [
      'warning thresholds out of order',
      VALID.replace('warnAt: [0.5, 0.8]', 'warnAt: [0.8, 0.5]'),
      'slaPolicies.standar.warnAt[1]: expected increasing fractions',
    ],
  ])('rejects %s, naming the key path', (_label, text, expected) => {
    const message = errorOf(text);
    expect(message).toContain('broken.yaml');
    expect(message).toContain(expected);
  });

  it('rejects a secret written inline, telling where it belongs', () => {
    const message = errorOf(
      VALID.replace('    credentials:', '    botToken: "123456:AAE-secret"\n    credentials:'),
    );
    expect(message).toContain('channels[0].botToken: secrets must not be written in tanggap.yaml');
    expect(message).not.toContain('AAE-secret');
  });

  it('accepts the original firstResponseHours form and defaults the warnings to 50% and 80%', () => {
    const legacy = VALID.replace(
      /slaPolicies:\n[\s\S]*?\n\nchannels:/,
      'slaPolicies:\n  standar:\n    firstResponseHours: { INFO_REQUEST: 24, COMPLAINT: 8, MISINFORMATION: 4, OTHER: 72 }\n\nchannels:',
    );
    const policy = parseTanggapConfig(legacy).slaPolicies.standar!;
    expect(policy.firstResponseHours?.COMPLAINT).toBe(8);
    expect(policy.warnAt).toEqual([0.5, 0.8]);
  });

  it('ships the SLA defaults: 2 working hours, 5 working days for complaints, 10 for information', () => {
    const policy = parseTanggapConfig(VALID).slaPolicies.standar!;
    expect(policy.firstResponse?.COMPLAINT).toEqual({ workingHours: 2 });
    expect(policy.resolution?.COMPLAINT).toEqual({ workingDays: 5 });
    expect(policy.resolution?.INFO_REQUEST).toEqual({ workingDays: 10 });
  });

  it('reports YAML syntax errors with the line', () => {
    expect(errorOf('agencies:\n  - id: [unclosed\n')).toMatch(/broken\.yaml: invalid YAML \(line \d+/);
  });

  describe('OAuth refresh credentials', () => {
    const YT_TOKEN = 'accessToken: YOUTUBE_ACCESS_TOKEN_DISKOMINFO_NTB';
    const X_USER = 'userToken: X_USER_TOKEN_DISKOMINFO_NTB';
    const refreshSet = (indent: string, names = ['clientId', 'clientSecret', 'refreshToken']) =>
      names.map((n) => `${n}: ${n.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_YT`).join(`\n${indent}`);

    it('accepts YouTube with clientId, clientSecret and refreshToken instead of accessToken', () => {
      const config = parseTanggapConfig(VALID.replace(YT_TOKEN, refreshSet('      ')));
      expect(config.channels[4]?.credentials).toEqual({
        clientId: 'CLIENT_ID_YT',
        clientSecret: 'CLIENT_SECRET_YT',
        refreshToken: 'REFRESH_TOKEN_YT',
      });
    });

    it('rejects YouTube with neither, naming accessToken and the alternative', () => {
      const message = errorOf(VALID.replace(YT_TOKEN, 'apiKey: YOUTUBE_API_KEY'));
      expect(message).toContain(
        'channels[4].credentials.accessToken: required for youtube: name the environment variable that holds it, or name clientId, clientSecret, refreshToken instead',
      );
    });

    it('rejects an incomplete refresh set, naming the missing credential', () => {
      const yt = errorOf(VALID.replace(YT_TOKEN, refreshSet('      ', ['clientId', 'clientSecret'])));
      expect(yt).toContain(
        'channels[4].credentials.refreshToken: required with clientId and clientSecret: name all of clientId, clientSecret, refreshToken',
      );
      expect(yt).not.toContain('credentials.accessToken');
      const x = errorOf(VALID.replace(X_USER, refreshSet('      ', ['refreshToken'])));
      expect(x).toContain('channels[1].credentials.clientId: required with refreshToken');
      expect(x).toContain('channels[1].credentials.clientSecret: required with refreshToken');
    });

    it('accepts a tokenUrl setting for YouTube and X, and checks it is a URL', () => {
      const withUrl = VALID.replace(
        'settings: { channelId: UCabcdefghijklmnopqrstuv }',
        'settings: { channelId: UCabcdefghijklmnopqrstuv, tokenUrl: "http://127.0.0.1:9/token" }',
      );
      expect(parseTanggapConfig(withUrl).channels[4]?.settings).toMatchObject({
        tokenUrl: 'http://127.0.0.1:9/token',
      });
      expect(errorOf(withUrl.replace('http://127.0.0.1:9/token', 'not a url'))).toContain(
        'channels[4].settings.tokenUrl: expected an http(s) URL',
      );
    });
  });

  it('names the env var when a credential is missing from the environment', () => {
    const config = parseTanggapConfig(VALID);
    const channel = config.channels[0]!;
    expect(() => resolveCredential(config, channel, 'token', {})).toThrow(
      'channels[0].credentials.token: environment variable TELEGRAM_BOT_TOKEN_DISKOMINFO_NTB is not set',
    );
    expect(resolveCredential(config, channel, 'token', { TELEGRAM_BOT_TOKEN_DISKOMINFO_NTB: 'x' })).toBe('x');
  });
});

describe('environment', () => {
  it('names the variable that is wrong', () => {
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(
      'DATABASE_URL: expected a postgresql:// URL',
    );
    expect(() => parseEnv({ PORT: 'delapan' })).toThrow(/PORT:/);
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow('SESSION_SECRET: must be set in production');
  });

  it('fills sensible defaults for local development', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/tanggap');
    expect(env.TANGGAP_DEMO).toBe(false);
  });
});
