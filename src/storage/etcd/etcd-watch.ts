// A Store watch on an etcd key range that survives dropped connections.
// It remembers the last revision it delivered and, whenever the stream breaks, opens a new one
// from there: nothing is missed and nothing is delivered twice. (etcd3's own Watcher resumes
// from the last response's header revision, which can skip events that were still being replayed.)
//
// The stream starts AT the last delivered revision rather than after it, and drops the events
// of that revision: etcd refuses a start revision below its compacted revision, so this makes
// it refuse exactly when the Store contract says history is gone (see checkWatchStart), and every
// delivered event keeps its previous value.
import type { IEvent, IWatchResponse } from 'etcd3';
import type { StorageError, WatchCallbacks, WatchEvent, WatchHandle } from '../interface.js';
import { storageErrors } from '../storage-errors.js';
import type { EtcdRange } from './etcd-keys.js';
import { endQuietly, type OpenWatchStream, type WatchStream } from './etcd-watch-stream.js';

export interface RetryDelays {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY_DELAYS: RetryDelays = { initialMs: 100, maxMs: 2_000 };

export interface ResumableWatchOptions {
  openStream: OpenWatchStream;
  range: EtcdRange;
  /** The Store prefix watched, named in errors. */
  prefix: string;
  /** Events after this revision are delivered. */
  fromRevision: number;
  decode(event: IEvent): WatchEvent;
  callbacks: WatchCallbacks;
  /** etcd told us its compacted revision (the store keeps track of it). */
  learnCompacted(compactedRevision: number): void;
  /** What a failure to start the first stream means to the caller. */
  startFailure(cause: unknown): StorageError;
  retryDelays?: RetryDelays;
}

/** Opens the watch; resolves once etcd has accepted it, rejects with a StorageError otherwise. */
export function startResumableWatch(options: ResumableWatchOptions): Promise<WatchHandle> {
  return new ResumableWatch(options).start();
}

class ResumableWatch {
  /** Every event up to this revision has been delivered (or lies before the watch's start). */
  private lastRevision: number;
  private stream: WatchStream | undefined;
  /** etcd accepted the first stream: from now on, failures mean reconnecting. */
  private accepted = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly delays: RetryDelays;
  private retryDelay: number;
  private settleStart: { resolve(handle: WatchHandle): void; reject(err: StorageError): void } | undefined;

  constructor(private readonly options: ResumableWatchOptions) {
    this.lastRevision = options.fromRevision;
    this.delays = options.retryDelays ?? DEFAULT_RETRY_DELAYS;
    this.retryDelay = this.delays.initialMs;
  }

  start(): Promise<WatchHandle> {
    return new Promise((resolve, reject) => {
      this.settleStart = { resolve, reject };
      this.connect();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.dropStream();
  }

  private connect(): void {
    this.options.openStream().then(
      (stream) => {
        if (this.closed) {
          endQuietly(stream);
          return;
        }
        this.stream = stream;
        stream.on('data', (response) => this.onResponse(stream, response));
        stream.on('error', (err) => this.onBroken(stream, err));
        stream.on('end', () => this.onBroken(stream, new Error('etcd ended the watch stream')));
        stream.write({
          create_request: {
            key: this.options.range.key,
            range_end: this.options.range.range_end,
            start_revision: Math.max(this.lastRevision, 1),
            prev_kv: true,
            progress_notify: true,
          },
        });
      },
      (err: unknown) => this.onBroken(undefined, err),
    );
  }

  private onResponse(stream: WatchStream, response: IWatchResponse): void {
    if (this.closed || stream !== this.stream) return;
    if (response.canceled) {
      this.onCanceled(response);
    } else if (response.created) {
      this.retryDelay = this.delays.initialMs;
      if (!this.accepted) {
        this.accepted = true;
        this.settleStart?.resolve({ close: () => this.close() });
        this.settleStart = undefined;
      }
    } else if (response.events.length > 0) {
      this.deliver(response.events);
    } else {
      // A progress notification: etcd sent every event of this watch up to the header revision.
      const revision = Number(response.header.revision);
      if (revision <= this.lastRevision) return;
      this.lastRevision = revision;
      this.options.callbacks.onProgress?.(revision);
    }
  }

  private deliver(raw: IEvent[]): void {
    const fresh = raw.filter((event) => Number(event.kv.mod_revision) > this.lastRevision);
    if (fresh.length === 0) return;
    const events = fresh.map((event) => this.options.decode(event));
    this.lastRevision = events[events.length - 1].revision;
    try {
      this.options.callbacks.onEvents(events);
    } catch (err) {
      // A throwing consumer loses its watch, as with WatchHub.
      this.fail(storageErrors.internal(this.options.prefix, err));
    }
  }

  private onCanceled(response: IWatchResponse): void {
    const compactedRevision = Number(response.compact_revision);
    if (compactedRevision > 0) {
      this.options.learnCompacted(compactedRevision);
      this.fail(storageErrors.compacted(this.options.prefix, this.lastRevision, compactedRevision));
      return;
    }
    const reason = response.cancel_reason || 'no reason given';
    this.fail(storageErrors.internal(this.options.prefix, new Error(`etcd canceled the watch: ${reason}`)));
  }

  /** The stream failed or ended: reconnect from the last delivered revision (or give up, before the start). */
  private onBroken(stream: WatchStream | undefined, err: unknown): void {
    if (this.closed || (stream && stream !== this.stream)) return;
    this.dropStream();
    if (!this.accepted) {
      this.fail(this.options.startFailure(err));
      return;
    }
    this.retryTimer = setTimeout(() => this.connect(), this.retryDelay);
    this.retryTimer.unref(); // waiting to reconnect alone must not keep the process alive
    this.retryDelay = Math.min(this.retryDelay * 2, this.delays.maxMs);
  }

  /** Ends the watch for good, telling whoever waits for it. */
  private fail(error: StorageError): void {
    if (this.closed) return;
    this.close();
    if (this.settleStart) {
      this.settleStart.reject(error);
      this.settleStart = undefined;
    } else {
      this.options.callbacks.onError?.(error);
    }
  }

  private dropStream(): void {
    const stream = this.stream;
    this.stream = undefined;
    if (stream) endQuietly(stream);
  }
}
