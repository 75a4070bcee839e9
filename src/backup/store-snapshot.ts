// A consistent snapshot of a Store: every key under /registry/ read at one revision, page by
// page (each page continues after the last key at the same revision, as kube-apiserver's
// paginated lists do), so writes made meanwhile are not in it and nothing is read twice.
import type { Store } from '../storage/interface.js';
import { keyAfter } from '../storage/key-range.js';
import type { StoredEntry } from './backup-file.js';

/** Every Kubernetes object lives under this prefix. */
export const REGISTRY_PREFIX = '/registry/';
export const SNAPSHOT_PAGE_SIZE = 500;

export interface Snapshot {
  /** The revision every page is read at. */
  revision: number;
  /** How many keys the snapshot holds. */
  count: number;
  /** The keys in bytewise order, read lazily (the revision must not be compacted meanwhile). */
  entries: AsyncIterable<StoredEntry>;
}

/** Reads the first page to fix the revision and count; the rest follows as `entries` is iterated. */
export async function openSnapshot(store: Store, atRevision = 0, pageSize = SNAPSHOT_PAGE_SIZE): Promise<Snapshot> {
  const first = await store.list(REGISTRY_PREFIX, { revision: atRevision, limit: pageSize });
  const revision = first.revision;
  async function* entries(): AsyncGenerator<StoredEntry> {
    let page = first;
    for (;;) {
      for (const kv of page.items) yield { key: kv.key, value: kv.value };
      const last = page.items.at(-1);
      if (!page.more || !last) return;
      page = await store.list(REGISTRY_PREFIX, { revision, limit: pageSize, startKey: keyAfter(last.key) });
    }
  }
  return { revision, count: first.items.length + (first.more ? first.remaining : 0), entries: entries() };
}
