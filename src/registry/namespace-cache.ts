// The namespaces NamespaceLifecycle admission reads, kept per server from one storage watch on
// the namespaces prefix, as kube-apiserver's admission reads them from an informer: a namespaced
// write then costs no namespace read. A name the cache does not hold is read live (so a namespace
// created a moment ago through another server is still found), and this server's own namespace
// writes are applied at once, before the watch delivers them (so a namespace this server just
// marked Terminating refuses the very next create). Entries and events are ordered by revision:
// an older event never replaces a newer state.
import { deepClone, type KubeObject } from '../machinery/object.js';
import type { Store, WatchEvent, WatchHandle } from '../storage/interface.js';
import type { ObjectCodec } from './codec.js';
import type { NamespaceLookup } from './generic-store.js';

/** How long to wait before watching again after the watch failed (meanwhile every lookup is live). */
const RESTART_DELAY_MS = 1_000;

interface Entry {
  modRevision: number;
  /** Undefined: deleted at modRevision (a tombstone, so an older event cannot bring it back). */
  object: KubeObject | undefined;
}

export class NamespaceCache {
  private readonly entries = new Map<string, Entry>();
  private watch?: WatchHandle;
  /** Which start the entries belong to: events of a watch that failed no longer apply. */
  private generation = 0;
  private following = false;
  private stopped = false;
  private restartTimer?: NodeJS.Timeout;
  /** Watch events are decoded one batch after another, so they apply in revision order. */
  private applying: Promise<void> = Promise.resolve();

  constructor(
    private readonly storage: Store,
    private readonly codec: ObjectCodec,
    private readonly prefix: string,
  ) {}

  /** Lists the namespaces, then follows them from the list's revision; on failure, tries again later. */
  async start(): Promise<void> {
    try {
      await this.follow();
    } catch {
      this.restartLater();
    }
  }

  private async follow(): Promise<void> {
    const generation = ++this.generation;
    const page = await this.storage.list(this.prefix);
    const decoded = await Promise.all(page.items.map(async (kv) => ({ kv, object: await this.codec.decode(kv) })));
    const watch = await this.storage.watch(this.prefix, page.revision, {
      onEvents: (events) => {
        this.applying = this.applying.then(() => this.applyEvents(generation, events))
          .catch(() => { if (generation === this.generation) this.restartLater(); });
      },
      onError: () => { if (generation === this.generation) this.restartLater(); },
    });
    if (this.stopped || generation !== this.generation) {
      watch.close();
      return;
    }
    for (const { kv, object } of decoded) this.apply(kv.key, kv.modRevision, object);
    this.watch = watch;
    this.following = true;
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    this.following = false;
    clearTimeout(this.restartTimer);
    this.watch?.close();
    this.watch = undefined;
  }

  /** NamespaceLifecycle's lookup: the cached namespace, or a live read when the cache has none. */
  readonly lookup: NamespaceLookup = async (name) => this.entries.get(this.prefix + name)?.object ?? this.readLive(name);

  /** Only a missing namespace is missing: a storage failure propagates rather than becoming 404. */
  private async readLive(name: string): Promise<KubeObject | undefined> {
    const kv = await this.storage.get(this.prefix + name);
    return kv && this.codec.decode(kv);
  }

  /** A write this server made to a namespace key (object undefined: deleted). Without a watch, nothing is kept. */
  observeWrite(key: string, modRevision: number, object: KubeObject | undefined): void {
    // A copy: the writer goes on to answer the object, and its handler may still change it.
    if (this.following) this.apply(key, modRevision, object && deepClone(object));
  }

  private async applyEvents(generation: number, events: WatchEvent[]): Promise<void> {
    for (const event of events) {
      const object = event.type === 'delete' ? undefined : await this.codec.decode(event.kv);
      if (generation !== this.generation) return;
      this.apply(event.kv.key, event.revision, object);
    }
  }

  private apply(key: string, modRevision: number, object: KubeObject | undefined): void {
    const entry = this.entries.get(key);
    if (entry && entry.modRevision > modRevision) return;
    this.entries.set(key, { modRevision, object });
  }

  /** Without a watch the cache would go stale: forget it (lookups go live) and watch again later. */
  private restartLater(): void {
    clearTimeout(this.restartTimer);
    this.generation++;
    this.following = false;
    this.watch?.close();
    this.watch = undefined;
    this.entries.clear();
    if (this.stopped) return;
    this.restartTimer = setTimeout(() => void this.start(), RESTART_DELAY_MS);
    this.restartTimer.unref();
  }
}
