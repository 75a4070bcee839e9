// Reading everything under a prefix without holding it all: pages of a fixed size, all read at
// the revision of the first, as client-go's reflector pages its lists with limit + continue.
import type { KeyValue, Store } from '../storage/interface.js';

/** Hands each page to `onPage` (awaited before the next read); returns the revision read at. */
export async function readPages(
  store: Store, prefix: string, pageSize: number, onPage: (items: KeyValue[], revision: number) => Promise<void> | void,
): Promise<number> {
  let revision = 0;
  let startKey: string | undefined;
  for (;;) {
    const page = await store.list(prefix, { revision, limit: pageSize, startKey, countRemaining: false });
    revision = page.revision;
    await onPage(page.items, revision);
    if (!page.more || page.items.length === 0) return revision;
    startKey = `${page.items[page.items.length - 1]!.key}\u0000`;
  }
}
