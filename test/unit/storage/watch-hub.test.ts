import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WatchHub } from '../../../src/storage/watch-hub.js';
import { StorageError, type WatchEvent } from '../../../src/storage/interface.js';

const put = (key: string, revision: number): WatchEvent => ({
  type: 'put',
  kv: { key, value: new Uint8Array(0), createRevision: revision, modRevision: revision },
  revision,
});

/** Records what a watcher receives as "key@revision" strings, one array per batch. */
function recorder() {
  const batches: string[][] = [];
  const errors: string[] = [];
  return {
    batches,
    errors,
    callbacks: {
      onEvents: (events: WatchEvent[]) => { batches.push(events.map((event) => `${event.kv.key}@${event.revision}`)); },
      onError: (err: StorageError) => { errors.push(`${err.code}: ${err.message}`); },
    },
  };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('WatchHub', () => {
  it('delivers each event to the watchers whose prefix it falls under', async () => {
    const hub = new WatchHub();
    const all = recorder();
    const configmaps = recorder();
    const namespace = recorder();
    const secrets = recorder();
    hub.subscribe('', 0, all.callbacks);
    hub.subscribe('/registry/configmaps/', 0, configmaps.callbacks);
    hub.subscribe('/registry/configmaps/ns1/', 0, namespace.callbacks);
    hub.subscribe('/registry/secrets/', 0, secrets.callbacks);
    hub.publish([put('/registry/configmaps/ns1/a', 1), put('/registry/configmaps/ns2/b', 2), put('/registry/configmapsX', 3)]);
    await nextTurn();
    assert.deepEqual(all.batches, [['/registry/configmaps/ns1/a@1', '/registry/configmaps/ns2/b@2', '/registry/configmapsX@3']]);
    assert.deepEqual(configmaps.batches, [['/registry/configmaps/ns1/a@1', '/registry/configmaps/ns2/b@2']]);
    assert.deepEqual(namespace.batches, [['/registry/configmaps/ns1/a@1']]);
    assert.deepEqual(secrets.batches, []);
  });

  it('delivers later, in one batch per turn, so publishing never runs a consumer', async () => {
    const hub = new WatchHub();
    const watcher = recorder();
    hub.subscribe('/p/', 0, watcher.callbacks);
    hub.publish([put('/p/a', 1)]);
    hub.publish([put('/p/b', 2)]);
    assert.deepEqual(watcher.batches, []);
    await nextTurn();
    hub.publish([put('/p/c', 3)]);
    await nextTurn();
    assert.deepEqual(watcher.batches, [['/p/a@1', '/p/b@2'], ['/p/c@3']]);
  });

  it('delivers the replay first and then only events after it', async () => {
    const hub = new WatchHub();
    const watcher = recorder();
    hub.subscribe('/p/', 1, watcher.callbacks, [put('/p/a', 2), put('/p/b', 3)]);
    hub.publish([put('/p/a', 3), put('/p/c', 4)]);
    await nextTurn();
    assert.deepEqual(watcher.batches, [['/p/a@2', '/p/b@3', '/p/c@4']]);
  });

  it('skips events up to its start revision', async () => {
    const hub = new WatchHub();
    const watcher = recorder();
    hub.subscribe('/p/', 5, watcher.callbacks);
    hub.publish([put('/p/a', 5), put('/p/a', 6)]);
    await nextTurn();
    assert.deepEqual(watcher.batches, [['/p/a@6']]);
  });

  it('stops delivery on close, including events already queued', async () => {
    const hub = new WatchHub();
    const watcher = recorder();
    const other = recorder();
    const handle = hub.subscribe('/p/', 0, watcher.callbacks);
    hub.subscribe('/p/', 0, other.callbacks);
    hub.publish([put('/p/a', 1)]);
    handle.close();
    handle.close();
    assert.equal(hub.size, 1);
    hub.publish([put('/p/b', 2)]);
    await nextTurn();
    assert.deepEqual(watcher.batches, []);
    assert.deepEqual(other.batches, [['/p/a@1', '/p/b@2']]);
  });

  it('ends the watch of a consumer that throws, and only that one', async () => {
    const hub = new WatchHub();
    const errors: string[] = [];
    hub.subscribe('/p/', 0, {
      onEvents: () => { throw new Error('consumer broke'); },
      onError: (err) => { errors.push(`${err.code}: ${err.message}`); },
    });
    const healthy = recorder();
    hub.subscribe('/p/', 0, healthy.callbacks);
    hub.publish([put('/p/a', 1)]);
    await nextTurn();
    hub.publish([put('/p/b', 2)]);
    await nextTurn();
    assert.deepEqual(errors, ['Internal: storage failure: consumer broke']);
    assert.deepEqual(healthy.batches, [['/p/a@1'], ['/p/b@2']]);
    assert.equal(hub.size, 1);
  });

  it('tells every watcher when all are closed', () => {
    const hub = new WatchHub();
    const first = recorder();
    const second = recorder();
    hub.subscribe('/a/', 0, first.callbacks);
    hub.subscribe('/b/', 0, second.callbacks);
    hub.closeAll();
    assert.deepEqual([first.errors, second.errors], [['Unavailable: storage is closed'], ['Unavailable: storage is closed']]);
    assert.equal(hub.size, 0);
  });

  it('fans out to a thousand watchers of one prefix', async () => {
    const hub = new WatchHub();
    const received = new Array<number>(1000).fill(0);
    for (let i = 0; i < 1000; i++) {
      hub.subscribe('/registry/configmaps/', 0, { onEvents: (events) => { received[i] += events.length; } });
    }
    for (let revision = 1; revision <= 100; revision++) hub.publish([put(`/registry/configmaps/ns/cm-${revision}`, revision)]);
    await nextTurn();
    assert.deepEqual(new Set(received), new Set([100]));
  });
});
