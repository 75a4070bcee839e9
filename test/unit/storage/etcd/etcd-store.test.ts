// The storage contract against a real etcd (one per file; each store gets its own key prefix),
// then what only etcd can do: lose its connection, and be compacted by someone else.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type Socket } from 'node:net';
import { Etcd3 } from 'etcd3';
import { openEtcdStore } from '../../../../src/storage/etcd/etcd-store.js';
import type { Store } from '../../../../src/storage/interface.js';
import { startEtcd, type EtcdProcess } from '../../../helpers/etcd.js';
import { bytes, collector, describeStoreContract, plain, rejectsWith, settle } from '../store-contract.js';

let etcd: EtcdProcess;
let counter = 0;
before(async () => { etcd = await startEtcd(); });
after(async () => { await etcd.stop(); });

const nextPrefix = () => `/arca-test/${++counter}`;
const openAt = (prefix: string): Promise<Store> => openEtcdStore({ endpoints: [etcd.endpoint], prefix });
const openFresh = () => openAt(nextPrefix());

/**
 * A TCP relay to etcd whose connections the test can cut (and refuse until restored), so a
 * store loses its connection while etcd carries on taking writes from others.
 */
async function startRelay(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let open = true;
  const server = createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(port), hostname);
    for (const [socket, peer] of [[client, upstream], [upstream, client]] as const) {
      sockets.add(socket);
      socket.on('error', () => peer.destroy());
      socket.on('close', () => { sockets.delete(socket); peer.destroy(); });
      socket.pipe(peer);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      open = true;
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

describeStoreContract('EtcdStore', async () => {
  const store = await openFresh();
  return { store, cleanup: () => store.close() };
});

describe('EtcdStore on etcd', () => {
  it('keeps its keys under the prefix, as etcd sees them', async (t) => {
    const store = await openEtcdStore({ endpoints: [etcd.endpoint], prefix: '/layout/' });
    t.after(() => store.close());
    const created = await store.create('/registry/configmaps/default/a', bytes('v'));
    await store.create('/registry/configmaps/default/b', bytes('w'));
    const raw = new Etcd3({ hosts: [etcd.endpoint] });
    t.after(() => raw.close());
    const keys = await raw.getAll().prefix('/layout').keys();
    assert.deepEqual(keys.sort(), ['/layout/registry/configmaps/default/a', '/layout/registry/configmaps/default/b']);
    // Someone else's keys next to the prefix stay invisible.
    await raw.put('/layoutx/registry/configmaps/default/c').value('x');
    await raw.put('/layout').value('x');
    assert.deepEqual((await store.list('')).items.map((item) => item.key),
      ['/registry/configmaps/default/a', '/registry/configmaps/default/b']);
    assert.equal(await store.count(''), 2);
    const stored = await raw.get('/layout/registry/configmaps/default/a').exec();
    assert.equal(stored.kvs[0].mod_revision, String(created.modRevision));
  });

  it('resumes a watch across an etcd restart with no gap and no duplicate', async (t) => {
    const prefix = nextPrefix();
    const store = await openAt(prefix);
    t.after(() => store.close());
    const base = await store.currentRevision();
    const seen = collector();
    await store.watch('/r/', base, seen);
    await store.create('/r/a', bytes('1'));
    await store.create('/r/b', bytes('1'));
    await seen.next(2);

    await etcd.halt();
    await rejectsWith(store.get('/r/a'), { code: 'Unavailable' });
    await etcd.start();

    // Written by someone else as soon as etcd is back: replayed when the watch reconnects.
    const writer = await openAt(prefix);
    t.after(() => writer.close());
    const updated = await writer.update('/r/a', bytes('2'), base + 1);
    await writer.delete('/r/b', 0);
    // And by the watching store itself.
    await store.create('/r/c', bytes('1'));
    await seen.next(5, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const at = (n: number) => base + n;
    assert.deepEqual(seen.events.map((event) => [event.type, event.kv.key, event.revision]), [
      ['put', '/r/a', at(1)],
      ['put', '/r/b', at(2)],
      ['put', '/r/a', updated.modRevision],
      ['delete', '/r/b', updated.modRevision + 1],
      ['put', '/r/c', updated.modRevision + 2],
    ]);
    assert.deepEqual(seen.events[2].prevKv, { key: '/r/a', value: '1', createRevision: at(1), modRevision: at(1) });
    assert.deepEqual(seen.errors, []);
  });

  it('replays what it missed while its connection was down, with no gap and no duplicate', async (t) => {
    const prefix = nextPrefix();
    const relay = await startRelay(etcd.endpoint);
    t.after(() => relay.close());
    const watching = await openEtcdStore({ endpoints: [relay.endpoint], prefix });
    t.after(() => watching.close());
    const writer = await openAt(prefix);
    t.after(() => writer.close());
    const base = await writer.currentRevision();
    const seen = collector();
    await watching.watch('/m/', base, seen);
    const a1 = await writer.create('/m/a', bytes('1'));
    await writer.create('/m/b', bytes('1'));
    await seen.next(2);

    relay.cut();
    const a2 = await writer.update('/m/a', bytes('2'), a1.modRevision);
    const bGone = await writer.delete('/m/b', 0);
    await writer.create('/other', bytes('1'));
    const c1 = await writer.create('/m/c', bytes('1'));
    await settle(300); // the watch tries to reconnect meanwhile, and fails
    relay.restore();
    const c2 = await writer.update('/m/c', bytes('2'), c1.modRevision);
    await seen.next(6, 10_000);
    await settle(200);

    assert.deepEqual(seen.events.slice(2), [
      { type: 'put', kv: plain(a2), prevKv: plain(a1), revision: a2.modRevision },
      {
        type: 'delete',
        kv: { key: '/m/b', value: '', createRevision: base + 2, modRevision: bGone.modRevision },
        prevKv: { key: '/m/b', value: '1', createRevision: base + 2, modRevision: base + 2 },
        revision: bGone.modRevision,
      },
      { type: 'put', kv: plain(c1), revision: c1.modRevision },
      { type: 'put', kv: plain(c2), prevKv: plain(c1), revision: c2.modRevision },
    ]);
    assert.deepEqual(seen.errors, []);
  });

  it('lists more than gRPC\'s default 4 MiB in one response', async (t) => {
    const store = await openFresh();
    t.after(() => store.close());
    const value = new Uint8Array(1024 * 1024).fill(0x61);
    for (let i = 0; i < 5; i++) await store.create(`/big/${i}`, value);
    const listed = await store.list('/big/');
    assert.deepEqual(listed.items.map((item) => [item.key, item.value.length]), [0, 1, 2, 3, 4].map((i) => [`/big/${i}`, 1024 * 1024]));
  });

  it('learns about a compaction done by another client', async (t) => {
    const prefix = nextPrefix();
    // Four stores that all open before the compaction, so each learns of it on its own.
    const [getting, listing, watching, compacting] = await Promise.all([1, 2, 3, 4].map(() => openAt(prefix)));
    for (const store of [getting, listing, watching, compacting]) t.after(() => store.close());
    const created = await getting.create('/o/a', bytes('1'));
    const updated = await getting.update('/o/a', bytes('2'), created.modRevision);
    const knownBefore = await getting.compactedRevision();
    assert.ok(knownBefore < created.modRevision);
    const raw = new Etcd3({ hosts: [etcd.endpoint] });
    t.after(() => raw.close());
    await raw.kv.compact({ revision: updated.modRevision });

    assert.equal(await getting.compactedRevision(), knownBefore); // not told yet
    const compacted = {
      code: 'Compacted' as const,
      compactedRevision: updated.modRevision,
      message: `required revision ${created.modRevision} has been compacted (compacted revision ${updated.modRevision})`,
    };
    await rejectsWith(getting.get('/o/a', created.modRevision), { ...compacted, key: '/o/a' });
    assert.equal(await getting.compactedRevision(), updated.modRevision);
    await rejectsWith(listing.list('/o/', { revision: created.modRevision }), { ...compacted, key: '/o/' });
    await rejectsWith(watching.watch('/o/', created.modRevision, { onEvents: () => {} }), { ...compacted, key: '/o/' });
    await compacting.compact(created.modRevision); // behind etcd's: nothing to do
    for (const store of [listing, watching, compacting]) assert.equal(await store.compactedRevision(), updated.modRevision);
    assert.equal(plain((await getting.get('/o/a', updated.modRevision))!).value, '2');

    // A store opened later knows at once.
    const later = await openAt(prefix);
    t.after(() => later.close());
    assert.equal(await later.compactedRevision(), updated.modRevision);
    await rejectsWith(later.watch('/o/', 0, { onEvents: () => {} }), {
      code: 'Compacted', key: '/o/', compactedRevision: updated.modRevision,
      message: `required revision 0 has been compacted (compacted revision ${updated.modRevision})`,
    });
  });

  it('reports an etcd nobody listens on as Unavailable', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const endpoint = `http://127.0.0.1:${port}`;
    await assert.rejects(openEtcdStore({ endpoints: [endpoint] }), (err: unknown) => {
      assert.ok(err instanceof Error && 'code' in err);
      assert.equal(err.code, 'Unavailable');
      assert.match(err.message, new RegExp(`^etcd is unavailable at ${endpoint}: 14 UNAVAILABLE: .*ECONNREFUSED`));
      return true;
    });
  });
});
