// GETs answered from the serialized-object cache, on a real SQLite store: the bytes are exactly
// those of the decoded object, a hit skips decoding, and a write through another registry (as by
// another server on the same storage) is seen on the next GET.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiRegistry } from '../../../src/registry/api-registry.js';
import type { ValueTransformer } from '../../../src/registry/codec.js';
import { SerializedObjectCache } from '../../../src/registry/serialized-object-cache.js';
import { resourceDefinitions } from '../../../src/resources/registry.js';
import type { Store } from '../../../src/storage/interface.js';
import { openTempSqliteStore, type TempSqliteStore } from '../../helpers/temp-sqlite-store.js';
import { countingStore, type CountingStore } from '../../helpers/counting-store.js';

let temp: TempSqliteStore;
const write = { dryRun: false, fieldManager: 'test' };
let store: Store;
let decodes = 0;
/** Stores values as they are and counts reads that had to decode one. */
const countingTransformer: ValueTransformer = {
  toStorage: (plain) => plain,
  fromStorage: (stored) => { decodes++; return stored; },
};
let cache: SerializedObjectCache;
let reader: ApiRegistry;
let otherServer: ApiRegistry;
/** The reader's storage calls. */
let reads: CountingStore;

before(async () => {
  temp = await openTempSqliteStore();
  store = temp.store;
  cache = new SerializedObjectCache();
  reads = countingStore(store);
  reader = new ApiRegistry(resourceDefinitions, reads.store, countingTransformer, cache);
  otherServer = new ApiRegistry(resourceDefinitions, store, countingTransformer, new SerializedObjectCache());
  await reader.kind('', 'Namespace').store.create(undefined, { metadata: { name: 'ns' } }, write);
});
after(async () => {
  await temp.close();
});

test('after a create or an update, a GET answers the bytes of the object a plain get returns, without decoding', async () => {
  const configMaps = reader.kind('', 'ConfigMap').store;
  await configMaps.create('ns', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', labels: { a: 'b' } }, data: { k: 'é\u2028"\\' } }, write);
  decodes = 0;
  const afterCreate = await configMaps.getSerialized('ns', 'cm');
  assert.equal(decodes, 0);
  const created = await configMaps.get('ns', 'cm');
  assert.equal(afterCreate.json.toString('utf8'), JSON.stringify(created));
  assert.deepEqual(afterCreate.object().metadata.managedFields?.map((f) => f.manager), ['test']);

  // The body carries resourceVersion mid-metadata; the stored form appends it, and so must the bytes.
  const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', resourceVersion: created.metadata.resourceVersion, labels: { a: 'c' } }, data: { k: 'v2' } };
  const updated = await configMaps.update('ns', 'cm', body, write);
  decodes = 0;
  const afterUpdate = await configMaps.getSerialized('ns', 'cm');
  assert.equal(decodes, 0);
  assert.equal(afterUpdate.json.toString('utf8'), JSON.stringify(await configMaps.get('ns', 'cm')));
  assert.equal(afterUpdate.object().metadata.resourceVersion, updated.object.metadata.resourceVersion);
});

test('an object this server did not write is decoded by the first GET, and not by the second', async () => {
  const configMaps = reader.kind('', 'ConfigMap').store;
  await otherServer.kind('', 'ConfigMap').store.create('ns', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'theirs' }, data: { k: 'v' } }, write);
  decodes = 0;
  const first = await configMaps.getSerialized('ns', 'theirs');
  assert.equal(decodes, 1);
  const expected = JSON.stringify(await configMaps.get('ns', 'theirs'));
  assert.equal(first.json.toString('utf8'), expected);
  assert.equal(JSON.stringify(first.object()), expected);

  decodes = 0;
  reads.reset();
  const second = await configMaps.getSerialized('ns', 'theirs');
  assert.equal(decodes, 0);
  assert.equal(second.json, first.json);
  // Holding that revision's bytes, the GET asks storage for the current revision alone.
  assert.deepEqual([...reads.calls], [['modRevision', 1]]);
});

test('a write through another server is answered on the next GET, with its resourceVersion', async () => {
  const configMaps = reader.kind('', 'ConfigMap').store;
  const before = await configMaps.getSerialized('ns', 'cm');
  const current = await otherServer.kind('', 'ConfigMap').store.get('ns', 'cm');
  const updated = await otherServer.kind('', 'ConfigMap').store.update('ns', 'cm', { ...current, data: { k: 'changed' } }, write);

  decodes = 0;
  const after = await configMaps.getSerialized('ns', 'cm');
  assert.equal(decodes, 1);
  assert.notEqual(after.json.toString(), before.json.toString());
  assert.equal(after.json.toString('utf8'), JSON.stringify(await configMaps.get('ns', 'cm')));
  assert.equal(after.object().metadata.resourceVersion, updated.object.metadata.resourceVersion);
  assert.deepEqual(after.object().data, { k: 'changed' });
});

test('a deleted object is NotFound though its bytes are cached', async () => {
  const configMaps = reader.kind('', 'ConfigMap').store;
  await configMaps.getSerialized('ns', 'cm');
  await otherServer.kind('', 'ConfigMap').store.delete('ns', 'cm', { dryRun: false });
  await assert.rejects(configMaps.getSerialized('ns', 'cm'), { reason: 'NotFound' });
});
