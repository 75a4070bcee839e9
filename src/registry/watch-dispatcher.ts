// Fan-out of one storage subscription to every API watch on the same prefix, as kube-apiserver's
// cacher does: each storage event is decoded once, turned into at most three shared API events
// (ADDED, MODIFIED, DELETED: the same objects for every watch, so they serialize once), and
// handed to each watch synchronously, in revision order.
// Watches never wait for each other: delivery is a synchronous call into each sink, and what a
// slow consumer does with its backlog (the HTTP layer closes it) is the sink's business.
import type { KubeObject } from '../machinery/object.js';
import type { Status } from '../machinery/status.js';
import type { KeyValue, StorageError, WatchCallbacks, WatchEvent, WatchHandle } from '../storage/interface.js';
import type { ApiWatchEvent, WatchSink } from './watch.js';

/** What a dispatcher needs from its resource: the storage watch and the object conversions. */
export interface DispatchSource {
  open(fromRevision: number, callbacks: WatchCallbacks): Promise<WatchHandle>;
  decode(kv: KeyValue): Promise<KubeObject>;
  bookmark(revision: number): KubeObject;
  errorStatus(err: StorageError): Status;
}

/** One API watch attached to a dispatcher. */
export class DispatchedWatch {
  /** Live events that arrived before the initial state was sent; undefined once started. */
  private pending: ApiWatchEvent[] | undefined = [];
  private failure: Status | undefined;
  private closed = false;

  constructor(
    /** Only events after this revision reach the watch. */
    readonly afterRevision: number,
    readonly matches: (obj: KubeObject) => boolean,
    readonly bookmarks: boolean,
    private readonly sink: WatchSink,
  ) {}

  /** Sends the initial state, then whatever arrived meanwhile; from now on events go straight through. */
  start(initial: ApiWatchEvent[]): void {
    if (this.closed || !this.pending) return;
    const queued = this.pending;
    this.pending = undefined;
    const first = queued.length ? initial.concat(queued) : initial;
    if (first.length) this.sink.send(first);
    if (this.failure) this.fail(this.failure);
  }

  deliver(events: ApiWatchEvent[]): void {
    if (this.closed) return;
    if (this.pending) this.pending.push(...events);
    else this.sink.send(events);
  }

  /** Ends the watch with an ERROR event (after the initial state, if that is still to come). */
  fail(status: Status): void {
    if (this.closed) return;
    if (this.pending) {
      this.failure = status;
      return;
    }
    this.closed = true;
    this.sink.send([{ type: 'ERROR', object: status }]);
    this.sink.end();
  }

  /** Ends the watch without an event (its consumer threw). */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    this.sink.end();
  }

  close(): void {
    this.closed = true;
    this.pending = undefined;
  }
}

/** A storage event decoded once, with the API events it can become built once each. */
class DecodedEvent {
  private readonly shared: Partial<Record<'ADDED' | 'MODIFIED' | 'DELETED', ApiWatchEvent>> = {};

  constructor(readonly revision: number, readonly current: KubeObject | undefined, readonly previous: KubeObject | undefined) {}

  /** What this event is to a watch with the given selection: ADDED/DELETED when it starts/stops matching. */
  forWatch(matches: (obj: KubeObject) => boolean): ApiWatchEvent | undefined {
    const nowMatches = this.current ? matches(this.current) : false;
    const wasMatching = this.previous ? matches(this.previous) : false;
    if (nowMatches) return this.event(wasMatching ? 'MODIFIED' : 'ADDED');
    if (wasMatching) return this.event('DELETED');
    return undefined;
  }

  private event(type: 'ADDED' | 'MODIFIED' | 'DELETED'): ApiWatchEvent {
    let event = this.shared[type];
    if (!event) {
      event = { type, object: type === 'DELETED' ? this.lastState() : this.current! };
      this.shared[type] = event;
    }
    return event;
  }

  /** Deleted, or no longer selected: the last state as of this event's revision. */
  private lastState(): KubeObject {
    const previous = this.previous!;
    return { ...previous, metadata: { ...previous.metadata, resourceVersion: String(this.revision) } };
  }
}

export class WatchDispatcher {
  private readonly watches = new Set<DispatchedWatch>();
  private handle: WatchHandle | undefined;
  /** Storage callbacks run through one chain (decoding is async) so events keep their order. */
  private chain: Promise<void> = Promise.resolve();
  /** The revision of the last storage event received (or the start): watches from here on may join. */
  private position: number;
  private isClosed = false;
  /** Settles when the storage watch is open; rejects (e.g. Compacted) if it could not be. */
  readonly opened: Promise<void>;

  constructor(private readonly source: DispatchSource, readonly startRevision: number, private readonly onClose: () => void = () => {}) {
    this.position = startRevision;
    this.opened = source.open(startRevision, {
      onEvents: (events) => {
        this.position = events[events.length - 1]!.revision;
        this.enqueue(() => this.dispatch(events));
      },
      onError: (err) => this.enqueue(() => this.failAll(this.source.errorStatus(err))),
      onProgress: (revision) => this.enqueue(() => this.bookmark(revision)),
    }).then((handle) => {
      this.handle = handle;
      if (this.isClosed) handle.close();
    });
    this.opened.catch(() => this.close());
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get size(): number {
    return this.watches.size;
  }

  /** A watch from `fromRevision` can share this subscription: nothing after it has been received yet. */
  canJoin(fromRevision: number): boolean {
    return !this.isClosed && fromRevision >= this.position;
  }

  add(watch: DispatchedWatch): void {
    this.watches.add(watch);
  }

  /** Detaches a watch; the storage subscription ends with the last one. */
  remove(watch: DispatchedWatch): void {
    this.watches.delete(watch);
    if (this.watches.size === 0) this.close();
  }

  private close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.handle?.close();
    this.onClose();
  }

  private enqueue(work: () => void | Promise<void>): void {
    this.chain = this.chain.then(work).catch(() => {
      // Decoding failed: no watch can be told the truth any more, so each ends and relists.
      for (const watch of [...this.watches]) {
        watch.abort();
        this.remove(watch);
      }
    });
  }

  private async dispatch(events: WatchEvent[]): Promise<void> {
    const decoded: DecodedEvent[] = [];
    for (const event of events) {
      const current = event.type === 'put' ? await this.source.decode(event.kv) : undefined;
      const previous = event.prevKv ? await this.source.decode(event.prevKv) : undefined;
      decoded.push(new DecodedEvent(event.revision, current, previous));
    }
    if (this.isClosed) return;
    for (const watch of [...this.watches]) {
      const out: ApiWatchEvent[] = [];
      for (const event of decoded) {
        if (event.revision <= watch.afterRevision) continue;
        const api = event.forWatch(watch.matches);
        if (api) out.push(api);
      }
      if (out.length) this.deliverTo(watch, out);
    }
  }

  private bookmark(revision: number): void {
    let event: ApiWatchEvent | undefined;
    for (const watch of [...this.watches]) {
      if (!watch.bookmarks || revision < watch.afterRevision) continue;
      event ??= { type: 'BOOKMARK', object: this.source.bookmark(revision) };
      this.deliverTo(watch, [event]);
    }
  }

  private failAll(status: Status): void {
    for (const watch of [...this.watches]) {
      watch.fail(status);
      this.remove(watch);
    }
  }

  /** A consumer that throws loses its own watch, not anyone else's events. */
  private deliverTo(watch: DispatchedWatch, events: ApiWatchEvent[]): void {
    try {
      watch.deliver(events);
    } catch {
      watch.abort();
      this.remove(watch);
    }
  }
}
