// Paged reads on a real SQLite store: every key under the prefix, in pages of the given size,
// all at the first page's revision even when writes land between pages; and a watch's initial
// state, read that way, is complete.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiRegistry } from '../../../src/registry/api-registry.js';
import { readPages } from '../../../src/registry/paged-read.js';
import type { ApiWatchEvent } from '../../../src/registry/watch.js';
import { INITIAL_LIST_PAGE } from '../../../src/registry/watch.js';
import { resourceDefinitions } from '../../../src/resources/registry.js';
import type { Store } from '../../../src/storage/interface.js';
import { openTempSqliteStore, type TempSqliteStore } from '../../helpers/temp-sqlite-store.js';

let temp: TempSqliteStore;
const PREFIX = '/registry/configmaps/paged/';
const COUNT = 1001;
let store: Store;

before(async () => {
  temp = await openTempSqliteStore();
  store = temp.store;
  for (let i = 0; i < COUNT; i++) {
    const name = `cm-${String(i).padStart(4, '0')}`;
    const value = Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'paged' } }));
    await store.create(`${PREFIX}${name}`, value);
  }
});
after(async () => {
  await temp.close();
});

describe('readPages', () => {
  it('reads every key in pages at one revision, writes between pages unseen', async () => {
    const start = await store.currentRevision();
    const pages: string[] = [];
    const revision = await readPages(store, PREFIX, 400, async (items, rev) => {
      pages.push(`${items.length}@${rev} ${items[0]?.key.slice(PREFIX.length)}`);
      if (pages.length === 1) await store.create(`${PREFIX}cm-0000a`, Buffer.from('{"metadata":{}}'));
    });
    assert.equal(revision, start);
    assert.deepEqual(pages, [`400@${start} cm-0000`, `400@${start} cm-0400`, `201@${start} cm-0800`]);
    await store.delete(`${PREFIX}cm-0000a`, 0);
  });

  it('calls back once, with no items, for an empty prefix', async () => {
    const calls: number[] = [];
    const revision = await readPages(store, '/registry/configmaps/none/', 500, (items) => { calls.push(items.length); });
    assert.deepEqual(calls, [0]);
    assert.equal(revision, await store.currentRevision());
  });

  it('gives a watch its whole initial state across pages of 500', async () => {
    assert.equal(INITIAL_LIST_PAGE, 500);
    const configMaps = new ApiRegistry(resourceDefinitions, store).kind('', 'ConfigMap');
    const batches: ApiWatchEvent[][] = [];
    const stop = await configMaps.watcher.watch('paged', {}, { send: (events) => batches.push(events), end: () => {} });
    stop();
    assert.equal(batches.length, 1);
    const names = batches[0]!.map((e) => `${e.type} ${(e.object as { metadata: { name: string } }).metadata.name}`);
    assert.equal(names.length, COUNT);
    assert.deepEqual([names[0], names[500], names[1000]], ['ADDED cm-0000', 'ADDED cm-0500', 'ADDED cm-1000']);
  });
});
