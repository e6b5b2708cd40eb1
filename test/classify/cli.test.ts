import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClaimIndex } from '../../worker/classify/claims/index.ts';
import { classifyMessage } from '../../worker/classify/rules.ts';
import { REGISTRY } from './fixtures/claims.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs the CLI as `npm run classify` does (tsx), feeding `stdin`. */
function cli(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/classify-cli.ts', ...args], {
      cwd: ROOT,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const lines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** The registry as CSV; every text quoted (several contain commas), one with a line break and quotes. */
function registryCsv(): string {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const rows = REGISTRY.map((c) => [c.id, quote(c.text), c.verdict.toLowerCase(), c.url ?? ''].join(','));
  rows.push(
    `x1,${quote('Pesan "resmi" gubernur:\nsemua pegawai libur sebulan penuh, gaji tetap dibayar penuh')},Hoaks,`,
  );
  return `id,text,verdict,url\r\n${rows.join('\r\n')}\r\n`;
}

let dir: string;
let claimsFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tanggap-classify-'));
  claimsFile = join(dir, 'claims.csv');
  await writeFile(claimsFile, registryCsv());
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('classify CLI --jsonl', () => {
  const messages = [
    {
      id: 'm1',
      text: 'BPJS Kesehatan mau dibubarkan tahun depan, pesertanya dipindah ke asuransi swasta yang iurannya 2x lipat',
    },
    { id: 'm2', text: 'Min, syarat perpanjang STNK 5 tahunan apa aja ya?' },
    {
      id: 3,
      text: 'ada pesan resmi gubernur, semua pegawai libur sebulan penuh dan gaji tetap dibayar penuh. bener?',
    },
    { id: 'm4', text: '' },
    {
      id: 'm5',
      text: 'Pendaftaran SMA negeri tahun ajaran 2024/2025 daring mulai 10 Juni di website resmi Dinas Pendidikan, betul min?',
    },
  ];

  it('classifies JSON lines from stdin with the same code as the worker, matching the CSV registry', async () => {
    const { code, stdout, stderr } = await cli(
      ['--jsonl', '--claims', claimsFile],
      `${messages.map((m) => JSON.stringify(m)).join('\n')}\n`,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = lines(stdout);
    expect(out.map((o) => o.id)).toEqual(['m1', 'm2', 3, 'm4', 'm5']);
    for (const o of out) {
      expect(Object.keys(o)).toEqual(['id', 'category', 'secondary', 'confidence', 'reasons', 'claimId']);
    }
    expect(out[0]).toMatchObject({ category: 'MISINFORMATION', claimId: 'c15' });
    expect(out[1]).toMatchObject({ category: 'INFO_REQUEST', claimId: null });
    expect(out[2]).toMatchObject({ category: 'MISINFORMATION', claimId: 'x1' });
    expect(out[3]).toMatchObject({ category: 'OTHER', claimId: null, reasons: ['pesan kosong'] });
    expect(out[4]).toMatchObject({ claimId: 'c13' });
    // Identical to calling classifyMessage in process with the same registry.
    const index = new ClaimIndex(REGISTRY);
    for (const [i, m] of messages.slice(0, 2).entries()) {
      const { modelVersion: _, ...expected } = classifyMessage(m.text, { claims: index });
      expect(out[i]).toEqual({ id: m.id, ...expected });
    }
  });

  it('works without a registry (claimId null)', async () => {
    const { code, stdout } = await cli(['--jsonl'], `${JSON.stringify(messages[0])}\n`);
    expect(code).toBe(0);
    expect(lines(stdout)[0]).toMatchObject({ id: 'm1', claimId: null });
  });

  it('reports bad lines on stderr with line number and field, keeps going, exits 1', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'Terima kasih min' }),
      '{not json',
      JSON.stringify({ text: 'tanpa id' }),
      JSON.stringify({ id: 'c' }),
      JSON.stringify({ id: 'd', text: 42 }),
      '',
      JSON.stringify([1, 2]),
      JSON.stringify({ id: 'e', text: 'Jalan rusak parah' }),
    ].join('\n');
    const { code, stdout, stderr } = await cli(['--jsonl'], input);
    expect(code).toBe(1);
    expect(lines(stdout).map((o) => o.id)).toEqual(['a', 'e']);
    const errors = lines(stderr);
    expect(errors.slice(0, -1)).toEqual([
      { error: expect.stringContaining('invalid JSON'), line: 2 },
      { error: 'missing field "id"', line: 3, field: 'id' },
      { error: 'missing field "text"', line: 4, field: 'text' },
      { error: 'field "text" must be a string', line: 5, field: 'text' },
      { error: expect.stringContaining('expected a JSON object'), line: 7 },
    ]);
    expect(errors.at(-1)).toEqual({ failed: 5, lines: 8 });
  });

  it('refuses a bad registry or bad arguments with exit code 2', async () => {
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'id,text,verdict\nk1,teks,bohong\n');
    const r = await cli(['--jsonl', '--claims', bad], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 2: field "verdict" is "bohong"');
    expect((await cli([])).code).toBe(2);
    expect((await cli(['--jsonl', '--nope'])).code).toBe(2);
  });
});

describe('classify CLI --eval', () => {
  const examples = [
    { text: 'Min, syarat perpanjang STNK 5 tahunan apa aja ya?', label: 'info_request' },
    { text: 'Jalan depan rumah sy rusak parah bgt, udh 6 bulan gak diperbaiki', label: 'Complaint' },
    { text: 'Info dari grup sebelah: besok semua sekolah diliburkan. Sebarkan!!', label: 'MISINFORMATION' },
    { text: 'Terima kasih banyak min, sangat membantu', label: 'other' },
    { text: 'Selamat pagi semuanya', label: 'COMPLAINT' },
  ];

  it('prints per-class precision, recall, F1, macro-F1 and the confusion matrix for JSONL', async () => {
    const file = join(dir, 'labelled.jsonl');
    await writeFile(file, `${examples.map((e) => JSON.stringify(e)).join('\n')}\n`);
    const { code, stdout, stderr } = await cli(['--eval', file]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('5 examples');
    expect(stdout).toContain('accuracy 80.0% (4/5), macro-F1 83.3%');
    expect(stdout).toMatch(/^COMPLAINT\s+2\s+100\.0%\s+50\.0%\s+66\.7%$/m);
    expect(stdout).toMatch(/^OTHER\s+1\s+50\.0%\s+100\.0%\s+66\.7%$/m);
    expect(stdout).toContain('confusion (rows expected, columns predicted)');
    expect(stdout).toMatch(/^COMPLAINT\s+0\s+1\s+0\s+1$/m);
  });

  it('reads CSV with quoted fields, and skips (reports) bad rows', async () => {
    const file = join(dir, 'labelled.csv');
    const csv = [
      'label,text',
      ...examples.slice(0, 4).map((e) => `${e.label},"${e.text.replaceAll('"', '""')}"`),
      'spam,"halo, apa kabar"',
    ].join('\n');
    await writeFile(file, csv);
    const { code, stdout, stderr } = await cli(['--eval', file]);
    expect(code).toBe(1);
    expect(stdout).toContain('4 examples, 1 invalid rows skipped');
    expect(stdout).toContain('accuracy 100.0% (4/4), macro-F1 100.0%');
    expect(lines(stderr)).toEqual([
      { error: expect.stringContaining('field "label" is "spam"'), line: 6, field: 'label' },
    ]);
  });
});
