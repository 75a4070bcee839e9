// API watches on top of storage watches: initial state, selector transitions
// (an object that starts matching is ADDED, one that stops is DELETED), bookmarks and 410s.
import type { KubeObject } from '../machinery/object.js';
import { errors, type Status } from '../machinery/status.js';
import type { ResourceDefinition } from '../resources/types.js';
import { StorageError, type Store, type WatchEvent, type WatchHandle } from '../storage/interface.js';
import type { ObjectCodec } from './codec.js';
import { listPrefix } from './keys.js';
import { checkFieldSelector, matchesSelection, type Selection } from './selection.js';

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

/** Decoded objects are shared by every watcher of one event (1,000 watchers decode once). */
const decoded = new WeakMap<object, Promise<KubeObject>>();

export class ResourceWatcher {
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
    const initialEvents: ApiWatchEvent[] = [];

    if (initial) {
      const page = await this.store.list(prefix);
      fromRevision = page.revision;
      for (const kv of page.items) {
        const obj = await this.codec.decode(kv);
        if (matchesSelection(this.def, obj, options)) initialEvents.push({ type: 'ADDED', object: obj });
      }
      if (options.sendInitialEvents && options.allowWatchBookmarks) {
        initialEvents.push({ type: 'BOOKMARK', object: this.bookmark(fromRevision, true) });
      }
    } else {
      if (!/^\d+$/.test(rv!)) {
        throw errors.badRequest(`invalid resource version: strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax`);
      }
      fromRevision = Number(rv);
    }

    let handle: WatchHandle | undefined;
    let stopped = false;
    // Everything goes through one chain so the initial state precedes every live event.
    let chain: Promise<void> = Promise.resolve().then(() => {
      if (initialEvents.length) sink.send(initialEvents);
    });
    const stop = () => {
      stopped = true;
      handle?.close();
    };
    try {
      handle = await this.store.watch(prefix, fromRevision, {
        onEvents: (events) => {
          chain = chain.then(async () => {
            if (stopped) return;
            const out: ApiWatchEvent[] = [];
            for (const event of events) {
              const api = await this.toApiEvent(event, options);
              if (api) out.push(api);
            }
            if (out.length && !stopped) sink.send(out);
          }).catch(() => { stop(); sink.end(); });
        },
        onError: (err) => {
          chain = chain.then(() => {
            if (stopped) return;
            sink.send([{ type: 'ERROR', object: storageErrorStatus(err) }]);
            stop();
            sink.end();
          });
        },
        onProgress: options.allowWatchBookmarks
          ? (revision) => { chain = chain.then(() => { if (!stopped) sink.send([{ type: 'BOOKMARK', object: this.bookmark(revision, false) }]); }); }
          : undefined,
      });
    } catch (e) {
      if (e instanceof StorageError && e.code === 'Compacted') {
        sink.send([{ type: 'ERROR', object: errors.expired(`too old resource version: ${fromRevision} (${e.compactedRevision ?? 0})`).status }]);
        sink.end();
        return () => {};
      }
      throw e;
    }
    return stop;
  }

  private async toApiEvent(event: WatchEvent, selection: Selection): Promise<ApiWatchEvent | undefined> {
    const current = event.type === 'put' ? await this.decodeShared(event.kv) : undefined;
    const previous = event.prevKv ? await this.decodeShared(event.prevKv) : undefined;
    const nowMatches = current ? matchesSelection(this.def, current, selection) : false;
    const wasMatching = previous ? matchesSelection(this.def, previous, selection) : false;
    if (current && nowMatches) return { type: wasMatching ? 'MODIFIED' : 'ADDED', object: current };
    if (previous && wasMatching) {
      // Deleted, or no longer selected: the last state as of this event's revision.
      const last = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(event.revision) } };
      return { type: 'DELETED', object: last };
    }
    return undefined;
  }

  private decodeShared(kv: WatchEvent['kv']): Promise<KubeObject> {
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

function storageErrorStatus(err: StorageError): Status {
  if (err.code === 'Compacted') return errors.expired('The resourceVersion for the provided watch is too old.').status;
  return errors.internal(err.message).status;
}
