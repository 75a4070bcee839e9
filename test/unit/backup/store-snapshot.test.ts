import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSnapshot } from '../../../src/backup/store-snapshot.js';
import type { Store } from '../../../src/storage/interface.js';
import { openSqliteStore } from '../../../src/storage/sqlite/sqlite-store.js';

const bytes = (text: string) => new TextEncoder().encode(text);
let dir: string;
let store: Store;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arca-snapshot-'));
  store = await openSqliteStore(join(dir, 'arca.db'));
});
after(async () => { await store.close(); await rm(dir, { recursive: true, force: true }); });

it('reads every page at the first page\'s revision: later writes are not in it', async () => {
  for (const name of ['a', 'b', 'c', 'd', 'e']) await store.create(`/registry/configmaps/ns/${name}`, bytes(name));
  await store.create('/other/x', bytes('x'));
  const snapshot = await openSnapshot(store, 0, 2);
  assert.deepEqual({ revision: snapshot.revision, count: snapshot.count }, { revision: 6, count: 5 });

  const read: string[] = [];
  for await (const entry of snapshot.entries) {
    read.push(`${entry.key}=${Buffer.from(entry.value).toString()}`);
    if (read.length === 1) {
      // Between pages: a new key, a changed one and a deleted one.
      await store.create('/registry/configmaps/ns/bb', bytes('new'));
      const d = await store.get('/registry/configmaps/ns/d');
      await store.update('/registry/configmaps/ns/d', bytes('changed'), d!.modRevision);
      await store.delete('/registry/configmaps/ns/e', 0);
    }
  }
  assert.deepEqual(read, ['a', 'b', 'c', 'd', 'e'].map((n) => `/registry/configmaps/ns/${n}=${n}`));
});
