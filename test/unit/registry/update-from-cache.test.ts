// Updates that start from this server's newest copy of the object instead of a read, on a real
// SQLite store: the write's compare on the copy's revision is what proves it current, and a
// stale copy (the object was written through another server) costs one read and one retry,
// with the answer a read-first update gives.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../../../src/machinery/object.js';
import { StatusError } from '../../../src/machinery/status.js';
import { ApiRegistry } from '../../../src/registry/api-registry.js';
import type { GenericStore } from '../../../src/registry/generic-store.js';
import { resourceDefinitions } from '../../../src/resources/registry.js';
import type { Store } from '../../../src/storage/interface.js';
import { openTempSqliteStore, type TempSqliteStore } from '../../helpers/temp-sqlite-store.js';
import { countingStore, type CountingStore } from '../../helpers/counting-store.js';

let temp: TempSqliteStore;
const write = { dryRun: false, fieldManager: 'test' };
const KEY = '/registry/configmaps/ns/cm';
let store: Store;
let counted: CountingStore;
/** This server: its writes leave their object in its serialized-object cache. */
let mine: GenericStore;
/** Another server on the same storage, with a cache of its own. */
let theirs: GenericStore;

before(async () => {
  temp = await openTempSqliteStore();
  store = temp.store;
  counted = countingStore(store);
  const registry = new ApiRegistry(resourceDefinitions, counted.store);
  mine = registry.kind('', 'ConfigMap').store;
  theirs = new ApiRegistry(resourceDefinitions, store).kind('', 'ConfigMap').store;
  await registry.kind('', 'Namespace').store.create(undefined, { metadata: { name: 'ns' } }, write);
  await mine.create('ns', { metadata: { name: 'cm' }, data: { v: '0' } }, write);
});
after(async () => {
  await temp.close();
});

const body = (from: KubeObject, data: Record<string, string>): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', resourceVersion: from.metadata.resourceVersion }, data });

test('an update of an object this server wrote last reads nothing before its write', async () => {
  const current = await mine.get('ns', 'cm');
  counted.reset();
  const result = await mine.update('ns', 'cm', body(current, { v: '1' }), write);
  assert.equal(counted.count(`get ${KEY}`), 0);
  assert.equal(counted.count('update'), 1);
  assert.deepEqual(result.object.data, { v: '1' });
  assert.deepEqual(await mine.get('ns', 'cm'), result.object);
});

test('a stale copy and the body of the newer object: the refused start reads once and the update succeeds', async () => {
  const newer = await theirs.update('ns', 'cm', body(await theirs.get('ns', 'cm'), { v: 'theirs' }), write);
  counted.reset();
  const result = await mine.update('ns', 'cm', body(newer.object, { v: 'mine' }), write);
  assert.equal(counted.count(`get ${KEY}`), 1);
  assert.equal(counted.count('update'), 1);
  assert.deepEqual(result.object.data, { v: 'mine' });
  assert.equal(result.object.metadata.uid, newer.object.metadata.uid);
  assert.ok(Number(result.object.metadata.resourceVersion) > Number(newer.object.metadata.resourceVersion));
});

test('a stale copy and a patch: the compare fails once, the retry patches the live object', async () => {
  await theirs.update('ns', 'cm', body(await theirs.get('ns', 'cm'), { v: 'theirs', other: 'kept' }), write);
  counted.reset();
  const result = await mine.patch('ns', 'cm', 'merge', { data: { v: 'patched' } }, write);
  assert.equal(counted.count(`get ${KEY}`), 1);
  assert.equal(counted.count('update'), 2);
  assert.deepEqual(result.object.data, { v: 'patched', other: 'kept' });
  assert.deepEqual(await theirs.get('ns', 'cm'), result.object);
});

test('a stale copy whose resourceVersion the body names: 409 with the same text as from a read', async () => {
  const known = await mine.get('ns', 'cm');
  await theirs.update('ns', 'cm', body(await theirs.get('ns', 'cm'), { v: 'theirs again' }), write);
  counted.reset();
  const fromCache = await mine.update('ns', 'cm', body(known, { v: 'lost' }), write).catch((e: unknown) => e);
  assert.equal(counted.count(`get ${KEY}`), 1);
  assert.equal(counted.count('update'), 1);
  const fromRead = await theirs.update('ns', 'cm', body(known, { v: 'lost' }), write).catch((e: unknown) => e);
  assert.ok(fromCache instanceof StatusError && fromRead instanceof StatusError);
  assert.equal(fromCache.code, 409);
  assert.deepEqual(fromCache.status, fromRead.status);
  assert.deepEqual((await mine.get('ns', 'cm')).data, { v: 'theirs again' });
});

test('a stale copy that makes the update look like a no-op: the live object is read and written', async () => {
  const mineNow = await mine.update('ns', 'cm', body(await mine.get('ns', 'cm'), { v: 'same' }), write);
  // Another server changes it, then changes it back: the value equals this server's copy, the revision does not.
  const changed = await theirs.update('ns', 'cm', body(mineNow.object, { v: 'different' }), write);
  const back = await theirs.update('ns', 'cm', body(changed.object, { v: 'same' }), write);
  counted.reset();
  const result = await mine.patch('ns', 'cm', 'merge', { data: { v: 'same' } }, write);
  assert.equal(counted.count(`get ${KEY}`), 1);
  assert.equal(counted.count('update'), 0);
  assert.equal(result.object.metadata.resourceVersion, back.object.metadata.resourceVersion);
  assert.deepEqual(result.object, await theirs.get('ns', 'cm'));
});

test('an object deleted through another server: NotFound after one read', async () => {
  await theirs.delete('ns', 'cm', { dryRun: false });
  counted.reset();
  await assert.rejects(mine.patch('ns', 'cm', 'merge', { data: { v: 'gone' } }, write), { reason: 'NotFound' });
  assert.equal(counted.count(`get ${KEY}`), 1);
});
