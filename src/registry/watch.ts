// API watches on top of storage watches: initial state, selector transitions
// (an object that starts matching is ADDED, one that stops is DELETED), bookmarks and 410s.
// Watches of one prefix share one storage subscription (see watch-dispatcher.ts); a watch resumed
// from before the shared one's position gets its own, which replays from storage history.
import type { KubeObject } from '../machinery/object.js';
import { errors, type Status } from '../machinery/status.js';
import type { ResourceDefinition } from '../resources/types.js';
import { StorageError, type KeyValue, type Store } from '../storage/interface.js';
import { checkWatchStart } from '../storage/read-revision.js';
import type { ObjectCodec } from './codec.js';
import { listPrefix } from './keys.js';
import { readPages } from './paged-read.js';
import { checkFieldSelector, matchesSelection, type Selection } from './selection.js';
import { DispatchedWatch, WatchDispatcher } from './watch-dispatcher.js';

export type ApiWatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
export interface ApiWatchEvent { type: ApiWatchEventType; object: KubeObject | Status }

export interface WatchOptions extends Selection {
  resourceVersion?: string;
  sendInitialEvents?: boolean;
  allowWatchBookmarks?: boolean;
}

export interface WatchSink {
  /** Delivers events in order. */
  send(events: ApiWatchEvent[]): void;
  /** The watch is over (after an ERROR event, or when storage gave up). */
  end(): void;
}

/** Decoded objects are shared by every dispatcher that sees the same storage event. */
const decoded = new WeakMap<object, Promise<KubeObject>>();

/** Storage page size for the initial state, as client-go's reflector pages its lists. */
export const INITIAL_LIST_PAGE = 500;
/** Compactions survived while reading the initial state before giving up. */
const INITIAL_LIST_ATTEMPTS = 3;

export class ResourceWatcher {
  /** The dispatcher new watches of each prefix join (older ones may run beside it for resumed watches). */
  private readonly shared = new Map<string, WatchDispatcher>();

  constructor(
    private readonly def: ResourceDefinition<any>,
    private readonly store: Store,
    private readonly codec: ObjectCodec,
  ) {}

  /** Starts a watch; returns its stop function. */
  async watch(namespace: string | undefined, options: WatchOptions, sink: WatchSink): Promise<() => void> {
    checkFieldSelector(this.def, options.fields);
    const prefix = listPrefix(this.def, namespace);
    const rv = options.resourceVersion;
    const initial = options.sendInitialEvents ?? (!rv || rv === '0');
    let fromRevision: number;
    let initialEvents: ApiWatchEvent[] = [];

    if (initial) {
      ({ revision: fromRevision, events: initialEvents } = await this.initialState(prefix, options));
      if (options.sendInitialEvents && options.allowWatchBookmarks) {
        initialEvents.push({ type: 'BOOKMARK', object: this.bookmark(fromRevision, true) });
      }
    } else {
      if (!/^\d+$/.test(rv!)) {
        throw errors.badRequest(`invalid resource version: strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax`);
      }
      fromRevision = Number(rv);
    }

    const watch = new DispatchedWatch(fromRevision, (obj) => matchesSelection(this.def, obj, options), !!options.allowWatchBookmarks, sink);
    let dispatcher: WatchDispatcher;
    for (;;) {
      try {
        // A shared subscription would serve a compacted start too: answer 410 as storage would.
        if (!initial) checkWatchStart(prefix, fromRevision, await this.store.compactedRevision());
        dispatcher = this.dispatcherFor(prefix, fromRevision);
        dispatcher.add(watch);
        try {
          await dispatcher.opened;
          break;
        } catch (e) {
          dispatcher.remove(watch);
          // Joined a subscription that started earlier and failed for its own start: open our own.
          if (isCompacted(e) && dispatcher.startRevision < fromRevision) continue;
          throw e;
        }
      } catch (e) {
        if (!isCompacted(e)) throw e;
        sink.send([{ type: 'ERROR', object: errors.expired(`too old resource version: ${fromRevision} (${e.compactedRevision ?? 0})`).status }]);
        sink.end();
        return () => {};
      }
    }
    watch.start(initialEvents);
    return () => {
      watch.close();
      dispatcher.remove(watch);
    };
  }

  /** The shared dispatcher of the prefix if the watch can join it, else a new one (shared if none is). */
  private dispatcherFor(prefix: string, fromRevision: number): WatchDispatcher {
    const existing = this.shared.get(prefix);
    if (existing?.canJoin(fromRevision)) return existing;
    const created: WatchDispatcher = new WatchDispatcher({
      open: (revision, callbacks) => this.store.watch(prefix, revision, callbacks),
      decode: (kv) => this.decodeShared(kv),
      bookmark: (revision) => this.bookmark(revision, false),
      errorStatus: storageErrorStatus,
    }, fromRevision, () => {
      if (this.shared.get(prefix) === created) this.shared.delete(prefix);
    });
    if (!existing) this.shared.set(prefix, created);
    return created;
  }

  /** The selected objects at one revision, read in pages; a compaction between pages restarts the read. */
  private async initialState(prefix: string, selection: Selection): Promise<{ revision: number; events: ApiWatchEvent[] }> {
    for (let attempt = 1; ; attempt++) {
      const events: ApiWatchEvent[] = [];
      try {
        const revision = await readPages(this.store, prefix, INITIAL_LIST_PAGE, async (items) => {
          for (const kv of items) {
            const obj = await this.codec.decode(kv);
            if (matchesSelection(this.def, obj, selection)) events.push({ type: 'ADDED', object: obj });
          }
        });
        return { revision, events };
      } catch (e) {
        if (!isCompacted(e) || attempt === INITIAL_LIST_ATTEMPTS) throw e;
      }
    }
  }

  private decodeShared(kv: KeyValue): Promise<KubeObject> {
    let promise = decoded.get(kv);
    if (!promise) {
      promise = this.codec.decode(kv);
      decoded.set(kv, promise);
    }
    return promise;
  }

  private bookmark(revision: number, initialEventsEnd: boolean): KubeObject {
    const metadata: KubeObject['metadata'] = { resourceVersion: String(revision), creationTimestamp: null };
    if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    return { kind: this.def.kind, apiVersion: this.def.group ? `${this.def.group}/${this.def.version}` : this.def.version, metadata };
  }
}

function isCompacted(e: unknown): e is StorageError {
  return e instanceof StorageError && e.code === 'Compacted';
}

function storageErrorStatus(err: StorageError): Status {
  if (err.code === 'Compacted') return errors.expired('The resourceVersion for the provided watch is too old.').status;
  return errors.internal(err.message).status;
}
