// Restore writes every key of a backup into an EMPTY store: each is created anew, so objects get
// new revisions (new resourceVersions), as after an etcd snapshot restore into a new cluster.
// A store that already holds objects is refused, so nothing is merged or overwritten by mistake.
import type { Store } from '../storage/interface.js';
import type { StoredEntry } from './backup-file.js';
import { REGISTRY_PREFIX } from './store-snapshot.js';

export class NonEmptyTargetError extends Error {}

export async function ensureEmpty(store: Store, describeTarget: string): Promise<void> {
  const present = await store.count(REGISTRY_PREFIX);
  if (present > 0) {
    throw new NonEmptyTargetError(
      `${describeTarget} is not empty: it holds ${present} keys under ${REGISTRY_PREFIX}; restore only into an empty store (a new data directory, or an etcd prefix nothing uses)`,
    );
  }
}

/** Creates every entry (KeyExists if one appeared meanwhile); returns how many were written. */
export async function restoreEntries(store: Store, entries: AsyncIterable<StoredEntry>, onWritten: () => void = () => {}): Promise<number> {
  let written = 0;
  for await (const entry of entries) {
    await store.create(entry.key, entry.value);
    written++;
    onWritten();
  }
  return written;
}
