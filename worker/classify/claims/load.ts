/**
 * Claim registry loaders: CSV (`id,text,verdict,url`), JSON (an array of `{id, text, verdict, url?}`, or
 * `{"claims": [...]}`), JSON lines, and the Claim table. Every problem is reported with its line (CSV,
 * JSON lines) or array index (JSON), and the field.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Db } from '../../../core/db/client.ts';
import { CsvError, parseCsvWithHeader } from './csv.ts';
import { CLAIM_VERDICTS, type ClaimRecord, type ClaimVerdict } from './index.ts';

export class ClaimLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClaimLoadError';
  }
}

const VERDICT_ALIASES: Record<string, ClaimVerdict> = {
  HOAX: 'HOAKS',
  SALAH: 'HOAKS',
  DISINFORMATION: 'DISINFORMASI',
  MISINFORMATION: 'MISINFORMASI',
  BENAR: 'FAKTA',
  FACT: 'FAKTA',
  TRUE: 'FAKTA',
  UNVERIFIED: 'BELUM_TERVERIFIKASI',
};

/** "hoaks", "Belum terverifikasi", "BELUM-TERVERIFIKASI", "hoax" → the verdict; null if unknown. */
export function parseVerdict(value: string): ClaimVerdict | null {
  const key = value
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  if ((CLAIM_VERDICTS as readonly string[]).includes(key)) return key as ClaimVerdict;
  return VERDICT_ALIASES[key] ?? null;
}

/** Checks one record; `where` names it in errors ("line 4", "claims[2]"). */
function toRecord(raw: Record<string, unknown>, where: string): ClaimRecord {
  const field = (name: string): string => {
    const value = raw[name];
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new ClaimLoadError(`${where}: field "${name}" must be a string`);
    }
    return String(value).trim();
  };
  const id = field('id');
  if (!id) throw new ClaimLoadError(`${where}: field "id" is missing or empty`);
  const text = field('text');
  if (!text) throw new ClaimLoadError(`${where}: field "text" is missing or empty (claim "${id}")`);
  const verdictText = field('verdict');
  const verdict = parseVerdict(verdictText);
  if (!verdict) {
    throw new ClaimLoadError(
      `${where}: field "verdict" is "${verdictText}" (claim "${id}"); expected one of ${CLAIM_VERDICTS.join(', ')}`,
    );
  }
  const url = field('url') || field('clarificationUrl');
  return { id, text, verdict, url: url || null };
}

function checkUnique(records: readonly ClaimRecord[], wheres: readonly string[]) {
  const first = new Map<string, string>();
  records.forEach((r, i) => {
    const earlier = first.get(r.id);
    if (earlier) throw new ClaimLoadError(`${wheres[i]}: duplicate claim id "${r.id}" (first at ${earlier})`);
    first.set(r.id, wheres[i]!);
  });
}

/** Claims from CSV with a header row naming `id`, `text`, `verdict` and optionally `url` (any order). */
export function claimsFromCsv(csv: string): ClaimRecord[] {
  let parsed: ReturnType<typeof parseCsvWithHeader>;
  try {
    parsed = parseCsvWithHeader(csv, ['id', 'text', 'verdict']);
  } catch (error) {
    if (error instanceof CsvError) throw new ClaimLoadError(`CSV ${error.message}`);
    throw error;
  }
  const wheres = parsed.lines.map((line) => `line ${line}`);
  const records = parsed.rows.map((row, i) => toRecord(row, wheres[i]!));
  checkUnique(records, wheres);
  return records;
}

/** Claims from JSON: an array of claim objects, or an object with a `claims` array. */
export function claimsFromJson(json: string): ClaimRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new ClaimLoadError(`invalid JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(data) ? data : (data as { claims?: unknown } | null)?.claims;
  if (!Array.isArray(list)) throw new ClaimLoadError('JSON must be an array of claims or {"claims": [...]}');
  const wheres = list.map((_, i) => `claims[${i}]`);
  const records = list.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new ClaimLoadError(`${wheres[i]}: expected an object`);
    }
    return toRecord(item as Record<string, unknown>, wheres[i]!);
  });
  checkUnique(records, wheres);
  return records;
}

/** Claims from JSON lines, one claim object a line (blank lines skipped). */
export function claimsFromJsonLines(jsonl: string): ClaimRecord[] {
  const records: ClaimRecord[] = [];
  const wheres: string[] = [];
  jsonl.split(/\r?\n/).forEach((text, i) => {
    if (!text.trim()) return;
    const where = `line ${i + 1}`;
    let item: unknown;
    try {
      item = JSON.parse(text);
    } catch (error) {
      throw new ClaimLoadError(`${where}: invalid JSON: ${(error as Error).message}`);
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new ClaimLoadError(`${where}: expected an object`);
    }
    records.push(toRecord(item as Record<string, unknown>, where));
    wheres.push(where);
  });
  checkUnique(records, wheres);
  return records;
}

/** Reads a registry file by extension: .csv, .json or .jsonl. Errors name the file. */
export async function readClaimsFile(path: string): Promise<ClaimRecord[]> {
  const text = await readFile(path, 'utf8');
  const ext = extname(path).toLowerCase();
  try {
    if (ext === '.csv') return claimsFromCsv(text);
    if (ext === '.json') return claimsFromJson(text);
    if (ext === '.jsonl' || ext === '.ndjson') return claimsFromJsonLines(text);
  } catch (error) {
    if (error instanceof ClaimLoadError) throw new ClaimLoadError(`${path}: ${error.message}`);
    throw error;
  }
  throw new ClaimLoadError(`${path}: unknown claim file type "${ext}" (expected .csv, .json or .jsonl)`);
}

/** All claims in the Claim table (its `clarificationUrl` becomes `url`). */
export async function claimsFromDb(db: Db): Promise<ClaimRecord[]> {
  const rows = await db.claim.findMany({
    select: { id: true, text: true, verdict: true, clarificationUrl: true },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((row) => ({ id: row.id, text: row.text, verdict: row.verdict, url: row.clarificationUrl }));
}
