/**
 * A small RFC 4180 CSV parser: fields separated by commas, records by CRLF or LF (a lone CR too);
 * a field in double quotes may hold commas, line breaks and doubled quotes (`""` → `"`). Also accepted:
 * a UTF-8 byte-order mark, a missing final line break, blank lines (skipped). Rejected with the line
 * number: a quote inside an unquoted field, text after a closing quote, an unterminated quoted field.
 */

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

export interface CsvRecord {
  fields: string[];
  /** Line number (1-based) where the record starts. */
  line: number;
}

export function parseCsv(input: string): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const n = text.length;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;

  while (i < n) {
    if (fields.length === 0) recordLine = line;
    let field: string;
    if (text[i] === '"') {
      // Quoted field: up to the next quote that is not doubled.
      const openedAt = line;
      let value = '';
      let from = ++i;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new CsvError('quoted field is not closed', openedAt);
        line += countLineBreaks(text, i, quote);
        if (text[quote + 1] === '"') {
          value += text.slice(from, quote + 1);
          i = from = quote + 2;
          continue;
        }
        value += text.slice(from, quote);
        i = quote + 1;
        break;
      }
      if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        throw new CsvError('unexpected text after a closing quote', line);
      }
      field = value;
    } else {
      let end = i;
      while (end < n && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') {
        if (text[end] === '"') throw new CsvError('quote inside an unquoted field', line);
        end++;
      }
      field = text.slice(i, end);
      i = end;
    }
    fields.push(field);
    // i is at a comma, a line break or the end.
    if (i < n && text[i] === ',') {
      i++;
      if (i === n) fields.push('');
      continue;
    }
    const blank = fields.length === 1 && fields[0] === '' && text[i - 1] !== '"';
    if (!blank) records.push({ fields, line: recordLine });
    fields = [];
    if (i < n) {
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    }
  }
  // Input ending in a comma: the record's last (empty) field was pushed above.
  if (fields.length > 0) records.push({ fields, line: recordLine });
  return records;
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || (c === 13 && text.charCodeAt(k + 1) !== 10)) count++;
  }
  return count;
}

/**
 * Records as objects keyed by the header row (names trimmed, compared lower-case). Throws when a
 * `required` column is missing or a record has more fields than the header.
 */
export function parseCsvWithHeader(
  input: string,
  required: readonly string[],
): { rows: Record<string, string>[]; lines: number[] } {
  const [header, ...records] = parseCsv(input);
  if (!header) throw new CsvError('empty file: expected a header row', 1);
  const names = header.fields.map((n) => n.trim().toLowerCase());
  for (const name of required) {
    if (!names.includes(name)) {
      throw new CsvError(`missing column "${name}" (header: ${names.join(',')})`, header.line);
    }
  }
  const rows: Record<string, string>[] = [];
  const lines: number[] = [];
  for (const record of records) {
    if (record.fields.length > names.length) {
      throw new CsvError(`${record.fields.length} fields, the header has ${names.length}`, record.line);
    }
    const row: Record<string, string> = {};
    names.forEach((name, i) => {
      row[name] = record.fields[i] ?? '';
    });
    rows.push(row);
    lines.push(record.line);
  }
  return { rows, lines };
}
