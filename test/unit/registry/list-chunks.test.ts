// The generic store's chunked list on a real SQLite store: lists without a limit come in storage
// pages of 500, all at one revision, and add up to exactly what list() answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../../src/machinery/object.js';
import { parseLabelSelector } from '../../../src/machinery/selectors/label-selector.js';
import { ApiRegistry, type ServedResource } from '../../../src/registry/api-registry.js';
import { LIST_CHUNK, listIsUnlimited } from '../../../src/registry/generic-store.js';
import { resourceDefinitions } from '../../../src/resources/registry.js';
import type { Store } from '../../../src/storage/interface.js';
import { openTempSqliteStore, type TempSqliteStore } from '../../helpers/temp-sqlite-store.js';

let temp: TempSqliteStore;
const COUNT = 1001;
let store: Store;
let configMaps: ServedResource;
const write = { dryRun: false, fieldManager: 'test' };

before(async () => {
  temp = await openTempSqliteStore();
  store = temp.store;
  const registry = new ApiRegistry(resourceDefinitions, store);
  await registry.kind('', 'Namespace').store.create(undefined, { metadata: { name: 'ns' } }, write);
  configMaps = registry.kind('', 'ConfigMap');
  for (let i = 0; i < COUNT; i++) {
    const name = `cm-${String(i).padStart(4, '0')}`;
    await configMaps.store.create('ns', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { even: String(i % 2 === 0) } }, data: { i: String(i) } }, write);
  }
});
after(async () => {
  await temp.close();
});

const names = (items: KubeObject[]) => items.map((o) => o.metadata.name);

describe('GenericStore.listChunks', () => {
  it('hands an unlimited list over in pages of 500 at one revision, adding up to list()', async () => {
    assert.equal(LIST_CHUNK, 500);
    const chunks: { size: number; resourceVersion: string }[] = [];
    const streamed: KubeObject[] = [];
    const meta = await configMaps.store.listChunks('ns', {}, (items, resourceVersion) => {
      chunks.push({ size: items.length, resourceVersion });
      streamed.push(...items);
    });
    const rv = String(await store.currentRevision());
    assert.deepEqual(chunks, [{ size: 500, resourceVersion: rv }, { size: 500, resourceVersion: rv }, { size: 1, resourceVersion: rv }]);
    assert.deepEqual(meta, { resourceVersion: rv });
    const whole = await configMaps.store.list('ns', {});
    assert.deepEqual(whole, { items: streamed, resourceVersion: rv });
    assert.equal(names(streamed)[1000], 'cm-1000');
  });

  it('reads later pages at the first page\'s revision, whatever is written meanwhile', async () => {
    const seen: string[] = [];
    let wrote = false;
    const meta = await configMaps.store.listChunks('ns', {}, async (items, resourceVersion) => {
      seen.push(`${items.length}@${resourceVersion}`);
      if (!wrote) {
        wrote = true;
        await configMaps.store.create('ns', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-9999' } }, write);
      }
    });
    const before = String((await store.currentRevision()) - 1);
    assert.deepEqual(seen, [`500@${before}`, `500@${before}`, `1@${before}`]);
    assert.deepEqual(meta, { resourceVersion: before });
    await configMaps.store.delete('ns', 'cm-9999', { dryRun: false });
  });

  it('filters each page by the selection', async () => {
    const sizes: number[] = [];
    await configMaps.store.listChunks('ns', { labels: parseLabelSelector('even=true') }, (items) => { sizes.push(items.length); });
    assert.deepEqual(sizes, [250, 250, 1]);
  });

  it('keeps limit, continue and remainingItemCount for limited lists', async () => {
    const sizes: number[] = [];
    const meta = await configMaps.store.listChunks('ns', { limit: 3 }, (items) => { sizes.push(items.length); });
    assert.deepEqual(sizes, [3]);
    assert.equal(meta.remainingItemCount, COUNT - 3);
    assert.ok(meta.continueToken);
  });

  it('treats limits as void for "any version" lists without a continue token', () => {
    assert.equal(listIsUnlimited({}), true);
    assert.equal(listIsUnlimited({ limit: 0 }), true);
    assert.equal(listIsUnlimited({ limit: 5 }), false);
    assert.equal(listIsUnlimited({ limit: 5, resourceVersion: '0' }), true);
    assert.equal(listIsUnlimited({ limit: 5, resourceVersion: '0', continueToken: 'x' }), false);
    assert.equal(listIsUnlimited({ limit: 5, resourceVersion: '7' }), false);
  });
});
