// The write baseline: raw better-sqlite3 commits of one 1 KiB row each, with Arca's pragmas
// (WAL, synchronous = FULL, exclusive locking), on the same file system as Arca's data.
// SQLite has one writer, so there is no concurrency to vary: this is the ceiling any durable
// single-commit write path on this disk can reach.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { summarizeLatencies, type LatencySummary } from './stats.js';

export interface SqliteCommitResult extends LatencySummary {
  commitsPerSecond: number;
}

export interface SqliteBaseline {
  sqliteVersion: string;
  insert: SqliteCommitResult;
  update: SqliteCommitResult;
}

export function measureRawSqlite(dir: string, durationMs: number, valueBytes = 1024): SqliteBaseline {
  const db = new Database(join(dir, 'raw-baseline.db'));
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID');
    const insert = db.prepare<[string, Buffer]>('INSERT INTO kv (key, value) VALUES (?, ?)');
    const update = db.prepare<[Buffer, string]>('UPDATE kv SET value = ? WHERE key = ?');
    const value = randomBytes(valueBytes);
    let inserted = 0;
    // Autocommit: every statement is its own transaction, synced to the WAL before it returns.
    const insertResult = timeCommits(durationMs, () => { insert.run(`key-${inserted++}`, value); });
    let updated = 0;
    // Each update changes the bytes: SQLite skips writing a row overwritten with identical content.
    const updateResult = timeCommits(durationMs, () => {
      value.writeUInt32LE(updated, 0);
      update.run(value, `key-${updated++ % inserted}`);
    });
    const sqliteVersion = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    return { sqliteVersion, insert: insertResult, update: updateResult };
  } finally {
    db.close();
  }
}

function timeCommits(durationMs: number, commit: () => void): SqliteCommitResult {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + durationMs;
  while (performance.now() < deadline) {
    const t0 = performance.now();
    commit();
    latencies.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  return { commitsPerSecond: latencies.length / seconds, ...summarizeLatencies(latencies) };
}
