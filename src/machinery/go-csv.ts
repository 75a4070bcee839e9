// Go's encoding/csv reader with its defaults (comma-separated, RFC 4180 quotes, no comments,
// any number of fields per record): the records Kubernetes reads from CSV files, and its
// errors, worded and positioned (1-based line, 1-based byte column) as Go reports them.

export class CsvParseError extends Error {
  constructor(readonly startLine: number, readonly line: number, readonly column: number, readonly reason: string) {
    super(startLine !== line
      ? `record on line ${startLine}; parse error on line ${line}, column ${column}: ${reason}`
      : `parse error on line ${line}, column ${column}: ${reason}`);
  }
}

const BARE_QUOTE = 'bare " in non-quoted-field';
const QUOTE = 'extraneous or missing " in quoted-field';

/** Every record of `text`; empty lines are skipped, `\r\n` reads as `\n`. */
export function parseCsv(text: string): string[][] {
  const lines = splitLines(text);
  const records: string[][] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line === '\n') { index++; continue; }
    const { record, nextLine } = readRecord(lines, index);
    records.push(record);
    index = nextLine;
  }
  return records;
}

/** Lines with their trailing `\n` (the last may lack it); a final `\r` before EOF is dropped. */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    let line = nl < 0 ? text.slice(start) : text.slice(start, nl + 1);
    start = nl < 0 ? text.length : nl + 1;
    if (line.endsWith('\r\n')) line = `${line.slice(0, -2)}\n`;
    else if (nl < 0 && line.endsWith('\r')) line = line.slice(0, -1);
    lines.push(line);
  }
  return lines;
}

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');
const withoutNewline = (s: string) => (s.endsWith('\n') ? s.slice(0, -1) : s);

function readRecord(lines: string[], first: number): { record: string[]; nextLine: number } {
  const startLine = first + 1;
  let lineIndex = first;
  let line = lines[lineIndex]!;
  let col = 1;
  const fields: string[] = [];
  for (;;) {
    if (!line.startsWith('"')) {
      const comma = line.indexOf(',');
      const field = comma >= 0 ? line.slice(0, comma) : withoutNewline(line);
      const quote = field.indexOf('"');
      if (quote >= 0) throw new CsvParseError(startLine, lineIndex + 1, col + byteLength(field.slice(0, quote)), BARE_QUOTE);
      fields.push(field);
      if (comma < 0) return { record: fields, nextLine: lineIndex + 1 };
      col += byteLength(field) + 1;
      line = line.slice(comma + 1);
      continue;
    }
    // Quoted field, possibly spanning lines.
    line = line.slice(1);
    col += 1;
    let value = '';
    for (;;) {
      const quote = line.indexOf('"');
      if (quote >= 0) {
        value += line.slice(0, quote);
        col += byteLength(line.slice(0, quote)) + 1;
        line = line.slice(quote + 1);
        if (line.startsWith('"')) {
          value += '"';
          line = line.slice(1);
          col += 1;
        } else if (line.startsWith(',')) {
          fields.push(value);
          line = line.slice(1);
          col += 1;
          break;
        } else if (line === '' || line === '\n') {
          fields.push(value);
          return { record: fields, nextLine: lineIndex + 1 };
        } else {
          throw new CsvParseError(startLine, lineIndex + 1, col - 1, QUOTE);
        }
      } else if (line.length > 0) {
        value += line;
        col += byteLength(line);
        if (lineIndex + 1 >= lines.length) throw new CsvParseError(startLine, lineIndex + 1, col, QUOTE);
        lineIndex++;
        line = lines[lineIndex]!;
        col = 1;
      } else {
        throw new CsvParseError(startLine, lineIndex + 1, col, QUOTE);
      }
    }
  }
}
