import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../../../src/storage/sqlite/sqlite-store.js';
import {
  StorageError,
  type KeyValue,
  type ListResult,
  type Store,
  type WatchEvent,
} from '../../../../src/storage/interface.js';

const bytes = (text: string) => new TextEncoder().encode(text);

interface PlainKv { key: string; value: string; createRevision: number; modRevision: number }
const plain = (kv: KeyValue): PlainKv => ({
  key: kv.key,
  value: Buffer.from(kv.value).toString('utf8'),
  createRevision: kv.createRevision,
  modRevision: kv.modRevision,
});
const plainList = (result: ListResult) => ({ ...result, items: result.items.map(plain) });
const plainEvent = (event: WatchEvent) => ({
  type: event.type,
  kv: plain(event.kv),
  ...(event.prevKv && { prevKv: plain(event.prevKv) }),
  revision: event.revision,
});
const kv = (key: string, value: string, createRevision: number, modRevision: number): PlainKv =>
  ({ key, value, createRevision, modRevision });

/** Expects a StorageError with these fields (`current` compared in its plain form). */
async function rejectsWith(promise: Promise<unknown>, expected: { code: StorageError['code']; [field: string]: unknown }) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof StorageError);
    for (const [field, value] of Object.entries(expected)) {
      const actual: unknown = (err as unknown as Record<string, unknown>)[field];
      assert.deepEqual(field === 'current' && actual ? plain(actual as KeyValue) : actual, value, field);
    }
    return true;
  });
}

/** Collects watch events; `next(n)` waits until n events have arrived in total. */
function collector() {
  const events: ReturnType<typeof plainEvent>[] = [];
  const batches: number[] = [];
  let waiting: { count: number; resolve: () => void } | undefined;
  return {
    events,
    batches,
    onEvents(batch: WatchEvent[]) {
      batches.push(batch.length);
      events.push(...batch.map(plainEvent));
      if (waiting && events.length >= waiting.count) waiting.resolve();
    },
    /** Fails (showing what did arrive) when the events are not all there within two seconds. */
    next(count: number): Promise<void> {
      if (events.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`expected ${count} events, got ${JSON.stringify(events.map((event) => `${event.kv.key}@${event.revision}`))}`));
        }, 2000);
        waiting = { count, resolve: () => { clearTimeout(timer); resolve(); } };
      });
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('SqliteStore', () => {
  let dir: string;
  let counter = 0;
  const fresh = () => openSqliteStore(join(dir, `db-${++counter}`, 'state.db'));

  before(async () => { dir = await mkdtemp(join(tmpdir(), 'arca-sqlite-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  describe('writes', () => {
    it('numbers every write with one global revision', async () => {
      const store = await fresh();
      assert.equal(await store.currentRevision(), 0);
      assert.deepEqual(plain(await store.create('/a', bytes('1'))), kv('/a', '1', 1, 1));
      assert.deepEqual(plain(await store.create('/b', bytes('2'))), kv('/b', '2', 2, 2));
      assert.deepEqual(plain(await store.update('/a', bytes('3'), 1)), kv('/a', '3', 1, 3));
      assert.deepEqual(plain(await store.delete('/b', 2)), kv('/b', '2', 2, 4));
      assert.deepEqual(plain(await store.create('/b', bytes('5'))), kv('/b', '5', 5, 5));
      assert.equal(await store.currentRevision(), 5);
      assert.deepEqual(plain((await store.get('/a'))!), kv('/a', '3', 1, 3));
      assert.deepEqual(plain((await store.get('/b'))!), kv('/b', '5', 5, 5));
      await store.close();
    });

    it('refuses to create an existing key', async () => {
      const store = await fresh();
      await store.create('/a', bytes('1'));
      await rejectsWith(store.create('/a', bytes('2')), {
        code: 'KeyExists', key: '/a', message: 'key already exists: /a', current: kv('/a', '1', 1, 1),
      });
      assert.equal(await store.currentRevision(), 1);
      await store.close();
    });

    it('compares and swaps on the modify revision for update', async () => {
      const store = await fresh();
      await store.create('/a', bytes('1'));
      await store.update('/a', bytes('2'), 1);
      await rejectsWith(store.update('/a', bytes('3'), 1), {
        code: 'Conflict', key: '/a', message: 'modRevision of /a is 2, expected 1', current: kv('/a', '2', 1, 2),
      });
      await rejectsWith(store.update('/missing', bytes('3'), 1), {
        code: 'KeyNotFound', key: '/missing', message: 'key not found: /missing',
      });
      assert.equal(await store.currentRevision(), 2);
      assert.deepEqual(plain((await store.get('/a'))!), kv('/a', '2', 1, 2));
      await store.close();
    });

    it('compares and swaps on delete only when a revision is given', async () => {
      const store = await fresh();
      await store.create('/a', bytes('1'));
      await store.create('/b', bytes('2'));
      await rejectsWith(store.delete('/a', 7), {
        code: 'Conflict', key: '/a', message: 'modRevision of /a is 1, expected 7', current: kv('/a', '1', 1, 1),
      });
      assert.deepEqual(plain(await store.delete('/a', 1)), kv('/a', '1', 1, 3));
      assert.deepEqual(plain(await store.delete('/b', 0)), kv('/b', '2', 2, 4));
      await rejectsWith(store.delete('/a', 0), { code: 'KeyNotFound', key: '/a' });
      assert.equal(await store.get('/a'), undefined);
      assert.equal(await store.count('/'), 0);
      await store.close();
    });

    it('keeps its own copy of a written value', async () => {
      const store = await fresh();
      const value = bytes('abc');
      await store.create('/a', value);
      value[0] = 0x7a;
      assert.equal(plain((await store.get('/a'))!).value, 'abc');
      await store.close();
    });
  });

  describe('lists', () => {
    let store: Store;
    before(async () => {
      store = await fresh();
      // Written out of order; '/p0' and '/q' sit just outside the prefix '/p/'.
      for (const key of ['/p/c', '/p0', '/p/a', '/q', '/p/b/x', '/p/b', '/p/d']) await store.create(key, bytes(key));
    });
    after(async () => { await store.close(); });

    it('returns the keys under a prefix in byte order', async () => {
      assert.deepEqual(plainList(await store.list('/p/')), {
        items: [
          kv('/p/a', '/p/a', 3, 3), kv('/p/b', '/p/b', 6, 6), kv('/p/b/x', '/p/b/x', 5, 5),
          kv('/p/c', '/p/c', 1, 1), kv('/p/d', '/p/d', 7, 7),
        ],
        revision: 7,
        more: false,
        remaining: 0,
      });
      assert.equal(await store.count('/p/'), 5);
      assert.equal(await store.count(''), 7);
      assert.deepEqual((await store.list('')).items.map((item) => item.key), ['/p/a', '/p/b', '/p/b/x', '/p/c', '/p/d', '/p0', '/q']);
    });

    it('pages with limit, startKey, more and remaining', async () => {
      const first = await store.list('/p/', { limit: 2 });
      assert.deepEqual(first.items.map((item) => item.key), ['/p/a', '/p/b']);
      assert.deepEqual([first.revision, first.more, first.remaining], [7, true, 3]);
      const second = await store.list('/p/', { limit: 2, startKey: '/p/b/x' });
      assert.deepEqual(second.items.map((item) => item.key), ['/p/b/x', '/p/c']);
      assert.deepEqual([second.more, second.remaining], [true, 1]);
      const last = await store.list('/p/', { limit: 2, startKey: '/p/d' });
      assert.deepEqual(last.items.map((item) => item.key), ['/p/d']);
      assert.deepEqual([last.more, last.remaining], [false, 0]);
      const exact = await store.list('/p/', { limit: 5 });
      assert.deepEqual([exact.items.length, exact.more, exact.remaining], [5, false, 0]);
    });

    it('ignores a startKey before the prefix and returns nothing after it', async () => {
      assert.deepEqual((await store.list('/p/', { startKey: '/a' })).items.map((item) => item.key),
        ['/p/a', '/p/b', '/p/b/x', '/p/c', '/p/d']);
      assert.deepEqual(plainList(await store.list('/p/', { startKey: '/p0' })), { items: [], revision: 7, more: false, remaining: 0 });
    });

    it('rejects a revision that has not happened yet', async () => {
      await rejectsWith(store.list('/p/', { revision: 8 }), {
        code: 'FutureRevision', key: '/p/', message: 'required revision 8 is a future revision (current revision 7)',
      });
      await rejectsWith(store.get('/p/a', 9), { code: 'FutureRevision', key: '/p/a' });
    });
  });

  describe('history', () => {
    let store: Store;
    before(async () => {
      store = await fresh();
      await store.create('/h/a', bytes('a1')); // 1
      await store.create('/h/b', bytes('b1')); // 2
      await store.create('/h/c', bytes('c1')); // 3
      await store.update('/h/a', bytes('a2'), 1); // 4
      await store.delete('/h/b', 2); // 5
      await store.create('/other', bytes('o')); // 6
      await store.create('/h/b', bytes('b2')); // 7
      await store.update('/h/c', bytes('c2'), 3); // 8
      await store.create('/h/d', bytes('d1')); // 9
      await store.delete('/h/d', 9); // 10
    });
    after(async () => { await store.close(); });

    it('reads a key as it was at a past revision', async () => {
      assert.deepEqual(plain((await store.get('/h/a', 3))!), kv('/h/a', 'a1', 1, 1));
      assert.deepEqual(plain((await store.get('/h/a', 4))!), kv('/h/a', 'a2', 1, 4));
      assert.equal(await store.get('/h/b', 5), undefined);
      assert.equal(await store.get('/h/b', 6), undefined);
      assert.deepEqual(plain((await store.get('/h/b', 7))!), kv('/h/b', 'b2', 7, 7));
      assert.equal(await store.get('/h/c', 2), undefined);
    });

    it('lists a prefix as it was at a past revision', async () => {
      assert.deepEqual(plainList(await store.list('/h/', { revision: 4 })), {
        items: [kv('/h/a', 'a2', 1, 4), kv('/h/b', 'b1', 2, 2), kv('/h/c', 'c1', 3, 3)],
        revision: 4, more: false, remaining: 0,
      });
      assert.deepEqual(plainList(await store.list('/h/', { revision: 6 })), {
        items: [kv('/h/a', 'a2', 1, 4), kv('/h/c', 'c1', 3, 3)],
        revision: 6, more: false, remaining: 0,
      });
      assert.deepEqual(plainList(await store.list('/h/', { revision: 7 })), {
        items: [kv('/h/a', 'a2', 1, 4), kv('/h/b', 'b2', 7, 7), kv('/h/c', 'c1', 3, 3)],
        revision: 7, more: false, remaining: 0,
      });
    });

    it('pages at a past revision', async () => {
      assert.deepEqual(plainList(await store.list('/h/', { revision: 4, limit: 1 })), {
        items: [kv('/h/a', 'a2', 1, 4)], revision: 4, more: true, remaining: 2,
      });
      assert.deepEqual(plainList(await store.list('/h/', { revision: 4, limit: 1, startKey: '/h/b' })), {
        items: [kv('/h/b', 'b1', 2, 2)], revision: 4, more: true, remaining: 1,
      });
      assert.deepEqual(plainList(await store.list('/h/', { revision: 6, limit: 1, startKey: '/h/b' })), {
        items: [kv('/h/c', 'c1', 3, 3)], revision: 6, more: false, remaining: 0,
      });
    });

    it('counts the remaining keys as they were, not as they are', async () => {
      // '/h/b' was deleted at 6 and lives now: one fewer than today.
      assert.deepEqual(plainList(await store.list('/h/', { revision: 6, limit: 1 })), {
        items: [kv('/h/a', 'a2', 1, 4)], revision: 6, more: true, remaining: 1,
      });
      // '/h/d' lived at 9 and is deleted now: one more than today.
      assert.deepEqual(plainList(await store.list('/h/', { revision: 9, limit: 1 })), {
        items: [kv('/h/a', 'a2', 1, 4)], revision: 9, more: true, remaining: 3,
      });
      assert.deepEqual((await store.list('/h/', { revision: 9 })).items.map(plain), [
        kv('/h/a', 'a2', 1, 4), kv('/h/b', 'b2', 7, 7), kv('/h/c', 'c2', 3, 8), kv('/h/d', 'd1', 9, 9),
      ]);
    });

    it('reads a past revision with no later write under the prefix like the present', async () => {
      // Nothing under '/h/a' changed after revision 4.
      assert.deepEqual(plainList(await store.list('/h/a', { revision: 5, limit: 1 })), {
        items: [kv('/h/a', 'a2', 1, 4)], revision: 5, more: false, remaining: 0,
      });
    });
  });

  describe('watch', () => {
    it('replays exactly the events after the start revision, then live ones, with no gap or duplicate', async () => {
      const store = await fresh();
      await store.create('/w/a', bytes('1')); // 1
      await store.create('/x', bytes('x')); // 2
      await store.update('/w/a', bytes('2'), 1); // 3
      await store.create('/w/b', bytes('1')); // 4
      const seen = collector();
      // Writes issued before, during and right after the watch is opened, without awaiting.
      const racing = [store.update('/w/b', bytes('2'), 4), store.create('/w/c', bytes('1'))]; // 5, 6
      const watching = store.watch('/w/', 1, seen);
      racing.push(store.update('/w/a', bytes('3'), 3), store.create('/x2', bytes('x'))); // 7, 8
      const handle = await watching;
      await Promise.all(racing);
      await store.create('/w/d', bytes('1')); // 9
      await seen.next(6);
      await settle();
      assert.deepEqual(seen.events, [
        { type: 'put', kv: kv('/w/a', '2', 1, 3), prevKv: kv('/w/a', '1', 1, 1), revision: 3 },
        { type: 'put', kv: kv('/w/b', '1', 4, 4), revision: 4 },
        { type: 'put', kv: kv('/w/b', '2', 4, 5), prevKv: kv('/w/b', '1', 4, 4), revision: 5 },
        { type: 'put', kv: kv('/w/c', '1', 6, 6), revision: 6 },
        { type: 'put', kv: kv('/w/a', '3', 1, 7), prevKv: kv('/w/a', '2', 1, 3), revision: 7 },
        { type: 'put', kv: kv('/w/d', '1', 9, 9), revision: 9 },
      ]);
      handle.close();
      await store.create('/w/e', bytes('1'));
      await settle();
      assert.equal(seen.events.length, 6);
      await store.close();
    });

    it('misses and repeats nothing when writes land while the watch opens', async () => {
      const store = await fresh();
      await store.create('/w/a', bytes('1')); // 1
      await store.create('/w/b', bytes('1')); // 2
      const writes: Promise<KeyValue>[] = [];
      // Writes that run after 0..5 microtask hops, around the watch's start and its first awaits.
      const createAfterHops = (hops: number, key: string) => {
        let chain = Promise.resolve();
        for (let hop = 0; hop < hops; hop++) chain = chain.then(() => {});
        writes.push(chain.then(() => store.create(key, bytes('1'))));
      };
      for (let hops = 0; hops < 6; hops++) createAfterHops(hops, `/w/before-${hops}`);
      const seen = collector();
      const watching = store.watch('/w/', 1, seen);
      for (let hops = 0; hops < 6; hops++) createAfterHops(hops, `/w/after-${hops}`);
      writes.push(settle().then(() => store.create('/w/next-turn', bytes('1'))));
      await watching;
      const written = (await Promise.all(writes)).sort((x, y) => x.modRevision - y.modRevision);
      await seen.next(1 + written.length);
      await settle();
      assert.deepEqual(
        seen.events.map((event) => `${event.kv.key}@${event.revision}`),
        ['/w/b@2', ...written.map((item) => `${item.key}@${item.modRevision}`)],
      );
      await store.close();
    });

    it('delivers replayed and live events identically, deletes with their previous value', async () => {
      const store = await fresh();
      const live = collector();
      await store.watch('/d/', 0, live);
      await store.create('/d/a', bytes('1')); // 1
      await store.update('/d/a', bytes('2'), 1); // 2
      await store.delete('/d/a', 0); // 3
      await store.create('/d/a', bytes('3')); // 4
      await live.next(4);
      const replayed = collector();
      await store.watch('/d/', 0, replayed);
      await replayed.next(4);
      const expected = [
        { type: 'put', kv: kv('/d/a', '1', 1, 1), revision: 1 },
        { type: 'put', kv: kv('/d/a', '2', 1, 2), prevKv: kv('/d/a', '1', 1, 1), revision: 2 },
        { type: 'delete', kv: kv('/d/a', '', 1, 3), prevKv: kv('/d/a', '2', 1, 2), revision: 3 },
        { type: 'put', kv: kv('/d/a', '3', 4, 4), revision: 4 },
      ];
      assert.deepEqual(live.events, expected);
      assert.deepEqual(replayed.events, expected);
      assert.deepEqual(replayed.batches, [4]);
      await store.close();
    });

    it('starts at a future revision by skipping what comes before it', async () => {
      const store = await fresh();
      const seen = collector();
      await store.watch('/f/', 2, seen);
      await store.create('/f/a', bytes('1')); // 1
      await store.create('/f/b', bytes('1')); // 2
      await store.create('/f/c', bytes('1')); // 3
      await seen.next(1);
      await settle();
      assert.deepEqual(seen.events, [{ type: 'put', kv: kv('/f/c', '1', 3, 3), revision: 3 }]);
      await store.close();
    });

    it('ends open watches with Unavailable when the store closes', async () => {
      const store = await fresh();
      const errors: string[] = [];
      await store.watch('/', 0, { onEvents: () => {}, onError: (err) => errors.push(`${err.code}: ${err.message}`) });
      await store.close();
      assert.deepEqual(errors, ['Unavailable: storage is closed']);
      await rejectsWith(store.get('/a'), { code: 'Unavailable', message: 'storage is closed' });
      await rejectsWith(store.create('/a', bytes('1')), { code: 'Unavailable' });
    });
  });

  describe('compaction', () => {
    it('forgets history before the revision and keeps the state at and after it', async () => {
      const store = await fresh();
      await store.create('/c/a', bytes('a1')); // 1
      await store.create('/c/b', bytes('b1')); // 2
      await store.update('/c/a', bytes('a2'), 1); // 3
      await store.delete('/c/b', 2); // 4
      await store.create('/c/c', bytes('c1')); // 5
      await store.update('/c/a', bytes('a3'), 3); // 6
      await store.delete('/c/c', 5); // 7
      await store.compact(5);
      assert.equal(await store.compactedRevision(), 5);

      const compacted = { code: 'Compacted' as const, compactedRevision: 5, message: 'required revision 4 has been compacted (compacted revision 5)' };
      await rejectsWith(store.get('/c/a', 4), { ...compacted, key: '/c/a' });
      await rejectsWith(store.list('/c/', { revision: 4 }), { ...compacted, key: '/c/' });
      await rejectsWith(store.watch('/c/', 4, { onEvents: () => {} }), { ...compacted, key: '/c/' });

      assert.deepEqual(plainList(await store.list('/c/', { revision: 5 })), {
        items: [kv('/c/a', 'a2', 1, 3), kv('/c/c', 'c1', 5, 5)], revision: 5, more: false, remaining: 0,
      });
      assert.deepEqual(plainList(await store.list('/c/', { revision: 6 })), {
        items: [kv('/c/a', 'a3', 1, 6), kv('/c/c', 'c1', 5, 5)], revision: 6, more: false, remaining: 0,
      });
      assert.deepEqual(plainList(await store.list('/c/')), {
        items: [kv('/c/a', 'a3', 1, 6)], revision: 7, more: false, remaining: 0,
      });
      assert.equal(await store.get('/c/b', 5), undefined);

      const seen = collector();
      await store.watch('/c/', 5, seen);
      await seen.next(2);
      assert.deepEqual(seen.events, [
        { type: 'put', kv: kv('/c/a', 'a3', 1, 6), prevKv: kv('/c/a', 'a2', 1, 3), revision: 6 },
        { type: 'delete', kv: kv('/c/c', '', 5, 7), prevKv: kv('/c/c', 'c1', 5, 5), revision: 7 },
      ]);
      await store.close();
    });

    it('removes every superseded row and tombstone once compacted to the present', async () => {
      const path = join(dir, `db-${++counter}`, 'state.db');
      const store = await openSqliteStore(path);
      await store.create('/k/a', bytes('1')); // 1
      await store.update('/k/a', bytes('2'), 1); // 2
      await store.update('/k/a', bytes('3'), 2); // 3
      await store.create('/k/b', bytes('1')); // 4
      await store.delete('/k/b', 4); // 5
      await store.compact(3);
      await store.compact(5);
      await store.compact(2); // already compacted: nothing to do
      assert.equal(await store.compactedRevision(), 5);
      await rejectsWith(store.compact(6), { code: 'FutureRevision' });
      await store.close();

      const { default: Database } = await import('better-sqlite3');
      const db = new Database(path, { readonly: true });
      assert.deepEqual(db.prepare('SELECT revision, key FROM log ORDER BY revision').all(), [{ revision: 3, key: '/k/a' }]);
      db.close();

      // The revision counter survives the newest row being compacted away.
      const reopened = await openSqliteStore(path);
      assert.equal(await reopened.currentRevision(), 5);
      assert.deepEqual(plain(await reopened.create('/k/c', bytes('1'))), kv('/k/c', '1', 6, 6));
      await reopened.close();
    });
  });

  it('refuses to open a file another store holds', async () => {
    const path = join(dir, 'locked', 'state.db');
    const store = await openSqliteStore(path);
    await rejectsWith(openSqliteStore(path), { code: 'Unavailable', message: `${path} is in use by another process` });
    await store.create('/still/writable', bytes('1'));
    await store.close();
    const reopened = await openSqliteStore(path);
    assert.equal(await reopened.currentRevision(), 1);
    await reopened.close();
  });

  it('finds everything again after reopening the file', async () => {
    const path = join(dir, 'nested', 'deeper', 'reopen.db');
    const store = await openSqliteStore(path);
    await store.create('/r/a', bytes('1'));
    await store.create('/r/b', bytes('2'));
    await store.update('/r/a', bytes('3'), 1);
    await store.delete('/r/b', 2);
    await store.compact(2);
    await store.close();

    const reopened = await openSqliteStore(path);
    assert.equal(await reopened.currentRevision(), 4);
    assert.equal(await reopened.compactedRevision(), 2);
    assert.deepEqual(plainList(await reopened.list('/r/')), {
      items: [kv('/r/a', '3', 1, 3)], revision: 4, more: false, remaining: 0,
    });
    assert.deepEqual(plain((await reopened.get('/r/b', 2))!), kv('/r/b', '2', 2, 2));
    const seen = collector();
    await reopened.watch('/r/', 2, seen);
    await seen.next(2);
    assert.deepEqual(seen.events, [
      { type: 'put', kv: kv('/r/a', '3', 1, 3), prevKv: kv('/r/a', '1', 1, 1), revision: 3 },
      { type: 'delete', kv: kv('/r/b', '', 2, 4), prevKv: kv('/r/b', '2', 2, 2), revision: 4 },
    ]);
    await reopened.close();
  });
});
