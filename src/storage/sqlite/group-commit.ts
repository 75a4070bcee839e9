// Group commit for the SQLite store: the writes queued in one turn of the event loop are applied
// in one transaction and made durable by one COMMIT (one WAL fsync) instead of one each.
// Each write runs inside its own SAVEPOINT, so a failed precondition (exists, conflict, not found)
// undoes only that write and rejects only its promise. No write is acknowledged before the COMMIT
// returned; a COMMIT that fails rejects every write of its batch.
// better-sqlite3 is synchronous, so nothing else runs while a batch commits: the requests that
// arrive during the fsync are read in the next poll phase and form the next batch.
import type Database from 'better-sqlite3';
import { StorageError, type WatchEvent } from '../interface.js';
import { storageErrors } from '../storage-errors.js';

/** What one applied write returns: its caller's result and the event it will announce. */
export interface Committed<T> {
  result: T;
  event: WatchEvent;
}

/**
 * Applies one write inside the open transaction. `lastRevision` is the revision of the batch's
 * last applied write (or the committed one); the write's own revision is the next one.
 */
export type WriteWork<T> = (lastRevision: number) => Committed<T>;

interface Pending {
  key: string;
  work: WriteWork<unknown>;
  resolve(result: unknown): void;
  reject(err: StorageError): void;
}

type Outcome = { committed: Committed<unknown> } | { error: StorageError };

export interface GroupCommitHooks {
  /** The latest committed revision, where a batch starts counting. */
  committedRevision(): number;
  /** Called after a successful COMMIT, before any write of the batch settles; events are in revision order. */
  onCommitted(revision: number, events: WatchEvent[]): void;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly inTransaction: (batch: Pending[], outcomes: Outcome[]) => void;
  private readonly inSavepoint: (work: WriteWork<unknown>, lastRevision: number) => Committed<unknown>;

  constructor(private readonly db: Database.Database, private readonly hooks: GroupCommitHooks) {
    // A transaction function called inside another one runs in a SAVEPOINT (better-sqlite3).
    this.inSavepoint = db.transaction((work: WriteWork<unknown>, lastRevision: number) => work(lastRevision));
    this.inTransaction = db.transaction((batch: Pending[], outcomes: Outcome[]) => this.applyAll(batch, outcomes));
  }

  /** Queues a write for the next batch; settles after that batch's COMMIT. */
  enqueue<T>(key: string, work: WriteWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ key, work, resolve: resolve as (result: unknown) => void, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // setImmediate runs after the poll phase: every request read in this turn joins the batch.
      setImmediate(() => this.flush());
    });
  }

  /** Commits everything queued now (also called before the store closes). */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: Outcome[] = [];
    try {
      this.inTransaction(batch, outcomes);
    } catch (err) {
      for (const pending of batch) pending.reject(asStorageError(pending.key, err));
      return;
    }
    const events: WatchEvent[] = [];
    for (const outcome of outcomes) if ('committed' in outcome) events.push(outcome.committed.event);
    if (events.length > 0) this.hooks.onCommitted(events[events.length - 1].revision, events);
    outcomes.forEach((outcome, i) => {
      if ('committed' in outcome) batch[i].resolve(outcome.committed.result);
      else batch[i].reject(outcome.error);
    });
  }

  private applyAll(batch: Pending[], outcomes: Outcome[]): void {
    let lastRevision = this.hooks.committedRevision();
    for (const pending of batch) {
      try {
        const committed = this.inSavepoint(pending.work, lastRevision);
        lastRevision = committed.event.revision;
        outcomes.push({ committed });
      } catch (err) {
        // Some failures (disk full, I/O error) make SQLite roll back the whole transaction;
        // continuing would run the remaining writes outside it, so the batch fails instead.
        if (!this.db.inTransaction) throw err;
        outcomes.push({ error: asStorageError(pending.key, err) });
      }
    }
  }
}

function asStorageError(key: string, err: unknown): StorageError {
  return err instanceof StorageError ? err : storageErrors.internal(key, err);
}
