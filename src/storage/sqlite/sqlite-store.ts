// The embedded backend: a Store over one SQLite file (see schema.ts for the layout).
// better-sqlite3 is synchronous, and that is used on purpose: a write commits (and, with
// synchronous = FULL, reaches the disk) before its promise settles, and a watch reads its
// replay and subscribes in the same step, so no write can fall between the two.
// Writes are group-committed (group-commit.ts): reads see only committed writes, so a write is
// visible to every read issued after its promise resolved, and never before it is durable.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  StorageError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type WatchCallbacks,
  type WatchHandle,
} from '../interface.js';
import { keyAfter, prefixRange } from '../key-range.js';
import { checkWatchStart, resolveReadRevision } from '../read-revision.js';
import { storageErrors } from '../storage-errors.js';
import { WatchHub } from '../watch-hub.js';
import { GroupCommit, type WriteWork } from './group-commit.js';
import { prepareDatabase } from './schema.js';
import {
  END_OF_KEYS,
  prepareStatements,
  toKeyValue,
  toWatchEvent,
  type LogRowInput,
  type Statements,
} from './statements.js';

/** Revisions compacted per transaction, so a large compaction never stalls writers for long. */
const COMPACTION_STEP = 10_000;
const EMPTY = new Uint8Array(0);

/** How long opening waits for another process to let go of the file. */
const LOCK_WAIT_MS = 1000;

/**
 * Opens (creating file and directories as needed) the SQLite store at `path`.
 * Unavailable when another process has the file open.
 */
export async function openSqliteStore(path: string): Promise<Store> {
  await mkdir(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: LOCK_WAIT_MS });
  try {
    prepareDatabase(db);
    return new SqliteStore(db, prepareStatements(db));
  } catch (err) {
    db.close();
    if ((err as { code?: unknown }).code === 'SQLITE_BUSY') {
      throw storageErrors.inUse(path);
    }
    throw err;
  }
}

class SqliteStore implements Store {
  private readonly hub = new WatchHub();
  private readonly inTransaction: (work: () => void) => void;
  private readonly commits: GroupCommit;
  /** The latest committed revision: reads never see past it. */
  private revision: number;
  private compacted: number;
  private closed = false;

  constructor(private readonly db: Database.Database, private readonly sql: Statements) {
    this.revision = sql.lastRevision.get()?.seq ?? 0;
    this.compacted = sql.compactedRevision.get()?.value ?? 0;
    this.inTransaction = db.transaction((work: () => void) => work());
    this.commits = new GroupCommit(db, {
      committedRevision: () => this.revision,
      onCommitted: (revision, events) => {
        this.revision = revision;
        this.hub.publish(events);
      },
    });
  }

  async currentRevision(): Promise<number> {
    this.ensureOpen();
    return this.revision;
  }

  async compactedRevision(): Promise<number> {
    this.ensureOpen();
    return this.compacted;
  }

  async get(key: string, revision?: number): Promise<KeyValue | undefined> {
    return this.guard(key, () => {
      const at = resolveReadRevision(key, revision, this.revision, this.compacted);
      if (at === this.revision) return this.readCurrent(key);
      const row = this.sql.getAtRevision.get(key, at);
      return row && !row.deleted ? toKeyValue(row) : undefined;
    });
  }

  async modRevision(key: string): Promise<number | undefined> {
    return this.guard(key, () => this.sql.getCurrentRevision.get(key)?.revision);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    return this.guard(prefix, () => {
      const at = resolveReadRevision(prefix, options.revision, this.revision, this.compacted);
      const range = prefixRange(prefix, options.startKey);
      const end = range.end ?? END_OF_KEYS;
      const limit = options.limit && options.limit > 0 ? options.limit : -1;
      // Without a count, one row past the page tells whether more follow.
      const probe = limit > 0 && options.countRemaining === false;
      const readLimit = probe ? limit + 1 : limit;
      // A past revision with no later write under the range reads the same as the present.
      const readsPresent = at === this.revision || !this.sql.changedSince.get({ start: range.start, end, revision: at });
      const rows = readsPresent
        ? this.sql.listCurrent.all({ start: range.start, end, limit: readLimit })
        : this.sql.listAtRevision.all({ start: range.start, end, revision: at, limit: readLimit });
      if (probe) {
        const more = rows.length > limit;
        if (more) rows.pop();
        return { items: rows.map(toKeyValue), revision: at, more, remaining: more ? 1 : 0 };
      }
      let remaining = 0;
      if (limit > 0 && rows.length === limit) {
        const rest = { start: keyAfter(rows[rows.length - 1].key), end };
        remaining = this.sql.countCurrent.get(rest)!.n;
        if (!readsPresent) remaining += this.sql.liveAtRevisionMinusCurrent.get({ ...rest, revision: at })!.delta;
      }
      return { items: rows.map(toKeyValue), revision: at, more: remaining > 0, remaining };
    });
  }

  async count(prefix: string): Promise<number> {
    return this.guard(prefix, () => {
      const range = prefixRange(prefix);
      return this.sql.countCurrent.get({ start: range.start, end: range.end ?? END_OF_KEYS })!.n;
    });
  }

  async create(key: string, value: Uint8Array): Promise<KeyValue> {
    const stored = copyOf(value);
    return this.write(key, (last) => {
      const current = this.readCurrent(key);
      if (current) throw storageErrors.keyExists(key, current);
      const revision = this.append(last, { key, created: 1, deleted: 0, create_revision: 0, prev_revision: 0, value: stored });
      const kv = { key, value: stored, createRevision: revision, modRevision: revision };
      return { result: kv, event: { type: 'put', kv, revision } };
    });
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number): Promise<KeyValue> {
    const stored = copyOf(value);
    return this.write(key, (last) => {
      const current = this.readCurrent(key);
      if (!current) throw storageErrors.keyNotFound(key);
      if (current.modRevision !== expectedModRevision) throw storageErrors.conflict(key, current, expectedModRevision);
      const revision = this.append(last, {
        key, created: 0, deleted: 0, create_revision: current.createRevision, prev_revision: current.modRevision, value: stored,
      });
      const kv = { key, value: stored, createRevision: current.createRevision, modRevision: revision };
      return { result: kv, event: { type: 'put', kv, prevKv: current, revision } };
    });
  }

  async delete(key: string, expectedModRevision: number): Promise<KeyValue> {
    return this.write(key, (last) => {
      const current = this.readCurrent(key);
      if (!current) throw storageErrors.keyNotFound(key);
      if (expectedModRevision > 0 && current.modRevision !== expectedModRevision) {
        throw storageErrors.conflict(key, current, expectedModRevision);
      }
      const revision = this.append(last, {
        key, created: 0, deleted: 1, create_revision: current.createRevision, prev_revision: current.modRevision, value: EMPTY,
      });
      const tombstone = { key, value: EMPTY, createRevision: current.createRevision, modRevision: revision };
      return {
        result: { ...current, modRevision: revision },
        event: { type: 'delete', kv: tombstone, prevKv: current, revision },
      };
    });
  }

  async watch(prefix: string, fromRevision: number, callbacks: WatchCallbacks): Promise<WatchHandle> {
    return this.guard(prefix, () => {
      checkWatchStart(prefix, fromRevision, this.compacted);
      const range = prefixRange(prefix);
      // The whole replay is read at once: reading it in pages across ticks would let a
      // compaction delete rows between pages.
      const replay = fromRevision < this.revision
        ? this.sql.eventsAfter.all({ start: range.start, end: range.end ?? END_OF_KEYS, revision: fromRevision }).map(toWatchEvent)
        : [];
      return this.hub.subscribe(prefix, Math.max(fromRevision, this.revision), callbacks, replay);
    });
  }

  async compact(revision: number): Promise<void> {
    this.ensureOpen();
    if (revision > this.revision) throw storageErrors.futureRevision('', revision, this.revision);
    while (this.compacted < revision) {
      const after = this.compacted;
      const upTo = Math.min(revision, after + COMPACTION_STEP);
      this.guard('', () => this.inTransaction(() => {
        this.sql.deleteSuperseded.run({ after, upTo });
        this.sql.deleteTombstones.run({ after, upTo });
        this.sql.setCompactedRevision.run(upTo);
      }));
      this.compacted = upTo;
      if (upTo < revision) {
        await new Promise((resolve) => setImmediate(resolve));
        this.ensureOpen();
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Writes already issued still commit, as they did when each committed on its own.
    this.commits.flush();
    this.closed = true;
    this.hub.closeAll();
    this.db.close();
  }

  private readCurrent(key: string): KeyValue | undefined {
    const row = this.sql.getCurrent.get(key);
    return row && toKeyValue(row);
  }

  /**
   * Appends the row of the revision after `lastRevision` and moves `current`; call inside a
   * transaction. A create's create_revision is that revision, filled in here.
   */
  private append(lastRevision: number, row: Omit<LogRowInput, 'revision'>): number {
    const revision = lastRevision + 1;
    const createRevision = row.created ? revision : row.create_revision;
    this.sql.insertLog.run({ ...row, revision, create_revision: createRevision });
    if (row.deleted) this.sql.removeCurrent.run(row.key);
    else this.sql.setCurrent.run(row.key, revision);
    return revision;
  }

  /** Queues one write for the next group commit; only a committed write moves the revision and is announced. */
  private write<T>(key: string, work: WriteWork<T>): Promise<T> {
    this.ensureOpen();
    return this.commits.enqueue(key, work);
  }

  /** Runs `work` on an open store, reporting unexpected failures as StorageError Internal. */
  private guard<T>(key: string, work: () => T): T {
    this.ensureOpen();
    try {
      return work();
    } catch (err) {
      if (err instanceof StorageError) throw err;
      throw storageErrors.internal(key, err);
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw storageErrors.closed();
  }
}

/** The caller keeps its buffer; the store, its readers and watchers share this copy. */
function copyOf(value: Uint8Array): Buffer {
  return Buffer.from(value);
}
