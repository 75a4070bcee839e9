// The Arca backup file: gzip'd JSON lines.
//   line 1:  {"format":"arca-backup","version":1,"revision":R,"count":N,"createdAt":"<ISO 8601>"}
//   then N:  {"key":"/registry/…","value":"<base64 of the stored bytes>"}
// R is the store revision the snapshot was read at; keys follow in the store's (bytewise) order.
// Values are the bytes exactly as stored: values encrypted at rest stay encrypted, so restoring
// needs the same encryption configuration.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';

export const BACKUP_FORMAT = 'arca-backup';
export const BACKUP_VERSION = 1;

export interface StoredEntry {
  key: string;
  value: Uint8Array;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  revision: number;
  count: number;
  createdAt: string;
}

export function encodeEntry(entry: StoredEntry): string {
  return JSON.stringify({ key: entry.key, value: Buffer.from(entry.value).toString('base64') });
}

export function decodeEntry(line: string, lineNumber: number): StoredEntry {
  const parsed = parseLine(line, lineNumber) as { key?: unknown; value?: unknown };
  if (typeof parsed.key !== 'string' || typeof parsed.value !== 'string') {
    throw new Error(`not an Arca backup: line ${lineNumber} is not a {key, value} entry`);
  }
  return { key: parsed.key, value: new Uint8Array(Buffer.from(parsed.value, 'base64')) };
}

export function decodeHeader(line: string | undefined): BackupHeader {
  if (line === undefined) throw new Error('not an Arca backup: the file is empty');
  const parsed = parseLine(line, 1) as Partial<BackupHeader>;
  if (parsed.format !== BACKUP_FORMAT) throw new Error(`not an Arca backup: the header's format is not "${BACKUP_FORMAT}"`);
  if (parsed.version !== BACKUP_VERSION) throw new Error(`unsupported Arca backup version ${String(parsed.version)} (this arca reads version ${BACKUP_VERSION})`);
  if (!Number.isSafeInteger(parsed.revision) || !Number.isSafeInteger(parsed.count) || typeof parsed.createdAt !== 'string') {
    throw new Error('not an Arca backup: the header lacks revision, count or createdAt');
  }
  return parsed as BackupHeader;
}

function parseLine(line: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`not an Arca backup: line ${lineNumber} is not JSON`);
  }
}

/** Writes header and entries to `path` (gzip'd), honouring back-pressure; resolves once the file is complete. */
export async function writeBackupFile(path: string, header: BackupHeader, entries: AsyncIterable<StoredEntry>): Promise<void> {
  async function* lines() {
    yield `${JSON.stringify(header)}\n`;
    for await (const entry of entries) yield `${encodeEntry(entry)}\n`;
  }
  await pipeline(Readable.from(lines()), createGzip(), createWriteStream(path, { mode: 0o600 }));
}

export interface BackupReader {
  header: BackupHeader;
  /** The entries, read lazily; fails when the file holds more or fewer than header.count. */
  entries: AsyncIterable<StoredEntry>;
}

/** Opens a backup file and reads its header. */
export async function openBackupFile(path: string): Promise<BackupReader> {
  const input = createReadStream(path);
  await once(input, 'open');
  const lines = createInterface({ input: input.pipe(createGunzip()), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const first = await nextLine(lines);
  const header = decodeHeader(first);
  async function* entries(): AsyncGenerator<StoredEntry> {
    let lineNumber = 1;
    for (let line = await nextLine(lines); line !== undefined; line = await nextLine(lines)) {
      lineNumber++;
      yield decodeEntry(line, lineNumber);
    }
    if (lineNumber - 1 !== header.count) {
      throw new Error(`the backup is incomplete: its header announces ${header.count} keys, the file holds ${lineNumber - 1}`);
    }
  }
  return { header, entries: entries() };
}

async function nextLine(lines: AsyncIterator<string>): Promise<string | undefined> {
  try {
    const next = await lines.next();
    return next.done ? undefined : next.value;
  } catch (err) {
    throw new Error(`the backup file is damaged: ${(err as Error).message}`, { cause: err });
  }
}
