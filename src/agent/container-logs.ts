// Container output in the CRI log format the kubelet reads (`<RFC3339Nano> <stream> <F|P> <text>`,
// one entry per line; P marks a partial line), and the reading side of `kubectl logs`.
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';

export interface LogEntry { time: string; stream: string; partial: boolean; text: string }

/** Nanosecond-style RFC 3339 time as CRI writes it (milliseconds padded to nanoseconds). */
export function logTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

export function formatLogEntry(entry: LogEntry): string {
  return `${entry.time} ${entry.stream} ${entry.partial ? 'P' : 'F'} ${entry.text}\n`;
}

export function parseLogLine(line: string): LogEntry | undefined {
  const match = /^(\S+) (stdout|stderr) ([FP]) (.*)$/s.exec(line);
  return match ? { time: match[1]!, stream: match[2]!, partial: match[3] === 'P', text: match[4]! } : undefined;
}

/** What `kubectl logs` prints for these entries: the text (and the timestamp when asked), newline after full lines. */
export function renderLogEntries(entries: LogEntry[], options: { timestamps: boolean }): string {
  return entries.map((e) => `${options.timestamps ? `${e.time} ` : ''}${e.text}${e.partial ? '' : '\n'}`).join('');
}

/** The last `tailLines` entries (all when undefined or negative), counting full lines as the kubelet does. */
export function tailEntries(entries: LogEntry[], tailLines: number | undefined): LogEntry[] {
  if (tailLines === undefined || tailLines < 0) return entries;
  let lines = 0;
  let start = entries.length;
  while (start > 0) {
    if (!entries[start - 1]!.partial) {
      if (lines === tailLines) break;
      lines++;
    }
    start--;
  }
  return entries.slice(start);
}

export function parseLogFile(text: string): LogEntry[] {
  return text.split('\n').filter((l) => l !== '').map(parseLogLine).filter((e): e is LogEntry => e !== undefined);
}

/** Writes a process's stdout and stderr into one CRI log file; resolves `closed` once both streams ended. */
export function captureOutput(path: string, streams: { stdout: Readable; stderr: Readable }): { closed: Promise<void> } {
  const file: WriteStream = createWriteStream(path, { flags: 'a', mode: 0o640 });
  const pump = (stream: Readable, name: string) => new Promise<void>((resolve) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      const time = logTime(new Date());
      for (const text of lines) file.write(formatLogEntry({ time, stream: name, partial: false, text }));
    });
    stream.on('close', () => {
      if (pending !== '') file.write(formatLogEntry({ time: logTime(new Date()), stream: name, partial: true, text: pending }));
      resolve();
    });
  });
  const closed = Promise.all([pump(streams.stdout, 'stdout'), pump(streams.stderr, 'stderr')])
    .then(() => new Promise<void>((resolve) => file.end(() => resolve())));
  return { closed };
}
