// Classifier CLI, no database or Redis needed; the same code as the worker (`classifyMessage`).
//
//   npm run --silent classify -- --jsonl [--claims FILE.csv] < in.jsonl > out.jsonl
//     stdin: one {"id", "text"} JSON object a line; stdout: one
//     {"id", "category", "secondary", "confidence", "reasons", "claimId"} line per input line.
//     A bad line (invalid JSON, missing or wrong-typed id/text) is reported on stderr as a JSON line
//     {"error", "line", "field"?} and skipped; the exit code is then 1.
//   npm run --silent classify -- --eval FILE [--claims FILE.csv]
//     FILE: labelled .jsonl ({"text", "label"} a line) or .csv (header with text,label); labels
//     INFO_REQUEST, COMPLAINT, MISINFORMATION, OTHER in any case. Prints accuracy, per-class precision,
//     recall and F1, macro-F1 and the confusion matrix.
//   --claims: the known-claim registry from a CSV with columns id,text,verdict,url (.json / .jsonl also
//     read) instead of the database.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { CsvError, parseCsvWithHeader } from '../worker/classify/claims/csv.ts';
import { ClaimIndex } from '../worker/classify/claims/index.ts';
import { ClaimLoadError, readClaimsFile } from '../worker/classify/claims/load.ts';
import { evaluate, formatEvaluation, type LabelledExample } from '../worker/classify/evaluate.ts';
import { CATEGORIES, type Category, classifyMessage } from '../worker/classify/rules.ts';

const USAGE = `usage:
  classify --jsonl [--claims FILE.csv]       JSON lines {"id","text"} on stdin → results on stdout
  classify --eval FILE [--claims FILE.csv]   metrics for a labelled .jsonl or .csv (text,label)`;

class UsageError extends Error {}

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const reportError = (error: string, line: number, field?: string) =>
  process.stderr.write(`${JSON.stringify(field ? { error, line, field } : { error, line })}\n`);

/** Writes to stdout in batches, waiting for the pipe to drain. */
function stdoutWriter() {
  let buffer = '';
  const flush = async () => {
    if (!buffer) return;
    const chunk = buffer;
    buffer = '';
    if (!process.stdout.write(chunk)) {
      await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
    }
  };
  return {
    async line(text: string) {
      buffer += `${text}\n`;
      if (buffer.length >= 64 * 1024) await flush();
    },
    flush,
  };
}

async function runJsonl(claims: ClaimIndex | null): Promise<number> {
  const out = stdoutWriter();
  const input = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  let failed = 0;
  for await (const line of input) {
    lineNumber++;
    if (!line.trim()) continue;
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch (error) {
      reportError(`invalid JSON: ${(error as Error).message}`, lineNumber);
      failed++;
      continue;
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      reportError('expected a JSON object with "id" and "text"', lineNumber);
      failed++;
      continue;
    }
    const { id, text } = item as { id?: unknown; text?: unknown };
    if (id === undefined || id === null || id === '') {
      reportError('missing field "id"', lineNumber, 'id');
      failed++;
      continue;
    }
    if (typeof id !== 'string' && typeof id !== 'number') {
      reportError('field "id" must be a string or a number', lineNumber, 'id');
      failed++;
      continue;
    }
    if (text === undefined || text === null) {
      reportError('missing field "text"', lineNumber, 'text');
      failed++;
      continue;
    }
    if (typeof text !== 'string') {
      reportError('field "text" must be a string', lineNumber, 'text');
      failed++;
      continue;
    }
    const r = classifyMessage(text, { claims });
    await out.line(
      JSON.stringify({
        id,
        category: r.category,
        secondary: r.secondary,
        confidence: r.confidence,
        reasons: r.reasons,
        claimId: r.claimId,
      }),
    );
  }
  await out.flush();
  if (failed > 0) process.stderr.write(`${JSON.stringify({ failed, lines: lineNumber })}\n`);
  return failed > 0 ? 1 : 0;
}

/** "info_request", "Info Request", "info-request" → INFO_REQUEST. */
function parseLabel(value: unknown): Category | null {
  if (typeof value !== 'string') return null;
  const key = value
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  return (CATEGORIES as readonly string[]).includes(key) ? (key as Category) : null;
}

interface LabelledRow {
  line: number;
  text: unknown;
  label: unknown;
}

async function readLabelled(file: string): Promise<LabelledRow[]> {
  const content = await readFile(file, 'utf8');
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') {
    try {
      const { rows, lines } = parseCsvWithHeader(content, ['text', 'label']);
      return rows.map((row, i) => ({ line: lines[i]!, text: row.text, label: row.label }));
    } catch (error) {
      if (error instanceof CsvError) throw new UsageError(`${file}: CSV ${error.message}`);
      throw error;
    }
  }
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') {
    const rows: LabelledRow[] = [];
    content.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const item = JSON.parse(line) as { text?: unknown; label?: unknown } | null;
        rows.push({ line: i + 1, text: item?.text, label: item?.label });
      } catch (error) {
        rows.push({ line: i + 1, text: undefined, label: `invalid JSON: ${(error as Error).message}` });
      }
    });
    return rows;
  }
  throw new UsageError(`${file}: unknown file type "${ext}" (expected .jsonl or .csv)`);
}

async function runEval(file: string, claims: ClaimIndex | null): Promise<number> {
  const rows = await readLabelled(file);
  const examples: LabelledExample[] = [];
  let failed = 0;
  for (const row of rows) {
    if (typeof row.label === 'string' && row.label.startsWith('invalid JSON')) {
      reportError(row.label, row.line);
      failed++;
    } else if (typeof row.text !== 'string') {
      reportError('missing field "text"', row.line, 'text');
      failed++;
    } else {
      const expected = parseLabel(row.label);
      if (!expected) {
        reportError(
          `field "label" is ${JSON.stringify(row.label ?? null)}; expected one of ${CATEGORIES.join(', ')}`,
          row.line,
          'label',
        );
        failed++;
      } else examples.push({ text: row.text, expected });
    }
  }
  if (examples.length === 0) fail(`${file}: no labelled examples`, 1);
  const result = evaluate(examples, (text) => classifyMessage(text, { claims }));
  const skipped = failed > 0 ? `, ${failed} invalid rows skipped` : '';
  const registry = claims ? `, claim registry of ${claims.size}` : '';
  process.stdout.write(
    `${file}: ${examples.length} examples${skipped}${registry}\n${formatEvaluation(result)}\n`,
  );
  return failed > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  let values: { jsonl?: boolean; eval?: string; claims?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        jsonl: { type: 'boolean' },
        eval: { type: 'string' },
        claims: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (Boolean(values.jsonl) === Boolean(values.eval))
    fail(`give exactly one of --jsonl and --eval\n${USAGE}`, 2);

  let claims: ClaimIndex | null = null;
  if (values.claims) {
    try {
      claims = new ClaimIndex(await readClaimsFile(values.claims));
    } catch (error) {
      const message =
        error instanceof ClaimLoadError ? error.message : `${values.claims}: ${(error as Error).message}`;
      fail(`cannot load claims: ${message}`, 2);
    }
  }
  try {
    return values.jsonl ? await runJsonl(claims) : await runEval(values.eval!, claims);
  } catch (error) {
    if (error instanceof UsageError) fail(error.message, 2);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') fail((error as Error).message, 2);
    throw error;
  }
}

// A closed pipe (`… | head`) ends the run quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main();
