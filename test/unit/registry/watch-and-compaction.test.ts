// The generic store and watcher on a real SQLite store: compaction surfaces as Kubernetes' 410s,
// initial events end with the initial-events-end bookmark, selectors turn changes into ADDED/DELETED.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseLabelSelector } from '../../../src/machinery/selectors/label-selector.js';
import { StatusError } from '../../../src/machinery/status.js';
import { ApiRegistry, type ServedResource } from '../../../src/registry/api-registry.js';
import type { ApiWatchEvent } from '../../../src/registry/watch.js';
import { resourceDefinitions } from '../../../src/resources/registry.js';
import type { Store } from '../../../src/storage/interface.js';
import { openTempSqliteStore, type TempSqliteStore } from '../../helpers/temp-sqlite-store.js';

let temp: TempSqliteStore;
let store: Store;
let configMaps: ServedResource;
let registryNamespaces: () => ServedResource;
const write = { dryRun: false, fieldManager: 'test' };

before(async () => {
  temp = await openTempSqliteStore();
  store = temp.store;
  const registry = new ApiRegistry(resourceDefinitions, store);
  await registry.kind('', 'Namespace').store.create(undefined, { metadata: { name: 'ns' } }, write);
  configMaps = registry.kind('', 'ConfigMap');
  registryNamespaces = () => registry.kind('', 'Namespace');
});
after(async () => {
  await temp.close();
});

/** Collects a watch's events until `count` arrived. */
async function collect(start: (sink: { send(e: ApiWatchEvent[]): void; end(): void }) => Promise<() => void>, count: number): Promise<ApiWatchEvent[]> {
  const events: ApiWatchEvent[] = [];
  let stop: () => void = () => {};
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${events.length} of ${count} events arrived`)), 5000);
    start({
      send: (batch) => { events.push(...batch); if (events.length >= count) { clearTimeout(timer); resolve(); } },
      end: () => { clearTimeout(timer); resolve(); },
    }).then((s) => { stop = s; }, reject);
  });
  stop();
  return events;
}

const cm = (name: string, labels?: Record<string, string>, data: Record<string, string> = { k: name }) =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data });

describe('watch and compaction in the generic store', () => {
  it('sends the initial state, then the initial-events-end bookmark', async () => {
    await configMaps.store.create('ns', cm('a'), write);
    await configMaps.store.create('ns', cm('b'), write);
    const events = await collect((sink) => configMaps.watcher.watch('ns', { sendInitialEvents: true, allowWatchBookmarks: true }, sink), 3);
    assert.deepEqual(events.map((e) => `${e.type} ${(e.object as any).metadata.name ?? ''}`), ['ADDED a', 'ADDED b', 'BOOKMARK ']);
    const rv = (await store.currentRevision()).toString();
    assert.deepEqual(events[2]!.object, {
      kind: 'ConfigMap', apiVersion: 'v1',
      metadata: { resourceVersion: rv, creationTimestamp: null, annotations: { 'k8s.io/initial-events-end': 'true' } },
    });
  });

  it('turns label changes into ADDED and DELETED for a selective watch', async () => {
    const from = String(await store.currentRevision());
    const done = collect((sink) => configMaps.watcher.watch('ns', { resourceVersion: from, labels: parseLabelSelector('tier=web') }, sink), 3);
    await configMaps.store.patch('ns', 'a', 'merge', { metadata: { labels: { tier: 'web' } } }, write);
    await configMaps.store.patch('ns', 'a', 'merge', { data: { k: 'changed' } }, write);
    const last = await configMaps.store.patch('ns', 'a', 'merge', { metadata: { labels: { tier: 'db' } } }, write);
    const events = await done;
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
    const deleted = events[2]!.object as any;
    assert.deepEqual(deleted.metadata.labels, { tier: 'web' });
    assert.equal(deleted.metadata.resourceVersion, last.object.metadata.resourceVersion);
  });

  it('shares one event object between watches of a namespace, and replays for a watch resumed from before', async () => {
    const from = String(await store.currentRevision());
    const first = collect((sink) => configMaps.watcher.watch('ns', { resourceVersion: from }, sink), 2);
    const second = collect((sink) => configMaps.watcher.watch('ns', { resourceVersion: from }, sink), 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const one = await configMaps.store.patch('ns', 'b', 'merge', { data: { k: 'one' } }, write);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Resumed from before the shared subscription's position: its own subscription replays from storage.
    const resumed = collect((sink) => configMaps.watcher.watch('ns', { resourceVersion: from }, sink), 2);
    const two = await configMaps.store.patch('ns', 'b', 'merge', { data: { k: 'two' } }, write);
    const [a, b, c] = await Promise.all([first, second, resumed]);
    const rvs = [one.object.metadata.resourceVersion, two.object.metadata.resourceVersion];
    for (const events of [a, b, c]) {
      assert.deepEqual(events.map((e) => `${e.type} ${(e.object as any).metadata.resourceVersion} ${(e.object as any).data.k}`), [`MODIFIED ${rvs[0]} one`, `MODIFIED ${rvs[1]} two`]);
    }
    assert.equal(a[0], b[0]);
    assert.equal(a[1], b[1]);
    assert.notEqual(c[0], a[0]);
  });

  it('answers 410 Expired for lists and continue tokens older than the compaction', async () => {
    const page = await configMaps.store.list('ns', { limit: 1 });
    assert.ok(page.continueToken);
    const before = page.resourceVersion;
    await configMaps.store.create('ns', cm('c'), write);
    await store.compact(await store.currentRevision());
    await assert.rejects(configMaps.store.list('ns', { limit: 1, continueToken: page.continueToken }), (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.equal(e.code, 410);
      assert.equal(e.reason, 'Expired');
      assert.equal(e.message, 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
      return true;
    });
    await assert.rejects(configMaps.store.list('ns', { resourceVersion: before, resourceVersionMatch: 'Exact' }), (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.deepEqual(e.status, {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
        message: 'The resourceVersion for the provided list is too old.', reason: 'Expired', code: 410,
      });
      return true;
    });
  });

  it('ends a watch from a compacted resourceVersion with one ERROR event', async () => {
    const compacted = await store.compactedRevision();
    const events = await collect((sink) => configMaps.watcher.watch('ns', { resourceVersion: '2' }, sink), 1);
    assert.deepEqual(events, [{
      type: 'ERROR',
      object: {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
        message: `too old resource version: 2 (${compacted})`, reason: 'Expired', code: 410,
      },
    }]);
  });

  it('answers 410 for a compacted resourceVersion even while a shared watch of the namespace could serve it', async () => {
    const quiet = await store.currentRevision();
    const stopShared = await configMaps.watcher.watch('ns', { resourceVersion: String(quiet) }, { send: () => {}, end: () => {} });
    // Writes elsewhere move the revision on; nothing reaches the shared watch, so its position stays at `quiet`.
    await registryNamespaces().store.create(undefined, { metadata: { name: 'elsewhere' } }, write);
    const compacted = await store.currentRevision();
    await store.compact(compacted);
    const events = await collect((sink) => configMaps.watcher.watch('ns', { resourceVersion: String(quiet) }, sink), 1);
    stopShared();
    assert.deepEqual(events, [{
      type: 'ERROR',
      object: {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
        message: `too old resource version: ${quiet} (${compacted})`, reason: 'Expired', code: 410,
      },
    }]);
  });
});
