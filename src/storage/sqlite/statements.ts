// Every query the SQLite store runs, prepared once. Key ranges are [start, end): `end` is a key
// or END_OF_KEYS. Rows come back in snake_case and are turned into KeyValues by the helpers below.
import type Database from 'better-sqlite3';
import type { KeyValue, WatchEvent } from '../interface.js';

/** SQLite orders every BLOB after every TEXT, so this bound lies past any key. */
export const END_OF_KEYS = Buffer.from([0xff]);

export type RangeEnd = string | Buffer;

export interface KeyValueRow {
  key: string;
  value: Buffer;
  create_revision: number;
  revision: number;
}

interface HistoryRow extends KeyValueRow {
  deleted: number;
}

interface EventRow extends HistoryRow {
  prev_mod_revision: number | null;
  prev_create_revision: number | null;
  prev_value: Buffer | null;
}

export interface LogRowInput {
  revision: number;
  key: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  value: Uint8Array;
}

interface Range { start: string; end: RangeEnd }
interface RangeAt extends Range { revision: number }
interface Limited { limit: number }

const KV_COLUMNS = 'l.key, l.value, l.create_revision, l.revision';

/** The latest row of each key at @revision that is not a tombstone (a row with no later row ≤ @revision). */
const LATEST_AT_REVISION = `
  l.key >= @start AND l.key < @end AND l.revision <= @revision AND l.deleted = 0
  AND NOT EXISTS (
    SELECT 1 FROM log n WHERE n.key = l.key AND n.revision > l.revision AND n.revision <= @revision
  )`;

export function prepareStatements(db: Database.Database) {
  return {
    lastRevision: db.prepare<[], { seq: number | null }>(
      `SELECT max(seq) AS seq FROM sqlite_sequence WHERE name = 'log'`),
    compactedRevision: db.prepare<[], { value: number }>(
      `SELECT value FROM meta WHERE name = 'compacted_revision'`),
    setCompactedRevision: db.prepare<[number]>(
      `UPDATE meta SET value = ? WHERE name = 'compacted_revision'`),

    // The current table alone: no join to the log, no value read.
    getCurrentRevision: db.prepare<[string], { revision: number }>(`SELECT revision FROM current WHERE key = ?`),
    getCurrent: db.prepare<[string], KeyValueRow>(
      `SELECT ${KV_COLUMNS} FROM current c JOIN log l ON l.revision = c.revision WHERE c.key = ?`),
    getAtRevision: db.prepare<[string, number], HistoryRow>(
      `SELECT ${KV_COLUMNS}, l.deleted FROM log l
       WHERE l.key = ? AND l.revision <= ? ORDER BY l.revision DESC LIMIT 1`),

    // A negative @limit means no limit.
    listCurrent: db.prepare<Range & Limited, KeyValueRow>(
      `SELECT ${KV_COLUMNS} FROM current c JOIN log l ON l.revision = c.revision
       WHERE c.key >= @start AND c.key < @end ORDER BY c.key LIMIT @limit`),
    countCurrent: db.prepare<Range, { n: number }>(
      `SELECT count(*) AS n FROM current WHERE key >= @start AND key < @end`),
    listAtRevision: db.prepare<RangeAt & Limited, KeyValueRow>(
      `SELECT ${KV_COLUMNS} FROM log l WHERE ${LATEST_AT_REVISION} ORDER BY l.key LIMIT @limit`),
    // How many more keys lived at @revision than live now, in the range: only keys written
    // after @revision can differ, so this costs the writes since then, not the whole range.
    liveAtRevisionMinusCurrent: db.prepare<RangeAt, { delta: number }>(
      `SELECT coalesce(sum(
         coalesce((SELECT 1 - h.deleted FROM log h WHERE h.key = t.key AND h.revision <= @revision
                   ORDER BY h.revision DESC LIMIT 1), 0)
         - EXISTS (SELECT 1 FROM current c WHERE c.key = t.key)
       ), 0) AS delta
       FROM (SELECT DISTINCT key FROM log NOT INDEXED
             WHERE revision > @revision AND key >= @start AND key < @end) t`),
    // Statements reading "what was written after @revision" walk the log in revision order
    // (NOT INDEXED keeps the planner off the key index): few rows follow a recent revision,
    // and at most the history since the last compaction follows any readable one.
    changedSince: db.prepare<RangeAt, { found: number }>(
      `SELECT 1 AS found FROM log NOT INDEXED
       WHERE revision > @revision AND key >= @start AND key < @end LIMIT 1`),

    eventsAfter: db.prepare<RangeAt, EventRow>(
      `SELECT ${KV_COLUMNS}, l.deleted,
              p.revision AS prev_mod_revision, p.create_revision AS prev_create_revision, p.value AS prev_value
       FROM log l NOT INDEXED LEFT JOIN log p ON p.revision = l.prev_revision
       WHERE l.revision > @revision AND l.key >= @start AND l.key < @end
       ORDER BY l.revision`),

    insertLog: db.prepare<LogRowInput>(
      `INSERT INTO log (revision, key, created, deleted, create_revision, prev_revision, value)
       VALUES (@revision, @key, @created, @deleted, @create_revision, @prev_revision, @value)`),
    setCurrent: db.prepare<[string, number]>(
      `INSERT INTO current (key, revision) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET revision = excluded.revision`),
    removeCurrent: db.prepare<[string]>(`DELETE FROM current WHERE key = ?`),

    // Compaction of the revisions (@after, @upTo]: rows superseded by a write in that span,
    // then the span's tombstones. Older spans were handled by earlier compactions.
    deleteSuperseded: db.prepare<{ after: number; upTo: number }>(
      `DELETE FROM log WHERE revision IN (
         SELECT prev_revision FROM log WHERE revision > @after AND revision <= @upTo AND prev_revision > 0)`),
    deleteTombstones: db.prepare<{ after: number; upTo: number }>(
      `DELETE FROM log WHERE revision > @after AND revision <= @upTo AND deleted = 1`),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

export function toKeyValue(row: KeyValueRow): KeyValue {
  return { key: row.key, value: row.value, createRevision: row.create_revision, modRevision: row.revision };
}

/** A history row as a live write would have announced it (tombstones carry an empty value). */
export function toWatchEvent(row: EventRow): WatchEvent {
  const prevKv: KeyValue | undefined =
    row.prev_mod_revision === null
      ? undefined
      : { key: row.key, value: row.prev_value!, createRevision: row.prev_create_revision!, modRevision: row.prev_mod_revision };
  return {
    type: row.deleted ? 'delete' : 'put',
    kv: toKeyValue(row),
    ...(prevKv && { prevKv }),
    revision: row.revision,
  };
}
