// Fan-out of committed events to watchers, for any backend that sees its own writes.
// Writers only append to per-watcher queues; delivery happens later, in one batch per watcher
// per turn of the event loop, so a slow consumer never holds up a write.
// Watchers are grouped by prefix: an event costs one map lookup per distinct prefix length,
// then one queue append per interested watcher.
// Queues are unbounded for now: a consumer that never returns control lets its queue grow.
import type { StorageError, WatchCallbacks, WatchEvent, WatchHandle } from './interface.js';
import { storageErrors } from './storage-errors.js';

interface Subscriber {
  readonly prefix: string;
  /** Only events after this revision are delivered (the watch's start, or its replay's end). */
  readonly afterRevision: number;
  readonly callbacks: WatchCallbacks;
  queue: WatchEvent[];
  closed: boolean;
}

export class WatchHub {
  private readonly byPrefix = new Map<string, Set<Subscriber>>();
  /** Distinct prefix lengths in use, with how many prefixes have each. */
  private readonly prefixLengths = new Map<number, number>();
  private prefixLengthList: number[] = [];
  private readonly ready = new Set<Subscriber>();
  private deliveryScheduled = false;

  /**
   * Registers a watcher. `replay` (events the caller read from history, all after
   * `afterRevision`) is delivered first; published events follow when their revision is after
   * both `afterRevision` and the replay's last event. Call it in the same synchronous step as
   * the history read so that no committed event falls between the two.
   */
  subscribe(prefix: string, afterRevision: number, callbacks: WatchCallbacks, replay: WatchEvent[] = []): WatchHandle {
    const lastReplayed = replay.length > 0 ? replay[replay.length - 1].revision : afterRevision;
    const subscriber: Subscriber = {
      prefix,
      afterRevision: Math.max(afterRevision, lastReplayed),
      callbacks,
      queue: replay.slice(),
      closed: false,
    };
    this.add(subscriber);
    if (subscriber.queue.length > 0) this.markReady(subscriber);
    return { close: () => this.remove(subscriber) };
  }

  /** Hands committed events (in revision order) to the watchers whose prefix they fall under. */
  publish(events: readonly WatchEvent[]): void {
    for (const event of events) {
      const key = event.kv.key;
      for (const length of this.prefixLengthList) {
        if (length > key.length) break;
        const group = this.byPrefix.get(key.slice(0, length));
        if (!group) continue;
        for (const subscriber of group) {
          if (event.revision <= subscriber.afterRevision) continue;
          subscriber.queue.push(event);
          this.markReady(subscriber);
        }
      }
    }
  }

  /** Ends every watch, telling each consumer why (e.g. the store is closing). */
  closeAll(reason: StorageError = storageErrors.closed()): void {
    for (const group of [...this.byPrefix.values()]) {
      for (const subscriber of group) {
        this.remove(subscriber);
        subscriber.callbacks.onError?.(reason);
      }
    }
  }

  /** Number of open watches. */
  get size(): number {
    let total = 0;
    for (const group of this.byPrefix.values()) total += group.size;
    return total;
  }

  private add(subscriber: Subscriber): void {
    const group = this.byPrefix.get(subscriber.prefix);
    if (group) {
      group.add(subscriber);
      return;
    }
    this.byPrefix.set(subscriber.prefix, new Set([subscriber]));
    const length = subscriber.prefix.length;
    this.prefixLengths.set(length, (this.prefixLengths.get(length) ?? 0) + 1);
    this.refreshPrefixLengthList();
  }

  private remove(subscriber: Subscriber): void {
    if (subscriber.closed) return;
    subscriber.closed = true;
    subscriber.queue = [];
    this.ready.delete(subscriber);
    const group = this.byPrefix.get(subscriber.prefix);
    if (!group) return;
    group.delete(subscriber);
    if (group.size > 0) return;
    this.byPrefix.delete(subscriber.prefix);
    const length = subscriber.prefix.length;
    const remaining = (this.prefixLengths.get(length) ?? 1) - 1;
    if (remaining > 0) this.prefixLengths.set(length, remaining);
    else this.prefixLengths.delete(length);
    this.refreshPrefixLengthList();
  }

  private refreshPrefixLengthList(): void {
    this.prefixLengthList = [...this.prefixLengths.keys()].sort((a, b) => a - b);
  }

  private markReady(subscriber: Subscriber): void {
    this.ready.add(subscriber);
    if (this.deliveryScheduled) return;
    this.deliveryScheduled = true;
    setImmediate(() => this.deliver());
  }

  private deliver(): void {
    this.deliveryScheduled = false;
    const subscribers = [...this.ready];
    this.ready.clear();
    for (const subscriber of subscribers) {
      if (subscriber.closed || subscriber.queue.length === 0) continue;
      const batch = subscriber.queue;
      subscriber.queue = [];
      try {
        subscriber.callbacks.onEvents(batch);
      } catch (err) {
        // A throwing consumer loses its watch rather than anyone else's events.
        this.remove(subscriber);
        subscriber.callbacks.onError?.(storageErrors.internal(subscriber.prefix, err));
      }
    }
  }
}
