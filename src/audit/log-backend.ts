// The audit log backend (`--audit-log-path`): one JSON event per line, to a file or stdout (`-`),
// with size-based rotation as kube-apiserver's (lumberjack: the full file is renamed to
// `<name>-<UTC time>.<ext>` and the oldest backups beyond --audit-log-maxbackup are removed).
// Modes, as --audit-log-mode: `blocking` writes before the request goes on and ignores write
// errors; `blocking-strict` also fails the request when its RequestReceived record cannot be
// written; `batch` queues events and writes them in the background.
import { closeSync, existsSync, fstatSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

export const AUDIT_MODES = ['blocking', 'blocking-strict', 'batch'] as const;
export type AuditMode = typeof AUDIT_MODES[number];

export interface AuditBackend {
  /** Writes (or queues) the event; false when it could not be stored (the request then fails in blocking-strict). */
  process(event: object): boolean;
  /** Whether a failed write must fail the request. */
  readonly strict: boolean;
  close(): void;
}

export interface LogBackendOptions {
  /** A file, or `-` for stdout. */
  path: string;
  mode: AuditMode;
  /** Rotate when the file would grow past this many bytes (0: never). */
  maxSizeBytes?: number;
  /** Rotated files to keep (0: all). */
  maxBackups?: number;
  /** Where write errors are reported. */
  log?: (message: string) => void;
  /** Batch mode: how long an event may wait, and how many are written at once. */
  batchMaxWaitMs?: number;
  batchMaxSize?: number;
  now?: () => Date;
}

export function openLogBackend(options: LogBackendOptions): AuditBackend {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const writer = options.path === '-' ? stdoutWriter() : new RotatingFile(options);
  const writeLines = (text: string): boolean => {
    try {
      writer.write(text);
      return true;
    } catch (e) {
      log(`Error in audit plugin 'log' affecting 1 audit events: ${(e as Error).message}`);
      return false;
    }
  };
  if (options.mode !== 'batch') {
    return {
      strict: options.mode === 'blocking-strict',
      process: (event) => writeLines(`${JSON.stringify(event)}\n`),
      close: () => writer.close(),
    };
  }
  let queue: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (queue.length) writeLines(queue.join(''));
    queue = [];
  };
  return {
    strict: false,
    process(event) {
      queue.push(`${JSON.stringify(event)}\n`);
      if (queue.length >= (options.batchMaxSize ?? 400)) flush();
      else if (!timer) timer = setTimeout(flush, options.batchMaxWaitMs ?? 1000).unref();
      return true;
    },
    close() { flush(); writer.close(); },
  };
}

interface LineWriter { write(text: string): void; close(): void }

function stdoutWriter(): LineWriter {
  return { write: (text) => { writeSync(1, text); }, close: () => {} };
}

/** An append-only file that is renamed aside when full; reopened on the next write after a failure. */
class RotatingFile implements LineWriter {
  private fd: number | undefined;
  private size = 0;

  constructor(private readonly options: LogBackendOptions) {}

  write(text: string): void {
    const bytes = Buffer.from(text);
    const max = this.options.maxSizeBytes ?? 0;
    if (this.fd === undefined) this.open();
    if (max > 0 && this.size > 0 && this.size + bytes.length > max) this.rotate();
    try {
      writeSync(this.fd!, bytes);
    } catch (e) {
      this.close(); // a later write tries a fresh descriptor
      throw e;
    }
    this.size += bytes.length;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): void {
    this.fd = openSync(this.options.path, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  private rotate(): void {
    this.close();
    renameSync(this.options.path, this.backupName());
    this.open();
    this.removeOldBackups();
  }

  /** `audit-2006-01-02T15-04-05.000.log` (UTC), one millisecond later when that name is taken. */
  private backupName(): string {
    const { path } = this.options;
    const ext = extname(path);
    const prefix = join(dirname(path), basename(path, ext));
    let time = (this.options.now?.() ?? new Date()).getTime();
    for (;; time++) {
      const stamp = new Date(time).toISOString().replace(/Z$/, '').replace(/:/g, '-');
      const name = `${prefix}-${stamp}${ext}`;
      if (!existsSync(name)) return name;
    }
  }

  private removeOldBackups(): void {
    const keep = this.options.maxBackups ?? 0;
    if (keep <= 0) return;
    const backups = listBackups(this.options.path);
    for (const old of backups.slice(0, Math.max(0, backups.length - keep))) rmSync(old, { force: true });
  }
}

/** The rotated copies of `path`, oldest first (their names sort by time). */
export function listBackups(path: string): string[] {
  const ext = extname(path);
  const stem = basename(path, ext);
  const pattern = new RegExp(`^${escapeRegExp(stem)}-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{3}${escapeRegExp(ext)}$`);
  return readdirSync(dirname(path)).filter((f) => pattern.test(f)).sort().map((f) => join(dirname(path), f));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
