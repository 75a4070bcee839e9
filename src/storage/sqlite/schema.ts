// The SQLite layout, after k3s's kine: every write appends one row to `log`; its revision is
// the row id. `current` points each live key at its latest row so present-state reads are an
// index range scan; `meta` keeps the compacted revision.
import type Database from 'better-sqlite3';

const SCHEMA_VERSION = 1;

const TABLES = `
  CREATE TABLE IF NOT EXISTS log (
    -- AUTOINCREMENT keeps revisions from ever being reused, even when compaction
    -- deletes the newest row (a tombstone).
    revision        INTEGER PRIMARY KEY AUTOINCREMENT,
    key             TEXT    NOT NULL COLLATE BINARY,
    created         INTEGER NOT NULL,  -- 1: this write created the key
    deleted         INTEGER NOT NULL,  -- 1: this write deleted the key (a tombstone)
    create_revision INTEGER NOT NULL,
    prev_revision   INTEGER NOT NULL,  -- the row this one supersedes (0 for a create)
    value           BLOB    NOT NULL   -- empty for a tombstone
  );
  CREATE INDEX IF NOT EXISTS log_key_revision ON log (key, revision);

  CREATE TABLE IF NOT EXISTS current (
    key      TEXT    PRIMARY KEY COLLATE BINARY,
    revision INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE IF NOT EXISTS meta (
    name  TEXT    PRIMARY KEY,
    value INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO meta (name, value) VALUES ('compacted_revision', 0);
`;

/** Opens the database for durable writes and creates the tables when missing. */
export function prepareDatabase(db: Database.Database): void {
  // The store keeps the current revision in memory, so it must be the file's only user: the
  // exclusive lock, taken by the first write below and held until close, keeps a second
  // server (or any other process) out.
  db.pragma('locking_mode = EXCLUSIVE');
  // WAL appends commits sequentially; FULL syncs the WAL on every commit, so a write
  // acknowledged after commit survives a crash or kill -9.
  const journalMode = db.pragma('journal_mode = WAL', { simple: true });
  if (journalMode !== 'wal') throw new Error(`SQLite refused WAL mode (journal_mode is ${String(journalMode)})`);
  db.pragma('synchronous = FULL');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`database schema version ${version} is newer than this server understands (${SCHEMA_VERSION})`);
  }
  db.transaction(() => {
    db.exec(TABLES);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
