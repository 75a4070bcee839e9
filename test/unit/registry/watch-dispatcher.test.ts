// The watch dispatcher on a real SQLite store: one storage subscription, events decoded once and
// shared by every watch, selector transitions per watch, order kept, a throwing consumer isolated.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../../src/machinery/object.js';
import { errors } from '../../../src/machinery/status.js';
import { ObjectCodec } from '../../../src/registry/codec.js';
import type { ApiWatchEvent, WatchSink } from '../../../src/registry/watch.js';
import { DispatchedWatch, WatchDispatcher, type DispatchSource } from '../../../src/registry/watch-dispatcher.js';
import { StorageError, type Store } from '../../../src/storage/interface.js';
import { openTempSqliteStore, type TempSqliteStore } from '../../helpers/temp-sqlite-store.js';

let temp: TempSqliteStore;
const PREFIX = '/registry/configmaps/ns/';
const codec = new ObjectCodec();
let store: Store;

before(async () => {
  temp = await openTempSqliteStore();
  store = temp.store;
});
after(async () => {
  await temp.close();
});

const source: DispatchSource = {
  open: (revision, callbacks) => store.watch(PREFIX, revision, callbacks),
  decode: (kv) => codec.decode(kv),
  bookmark: (revision) => ({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: String(revision) } }),
  errorStatus: (err) => errors.internal(err.message).status,
};

const cm = (name: string, tier: string, data = 'x') => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { tier } }, data: { k: data } });
const put = async (name: string, tier: string, data?: string) => {
  const key = `${PREFIX}${name}`;
  const current = await store.get(key);
  const value = await codec.encode(cm(name, tier, data), key);
  return current ? store.update(key, value, current.modRevision) : store.create(key, value);
};

/** A sink that records batches (as "TYPE name rv") and whether it ended. */
class Recorder implements WatchSink {
  readonly batches: ApiWatchEvent[][] = [];
  ended = false;
  send(events: ApiWatchEvent[]): void {
    this.batches.push(events);
  }
  end(): void {
    this.ended = true;
  }
  get events(): ApiWatchEvent[] {
    return this.batches.flat();
  }
  get lines(): string[] {
    return this.events.map((e) => `${e.type} ${(e.object as KubeObject).metadata.name} ${(e.object as KubeObject).metadata.resourceVersion}`);
  }
}

const all = () => true;
const tier = (value: string) => (obj: KubeObject) => obj.metadata.labels?.tier === value;

/** Waits until the store's watch delivery and the dispatcher's chain have run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 30));

describe('WatchDispatcher', () => {
  it('gives every watch its selection of each event, as the same shared event objects', async () => {
    const from = await store.currentRevision();
    const dispatcher = new WatchDispatcher(source, from);
    const everything = new Recorder();
    const web = new Recorder();
    const watchAll = new DispatchedWatch(from, all, false, everything);
    const watchWeb = new DispatchedWatch(from, tier('web'), false, web);
    dispatcher.add(watchAll);
    dispatcher.add(watchWeb);
    await dispatcher.opened;
    watchAll.start([]);
    watchWeb.start([]);

    const created = await put('a', 'web');
    const modified = await put('a', 'web', 'y');
    const moved = await put('a', 'db');
    await settle();

    assert.deepEqual(everything.lines, [`ADDED a ${created.modRevision}`, `MODIFIED a ${modified.modRevision}`, `MODIFIED a ${moved.modRevision}`]);
    // Leaving the selection is a DELETED of the last matching state, at the revision it left.
    assert.deepEqual(web.lines, [`ADDED a ${created.modRevision}`, `MODIFIED a ${modified.modRevision}`, `DELETED a ${moved.modRevision}`]);
    assert.deepEqual((web.events[2]!.object as KubeObject).metadata.labels, { tier: 'web' });
    assert.equal(web.events[0], everything.events[0]);
    assert.equal(web.events[1], everything.events[1]);

    const deleted = await store.delete(`${PREFIX}a`, 0);
    await settle();
    assert.deepEqual(everything.lines.slice(3), [`DELETED a ${deleted.modRevision}`]);
    assert.equal(web.events.length, 3);

    dispatcher.remove(watchAll);
    assert.equal(dispatcher.closed, false);
    dispatcher.remove(watchWeb);
    assert.equal(dispatcher.closed, true);
  });

  it('sends the initial state before live events that arrived while it was being prepared', async () => {
    const from = await store.currentRevision();
    const dispatcher = new WatchDispatcher(source, from);
    const sink = new Recorder();
    const watch = new DispatchedWatch(from, all, false, sink);
    dispatcher.add(watch);
    await dispatcher.opened;
    const live = await put('b', 'web');
    await settle();
    assert.deepEqual(sink.batches, []);

    const initial: ApiWatchEvent = { type: 'ADDED', object: { metadata: { name: 'initial', resourceVersion: String(from) } } };
    watch.start([initial]);
    assert.deepEqual(sink.lines, [`ADDED initial ${from}`, `ADDED b ${live.modRevision}`]);
    assert.equal(sink.batches.length, 1);
    dispatcher.remove(watch);
  });

  it('lets a watch join only from its position on, and skips what it joined after', async () => {
    const from = await store.currentRevision();
    const dispatcher = new WatchDispatcher(source, from);
    const first = new Recorder();
    const firstWatch = new DispatchedWatch(from, all, false, first);
    dispatcher.add(firstWatch);
    await dispatcher.opened;
    firstWatch.start([]);
    assert.equal(dispatcher.canJoin(from - 1), false);
    assert.equal(dispatcher.canJoin(from), true);

    const one = await put('c', 'web', '1');
    await settle();
    assert.equal(dispatcher.canJoin(one.modRevision - 1), false);
    assert.equal(dispatcher.canJoin(one.modRevision), true);

    const second = new Recorder();
    const secondWatch = new DispatchedWatch(one.modRevision, all, false, second);
    dispatcher.add(secondWatch);
    secondWatch.start([]);
    const two = await put('c', 'web', '2');
    await settle();
    assert.deepEqual(first.lines, [`ADDED c ${one.modRevision}`, `MODIFIED c ${two.modRevision}`]);
    assert.deepEqual(second.lines, [`MODIFIED c ${two.modRevision}`]);
    assert.equal(first.events[1], second.events[0]);
    dispatcher.remove(firstWatch);
    dispatcher.remove(secondWatch);
  });

  it('ends only the watch whose consumer throws', async () => {
    const from = await store.currentRevision();
    const dispatcher = new WatchDispatcher(source, from);
    const healthy = new Recorder();
    const broken = new Recorder();
    broken.send = () => {
      throw new Error('consumer failed');
    };
    const healthyWatch = new DispatchedWatch(from, all, false, healthy);
    const brokenWatch = new DispatchedWatch(from, all, false, broken);
    dispatcher.add(brokenWatch);
    dispatcher.add(healthyWatch);
    await dispatcher.opened;
    brokenWatch.start([]);
    healthyWatch.start([]);
    const one = await put('d', 'web', '1');
    await settle();
    const two = await put('d', 'web', '2');
    await settle();
    assert.equal(broken.ended, true);
    assert.equal(healthy.ended, false);
    assert.deepEqual(healthy.lines, [`ADDED d ${one.modRevision}`, `MODIFIED d ${two.modRevision}`]);
    assert.equal(dispatcher.size, 1);
    dispatcher.remove(healthyWatch);
  });

  it('ends every watch with one ERROR event when storage gives up', async () => {
    const from = await store.currentRevision();
    let fail: ((err: StorageError) => void) | undefined;
    const failing: DispatchSource = {
      ...source,
      open: (revision, callbacks) => {
        fail = (err) => callbacks.onError?.(err);
        return store.watch(PREFIX, revision, callbacks);
      },
    };
    const dispatcher = new WatchDispatcher(failing, from);
    const sinks = [new Recorder(), new Recorder()];
    const watches = sinks.map((sink) => new DispatchedWatch(from, all, false, sink));
    for (const w of watches) dispatcher.add(w);
    await dispatcher.opened;
    for (const w of watches) w.start([]);
    fail!(new StorageError('Unavailable', PREFIX, 'backend lost'));
    await settle();
    for (const sink of sinks) {
      assert.deepEqual(sink.events, [{
        type: 'ERROR',
        object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Internal error occurred: backend lost', reason: 'InternalError', code: 500, details: { causes: [{ message: 'backend lost' }] } },
      }]);
      assert.equal(sink.ended, true);
    }
    assert.equal(dispatcher.closed, true);
  });

  it('sends bookmarks only to watches that asked, shared, and not older than their start', async () => {
    const from = await store.currentRevision();
    let progress: ((revision: number) => void) | undefined;
    const progressing: DispatchSource = {
      ...source,
      open: (revision, callbacks) => {
        progress = (r) => callbacks.onProgress?.(r);
        return store.watch(PREFIX, revision, callbacks);
      },
    };
    const dispatcher = new WatchDispatcher(progressing, from);
    const [asked, other, later, silent] = [new Recorder(), new Recorder(), new Recorder(), new Recorder()];
    const watches = [
      new DispatchedWatch(from, all, true, asked), new DispatchedWatch(from, all, true, other),
      new DispatchedWatch(from + 5, all, true, later), new DispatchedWatch(from, all, false, silent),
    ];
    for (const w of watches) dispatcher.add(w);
    await dispatcher.opened;
    for (const w of watches) w.start([]);
    progress!(from + 1);
    await settle();
    assert.deepEqual(asked.events, [{ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: String(from + 1) } } }]);
    assert.equal(other.events[0], asked.events[0]);
    assert.deepEqual(later.events, []);
    assert.deepEqual(silent.events, []);
    for (const w of watches) dispatcher.remove(w);
  });

  it('fails to open from a compacted revision', async () => {
    await put('e', 'web');
    const current = await store.currentRevision();
    await store.compact(current);
    const dispatcher = new WatchDispatcher(source, current - 1);
    await assert.rejects(dispatcher.opened, (e: unknown) => e instanceof StorageError && e.code === 'Compacted');
    assert.equal(dispatcher.closed, true);
  });
});
