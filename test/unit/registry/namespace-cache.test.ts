// NamespaceLifecycle admission from the watch-fed namespace cache, on a real SQLite store: a
// cached namespace costs no read, a namespace the cache lacks is read live, a namespace this
// server marks Terminating refuses the very next create, and changes made through another
// server arrive through the watch.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiRegistry } from '../../../src/registry/api-registry.js';
import type { GenericStore } from '../../../src/registry/generic-store.js';
import { resourceDefinitions } from '../../../src/resources/registry.js';
import type { Store } from '../../../src/storage/interface.js';
import { openTempSqliteStore, type TempSqliteStore } from '../../helpers/temp-sqlite-store.js';
import { countingStore, type CountingStore } from '../../helpers/counting-store.js';
import { eventually } from '../../helpers/eventually.js';

let temp: TempSqliteStore;
const write = { dryRun: false, fieldManager: 'test' };
let store: Store;
let counted: CountingStore;
let registry: ApiRegistry;
/** Another server on the same storage, whose writes this one learns of only through storage. */
let other: ApiRegistry;

before(async () => {
  temp = await openTempSqliteStore();
  store = temp.store;
  counted = countingStore(store);
  other = new ApiRegistry(resourceDefinitions, store);
  await other.kind('', 'Namespace').store.create(undefined, { metadata: { name: 'before-start' } }, write);
  registry = new ApiRegistry(resourceDefinitions, counted.store);
  await registry.start();
});
after(async () => {
  registry.stop();
  await temp.close();
});

const configMaps = (r: ApiRegistry): GenericStore => r.kind('', 'ConfigMap').store;
const namespaces = (r: ApiRegistry): GenericStore => r.kind('', 'Namespace').store;
const configMap = (name: string) => ({ metadata: { name }, data: { k: 'v' } });
const namespaceReads = (name: string) => counted.count(`get /registry/namespaces/${name}`);

test('a namespace listed at start and one this server created are admitted without a read', async () => {
  await namespaces(registry).create(undefined, { metadata: { name: 'mine' } }, write);
  counted.reset();
  await configMaps(registry).create('before-start', configMap('a'), write);
  await configMaps(registry).create('mine', configMap('a'), write);
  assert.equal(namespaceReads('before-start'), 0);
  assert.equal(namespaceReads('mine'), 0);
});

test('a namespace created through another server a moment ago is found by a live read', async () => {
  await namespaces(other).create(undefined, { metadata: { name: 'just-made' } }, write);
  counted.reset();
  const created = await configMaps(registry).create('just-made', configMap('a'), write);
  assert.equal(created.object.metadata.namespace, 'just-made');
  // Unless the watch delivered it first, the lookup read it.
  assert.ok(namespaceReads('just-made') <= 1);
  await eventually(async () => {
    counted.reset();
    await configMaps(registry).create('just-made', { metadata: { generateName: 'b-' } }, write);
    assert.equal(namespaceReads('just-made'), 0);
  });
});

test('a missing namespace is read live and refused with NotFound', async () => {
  counted.reset();
  await assert.rejects(configMaps(registry).create('nowhere', configMap('a'), write),
    { status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'namespaces "nowhere" not found', reason: 'NotFound', details: { name: 'nowhere', kind: 'namespaces' }, code: 404 } });
  assert.equal(namespaceReads('nowhere'), 1);
});

const terminatingRefusal = (ns: string) => ({
  code: 403,
  message: `configmaps "late" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
});

test('a namespace this server marks Terminating refuses the next create, without a read', async () => {
  await namespaces(registry).create(undefined, { metadata: { name: 'ending' } }, write);
  await configMaps(registry).create('ending', configMap('early'), write);
  await namespaces(registry).delete(undefined, 'ending', { dryRun: false });
  counted.reset();
  await assert.rejects(configMaps(registry).create('ending', configMap('late'), write), terminatingRefusal('ending'));
  // Content already there may still change.
  const patched = await configMaps(registry).patch('ending', 'early', 'merge', { data: { k: 'changed' } }, write);
  assert.deepEqual(patched.object.data, { k: 'changed' });
  assert.equal(namespaceReads('ending'), 0);
});

test('Terminating and deletion through another server arrive through the watch', async () => {
  await namespaces(registry).create(undefined, { metadata: { name: 'theirs' } }, write);
  await namespaces(other).delete(undefined, 'theirs', { dryRun: false });
  await eventually(() => assert.rejects(configMaps(registry).create('theirs', configMap('late'), write), terminatingRefusal('theirs')));
  assert.equal(namespaceReads('theirs'), 0);

  // The namespace controller (on whichever server) removes it from storage for good.
  const stored = await store.get('/registry/namespaces/theirs');
  await store.delete('/registry/namespaces/theirs', stored!.modRevision);
  await eventually(async () => {
    counted.reset();
    await assert.rejects(configMaps(registry).create('theirs', configMap('late'), write), { code: 404, message: 'namespaces "theirs" not found' });
    // No longer cached: the refusal came from a live read.
    assert.equal(namespaceReads('theirs'), 1);
  });
});
