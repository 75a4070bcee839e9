// The storage contract every backend must meet, as one suite each backend's test file runs.
// A backend may share its revision counter with other stores (etcd: one server per test file,
// one key prefix per store), so each store's revisions are written relative to the revision it
// had when opened: `r(3)` is the third write after opening.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  StorageError,
  type KeyValue,
  type ListResult,
  type Store,
  type WatchEvent,
} from '../../../src/storage/interface.js';

export interface OpenedStore {
  store: Store;
  /** Closes the store and removes what it left behind; may be called more than once. */
  cleanup(): Promise<void>;
}

export const bytes = (text: string) => new TextEncoder().encode(text);

export interface PlainKv { key: string; value: string; createRevision: number; modRevision: number }

export const plain = (kv: KeyValue): PlainKv => ({
  key: kv.key,
  value: Buffer.from(kv.value).toString('utf8'),
  createRevision: kv.createRevision,
  modRevision: kv.modRevision,
});
export const plainList = (result: ListResult) => ({ ...result, items: result.items.map(plain) });
export const plainEvent = (event: WatchEvent) => ({
  type: event.type,
  kv: plain(event.kv),
  ...(event.prevKv && { prevKv: plain(event.prevKv) }),
  revision: event.revision,
});

/** Expects a StorageError with these fields (`current` compared in its plain form). */
export async function rejectsWith(promise: Promise<unknown>, expected: { code: StorageError['code']; [field: string]: unknown }) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof StorageError, `expected a StorageError, got ${String(err)}`);
    for (const [field, value] of Object.entries(expected)) {
      const actual: unknown = (err as unknown as Record<string, unknown>)[field];
      assert.deepEqual(field === 'current' && actual ? plain(actual as KeyValue) : actual, value, field);
    }
    return true;
  });
}

/** A settled outcome as a promise again, to check it like a fresh one. */
export function settledAgain<T>(outcome: PromiseSettledResult<T>): Promise<T> {
  return outcome.status === 'fulfilled' ? Promise.resolve(outcome.value) : Promise.reject(outcome.reason);
}

/** Collects watch events; `next(n)` waits until n events have arrived in total. */
export function collector() {
  const events: ReturnType<typeof plainEvent>[] = [];
  const batches: number[] = [];
  const errors: StorageError[] = [];
  let waiting: { count: number; resolve: () => void } | undefined;
  return {
    events,
    batches,
    errors,
    onEvents(batch: WatchEvent[]) {
      batches.push(batch.length);
      events.push(...batch.map(plainEvent));
      if (waiting && events.length >= waiting.count) waiting.resolve();
    },
    onError(err: StorageError) {
      errors.push(err);
    },
    /** Fails (showing what did arrive) when the events are not all there within `timeoutMs`. */
    next(count: number, timeoutMs = 2000): Promise<void> {
      if (events.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`expected ${count} events, got ${JSON.stringify(events.map((event) => `${event.kv.key}@${event.revision}`))}`));
        }, timeoutMs);
        waiting = { count, resolve: () => { clearTimeout(timer); resolve(); } };
      });
    },
  };
}

/** Lets already-due deliveries happen, so a test can check that nothing more arrived. */
export const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

/** A store with its revisions named relative to the one it was opened at. */
export interface Fixture {
  store: Store;
  /** The revision `n` writes after opening. */
  r(n: number): number;
  /** A plain kv whose revisions are relative (see `r`). */
  kv(key: string, value: string, createRevision: number, modRevision: number): PlainKv;
  cleanup(): Promise<void>;
}

export function describeStoreContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`${name} (storage contract)`, () => {
    const opened: OpenedStore[] = [];
    const fresh = async (): Promise<Fixture> => {
      const current = await open();
      opened.push(current);
      const base = await current.store.currentRevision();
      const r = (n: number) => base + n;
      return {
        store: current.store,
        cleanup: current.cleanup,
        r,
        kv: (key, value, createRevision, modRevision) => ({ key, value, createRevision: r(createRevision), modRevision: r(modRevision) }),
      };
    };
    afterEach(async () => {
      for (const current of opened.splice(0)) await current.cleanup();
    });

    describe('writes', () => {
      it('numbers every write with one global revision', async () => {
        const { store, r, kv } = await fresh();
        assert.deepEqual(plain(await store.create('/a', bytes('1'))), kv('/a', '1', 1, 1));
        assert.deepEqual(plain(await store.create('/b', bytes('2'))), kv('/b', '2', 2, 2));
        assert.deepEqual(plain(await store.update('/a', bytes('3'), r(1))), kv('/a', '3', 1, 3));
        assert.deepEqual(plain(await store.delete('/b', r(2))), kv('/b', '2', 2, 4));
        assert.deepEqual(plain(await store.create('/b', bytes('5'))), kv('/b', '5', 5, 5));
        assert.equal(await store.currentRevision(), r(5));
        assert.deepEqual(plain((await store.get('/a'))!), kv('/a', '3', 1, 3));
        assert.deepEqual(plain((await store.get('/b'))!), kv('/b', '5', 5, 5));
      });

      it("tells a key's current mod revision without its value", async () => {
        const { store, r } = await fresh();
        assert.equal(await store.modRevision('/a'), undefined);
        await store.create('/a', bytes('1'));
        await store.create('/b', bytes('2'));
        assert.equal(await store.modRevision('/a'), r(1));
        await store.update('/a', bytes('3'), r(1));
        assert.equal(await store.modRevision('/a'), r(3));
        assert.equal(await store.modRevision('/a', { stale: true }), r(3));
        await store.delete('/a', r(3));
        assert.equal(await store.modRevision('/a'), undefined);
        assert.equal(await store.modRevision('/b'), r(2));
      });

      it('refuses to create an existing key', async () => {
        const { store, r, kv } = await fresh();
        await store.create('/a', bytes('1'));
        await rejectsWith(store.create('/a', bytes('2')), {
          code: 'KeyExists', key: '/a', message: 'key already exists: /a', current: kv('/a', '1', 1, 1),
        });
        assert.equal(await store.currentRevision(), r(1));
      });

      it('compares and swaps on the modify revision for update', async () => {
        const { store, r, kv } = await fresh();
        await store.create('/a', bytes('1'));
        await store.update('/a', bytes('2'), r(1));
        await rejectsWith(store.update('/a', bytes('3'), r(1)), {
          code: 'Conflict', key: '/a', message: `modRevision of /a is ${r(2)}, expected ${r(1)}`, current: kv('/a', '2', 1, 2),
        });
        await rejectsWith(store.update('/missing', bytes('3'), r(1)), {
          code: 'KeyNotFound', key: '/missing', message: 'key not found: /missing',
        });
        await rejectsWith(store.update('/missing', bytes('3'), 0), { code: 'KeyNotFound', key: '/missing' });
        assert.equal(await store.currentRevision(), r(2));
        assert.deepEqual(plain((await store.get('/a'))!), kv('/a', '2', 1, 2));
        assert.equal(await store.get('/missing'), undefined);
      });

      it('compares and swaps on delete only when a revision is given', async () => {
        const { store, r, kv } = await fresh();
        await store.create('/a', bytes('1'));
        await store.create('/b', bytes('2'));
        await rejectsWith(store.delete('/a', r(7)), {
          code: 'Conflict', key: '/a', message: `modRevision of /a is ${r(1)}, expected ${r(7)}`, current: kv('/a', '1', 1, 1),
        });
        assert.deepEqual(plain(await store.delete('/a', r(1))), kv('/a', '1', 1, 3));
        assert.deepEqual(plain(await store.delete('/b', 0)), kv('/b', '2', 2, 4));
        await rejectsWith(store.delete('/a', 0), { code: 'KeyNotFound', key: '/a', message: 'key not found: /a' });
        await rejectsWith(store.delete('/a', r(3)), { code: 'KeyNotFound', key: '/a' });
        assert.equal(await store.get('/a'), undefined);
        assert.equal(await store.count('/'), 0);
        assert.equal(await store.currentRevision(), r(4));
      });

      it('keeps its own copy of a written value', async () => {
        const { store } = await fresh();
        const value = bytes('abc');
        await store.create('/a', value);
        value[0] = 0x7a;
        assert.equal(plain((await store.get('/a'))!).value, 'abc');
      });

      it('stores, updates, lists and watches a value as large as a 1 MiB ConfigMap in JSON can be', async () => {
        // 1 MiB of `"` is 2 MiB of JSON: over etcd's default request limit of 1.5 MiB as it stands.
        const { store, r } = await fresh();
        const quotes = Buffer.from(`{"data":{"k":"${'\\"'.repeat(1024 * 1024)}"}}`);
        const escapes = Buffer.from(`{"data":{"k":"${'\\u0001'.repeat(1024 * 1024)}"}}`);
        const events = collector();
        const watch = await store.watch('/', r(0), events);
        await store.create('/big', quotes);
        await store.update('/big', escapes, r(1));
        assert.deepEqual((await store.get('/big'))!.value, escapes);
        assert.deepEqual((await store.get('/big', r(1)))!.value, quotes);
        assert.deepEqual((await store.list('/')).items.map((kv) => Buffer.from(kv.value)), [escapes]);
        await events.next(2);
        watch.close();
        const [created, updated] = events.events;
        assert.equal(created!.kv.value, quotes.toString());
        assert.equal(updated!.kv.value, escapes.toString());
        assert.equal(updated!.prevKv!.value, quotes.toString());
        assert.equal(plain(await store.delete('/big', 0)).value, escapes.toString());
      });

      it('stores any bytes, including none', async () => {
        const { store, kv } = await fresh();
        const binary = new Uint8Array([0, 0xff, 0x80, 10]);
        await store.create('/bin', binary);
        await store.create('/empty', new Uint8Array(0));
        assert.deepEqual([...(await store.get('/bin'))!.value], [0, 0xff, 0x80, 10]);
        assert.deepEqual(plain((await store.get('/empty'))!), kv('/empty', '', 2, 2));
      });

      it('lets exactly one of two concurrent creates of a key win', async () => {
        const { store, r, kv } = await fresh();
        const attempts = [store.create('/a', bytes('first')), store.create('/a', bytes('second'))];
        const settled = await Promise.allSettled(attempts);
        const winners = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [plain(outcome.value)] : []));
        assert.equal(winners.length, 1);
        const [winner] = winners;
        assert.deepEqual(winner, kv('/a', winner.value, 1, 1));
        const loser = attempts[settled.findIndex((outcome) => outcome.status === 'rejected')];
        await rejectsWith(loser, { code: 'KeyExists', key: '/a', message: 'key already exists: /a', current: winner });
        assert.equal(await store.currentRevision(), r(1));
        assert.deepEqual(plain((await store.get('/a'))!), winner);
      });

      it('commits concurrent writes beside ones whose precondition fails', async () => {
        const { store, r, kv } = await fresh();
        await store.create('/a', bytes('1')); // 1
        await store.create('/b', bytes('1')); // 2
        await store.create('/c', bytes('1')); // 3
        const [aUpdate, bStale, cUpdate, missing, dCreate, aAgain] = await Promise.allSettled([
          store.update('/a', bytes('2'), r(1)),
          store.update('/b', bytes('2'), r(1)),
          store.update('/c', bytes('2'), r(3)),
          store.update('/missing', bytes('2'), r(3)),
          store.create('/d', bytes('1')),
          store.create('/a', bytes('3')),
        ]);
        await rejectsWith(settledAgain(bStale), {
          code: 'Conflict', key: '/b', message: `modRevision of /b is ${r(2)}, expected ${r(1)}`, current: kv('/b', '1', 2, 2),
        });
        await rejectsWith(settledAgain(missing), { code: 'KeyNotFound', key: '/missing', message: 'key not found: /missing' });
        await rejectsWith(settledAgain(aAgain), { code: 'KeyExists', key: '/a', message: 'key already exists: /a' });
        const written = (await Promise.all([aUpdate, cUpdate, dCreate].map(settledAgain))).map(plain);
        assert.deepEqual(written.map((item) => item.modRevision).sort((x, y) => x - y), [r(4), r(5), r(6)]);
        assert.deepEqual(written.map(({ key, value }) => `${key}=${value}`), ['/a=2', '/c=2', '/d=1']);
        assert.equal(await store.currentRevision(), r(6));
        assert.deepEqual(plainList(await store.list('/')).items, [
          written[0], kv('/b', '1', 2, 2), written[1], written[2],
        ]);
      });

      it('announces concurrent writes once each, in revision order', async () => {
        const { store, r } = await fresh();
        await store.create('/e/0', bytes('0')); // 1
        await store.create('/e/gone', bytes('0')); // 2
        const seen = collector();
        const handle = await store.watch('/e/', r(2), seen);
        const writes = [
          ['put', store.update('/e/0', bytes('1'), r(1)).catch(() => undefined)], // one of the two updates of /e/0 wins
          ['put', store.create('/e/1', bytes('1'))],
          ['delete', store.delete('/e/gone', r(2))],
          ['put', store.create('/e/2', bytes('1'))],
          ['put', store.update('/e/0', bytes('2'), r(1)).catch(() => undefined)],
        ] as const;
        const written = await Promise.all(writes.map(async ([type, write]) => {
          const kv = await write;
          return kv && `${type} ${kv.key}@${kv.modRevision}`;
        }));
        assert.equal(written.filter((item) => item === undefined).length, 1);
        await seen.next(4);
        await settle();
        const revisions = seen.events.map((event) => event.revision);
        assert.deepEqual(revisions, [r(3), r(4), r(5), r(6)]);
        const announced = seen.events.map((event) => `${event.type} ${event.kv.key}@${event.revision}`);
        const acknowledged = written.filter((item) => item !== undefined);
        assert.deepEqual([...announced].sort(), [...acknowledged].sort());
        handle.close();
      });
    });

    describe('lists', () => {
      let fixture: Fixture;
      before(async () => {
        fixture = await fresh();
        opened.splice(0); // kept for the whole block: cleaned up after it, not after each test
        // Written out of order; '/p0' and '/q' sit just outside the prefix '/p/'.
        for (const key of ['/p/c', '/p0', '/p/a', '/q', '/p/b/x', '/p/b', '/p/d']) await fixture.store.create(key, bytes(key));
      });
      after(async () => { await fixture.cleanup(); });

      it('returns the keys under a prefix in byte order', async () => {
        const { store, r, kv } = fixture;
        assert.deepEqual(plainList(await store.list('/p/')), {
          items: [
            kv('/p/a', '/p/a', 3, 3), kv('/p/b', '/p/b', 6, 6), kv('/p/b/x', '/p/b/x', 5, 5),
            kv('/p/c', '/p/c', 1, 1), kv('/p/d', '/p/d', 7, 7),
          ],
          revision: r(7),
          more: false,
          remaining: 0,
        });
        assert.equal(await store.count('/p/'), 5);
        assert.equal(await store.count(''), 7);
        assert.deepEqual((await store.list('')).items.map((item) => item.key), ['/p/a', '/p/b', '/p/b/x', '/p/c', '/p/d', '/p0', '/q']);
      });

      it('pages with limit, startKey, more and remaining', async () => {
        const { store, r } = fixture;
        const first = await store.list('/p/', { limit: 2 });
        assert.deepEqual(first.items.map((item) => item.key), ['/p/a', '/p/b']);
        assert.deepEqual([first.revision, first.more, first.remaining], [r(7), true, 3]);
        const second = await store.list('/p/', { limit: 2, startKey: '/p/b/x' });
        assert.deepEqual(second.items.map((item) => item.key), ['/p/b/x', '/p/c']);
        assert.deepEqual([second.more, second.remaining], [true, 1]);
        const last = await store.list('/p/', { limit: 2, startKey: '/p/d' });
        assert.deepEqual(last.items.map((item) => item.key), ['/p/d']);
        assert.deepEqual([last.more, last.remaining], [false, 0]);
        const exact = await store.list('/p/', { limit: 5 });
        assert.deepEqual([exact.items.length, exact.more, exact.remaining], [5, false, 0]);
      });

      it('pages the same without counting what follows (countRemaining: false)', async () => {
        const { store } = fixture;
        for (const startKey of [undefined, '/p/b/x', '/p/d']) {
          const counted = await store.list('/p/', { limit: 2, startKey });
          const probed = await store.list('/p/', { limit: 2, startKey, countRemaining: false });
          assert.deepEqual([probed.items, probed.revision, probed.more], [counted.items, counted.revision, counted.more]);
          // A backend may skip the count: what follows is then only known to be at least one key.
          if (counted.more) assert.ok(probed.remaining >= 1 && probed.remaining <= counted.remaining, `remaining ${probed.remaining}`);
          else assert.equal(probed.remaining, 0);
        }
        const exact = await store.list('/p/', { limit: 5, countRemaining: false });
        assert.deepEqual([exact.items.length, exact.more, exact.remaining], [5, false, 0]);
      });

      it('ignores a startKey before the prefix and returns nothing after it', async () => {
        const { store, r } = fixture;
        assert.deepEqual((await store.list('/p/', { startKey: '/a' })).items.map((item) => item.key),
          ['/p/a', '/p/b', '/p/b/x', '/p/c', '/p/d']);
        assert.deepEqual(plainList(await store.list('/p/', { startKey: '/p0' })), { items: [], revision: r(7), more: false, remaining: 0 });
      });

      it('rejects a revision that has not happened yet', async () => {
        const { store, r } = fixture;
        await rejectsWith(store.list('/p/', { revision: r(8) }), {
          code: 'FutureRevision', key: '/p/', message: `required revision ${r(8)} is a future revision (current revision ${r(7)})`,
        });
        await rejectsWith(store.get('/p/a', r(9)), { code: 'FutureRevision', key: '/p/a' });
      });
    });

    describe('history', () => {
      let fixture: Fixture;
      before(async () => {
        fixture = await fresh();
        opened.splice(0); // kept for the whole block: cleaned up after it, not after each test
        const { store, r } = fixture;
        await store.create('/h/a', bytes('a1')); // 1
        await store.create('/h/b', bytes('b1')); // 2
        await store.create('/h/c', bytes('c1')); // 3
        await store.update('/h/a', bytes('a2'), r(1)); // 4
        await store.delete('/h/b', r(2)); // 5
        await store.create('/other', bytes('o')); // 6
        await store.create('/h/b', bytes('b2')); // 7
        await store.update('/h/c', bytes('c2'), r(3)); // 8
        await store.create('/h/d', bytes('d1')); // 9
        await store.delete('/h/d', r(9)); // 10
      });
      after(async () => { await fixture.cleanup(); });

      it('reads a key as it was at a past revision', async () => {
        const { store, r, kv } = fixture;
        assert.deepEqual(plain((await store.get('/h/a', r(3)))!), kv('/h/a', 'a1', 1, 1));
        assert.deepEqual(plain((await store.get('/h/a', r(4)))!), kv('/h/a', 'a2', 1, 4));
        assert.equal(await store.get('/h/b', r(5)), undefined);
        assert.equal(await store.get('/h/b', r(6)), undefined);
        assert.deepEqual(plain((await store.get('/h/b', r(7)))!), kv('/h/b', 'b2', 7, 7));
        assert.equal(await store.get('/h/c', r(2)), undefined);
      });

      it('lists a prefix as it was at a past revision', async () => {
        const { store, r, kv } = fixture;
        assert.deepEqual(plainList(await store.list('/h/', { revision: r(4) })), {
          items: [kv('/h/a', 'a2', 1, 4), kv('/h/b', 'b1', 2, 2), kv('/h/c', 'c1', 3, 3)],
          revision: r(4), more: false, remaining: 0,
        });
        assert.deepEqual(plainList(await store.list('/h/', { revision: r(6) })), {
          items: [kv('/h/a', 'a2', 1, 4), kv('/h/c', 'c1', 3, 3)],
          revision: r(6), more: false, remaining: 0,
        });
        assert.deepEqual(plainList(await store.list('/h/', { revision: r(7) })), {
          items: [kv('/h/a', 'a2', 1, 4), kv('/h/b', 'b2', 7, 7), kv('/h/c', 'c1', 3, 3)],
          revision: r(7), more: false, remaining: 0,
        });
      });

      it('pages at a past revision', async () => {
        const { store, r, kv } = fixture;
        assert.deepEqual(plainList(await store.list('/h/', { revision: r(4), limit: 1 })), {
          items: [kv('/h/a', 'a2', 1, 4)], revision: r(4), more: true, remaining: 2,
        });
        assert.deepEqual(plainList(await store.list('/h/', { revision: r(4), limit: 1, startKey: '/h/b' })), {
          items: [kv('/h/b', 'b1', 2, 2)], revision: r(4), more: true, remaining: 1,
        });
        assert.deepEqual(plainList(await store.list('/h/', { revision: r(6), limit: 1, startKey: '/h/b' })), {
          items: [kv('/h/c', 'c1', 3, 3)], revision: r(6), more: false, remaining: 0,
        });
      });

      it('counts the remaining keys as they were, not as they are', async () => {
        const { store, r, kv } = fixture;
        // '/h/b' was deleted at 6 and lives now: one fewer than today.
        assert.deepEqual(plainList(await store.list('/h/', { revision: r(6), limit: 1 })), {
          items: [kv('/h/a', 'a2', 1, 4)], revision: r(6), more: true, remaining: 1,
        });
        // '/h/d' lived at 9 and is deleted now: one more than today.
        assert.deepEqual(plainList(await store.list('/h/', { revision: r(9), limit: 1 })), {
          items: [kv('/h/a', 'a2', 1, 4)], revision: r(9), more: true, remaining: 3,
        });
        assert.deepEqual((await store.list('/h/', { revision: r(9) })).items.map(plain), [
          kv('/h/a', 'a2', 1, 4), kv('/h/b', 'b2', 7, 7), kv('/h/c', 'c2', 3, 8), kv('/h/d', 'd1', 9, 9),
        ]);
      });

      it('reads a past revision with no later write under the prefix like the present', async () => {
        const { store, r, kv } = fixture;
        // Nothing under '/h/a' changed after revision 4.
        assert.deepEqual(plainList(await store.list('/h/a', { revision: r(5), limit: 1 })), {
          items: [kv('/h/a', 'a2', 1, 4)], revision: r(5), more: false, remaining: 0,
        });
      });
    });

    describe('watch', () => {
      it('replays exactly the events after the start revision, then live ones, with no gap or duplicate', async () => {
        const { store, r, kv } = await fresh();
        await store.create('/w/a', bytes('1')); // 1
        await store.create('/x', bytes('x')); // 2
        await store.update('/w/a', bytes('2'), r(1)); // 3
        await store.create('/w/b', bytes('1')); // 4
        const seen = collector();
        // Writes issued before, during and right after the watch is opened, without awaiting
        // (a backend may commit concurrent writes in any order: revisions 5 to 8).
        const bUpdate = store.update('/w/b', bytes('2'), r(4));
        const cCreate = store.create('/w/c', bytes('1'));
        const watching = store.watch('/w/', r(1), seen);
        const aUpdate = store.update('/w/a', bytes('3'), r(3));
        const xCreate = store.create('/x2', bytes('x'));
        const handle = await watching;
        const [b2, c1, a3, x2] = await Promise.all([bUpdate, cCreate, aUpdate, xCreate]);
        assert.deepEqual([b2, c1, a3, x2].map((item) => item.modRevision).sort((x, y) => x - y), [r(5), r(6), r(7), r(8)]);
        await store.create('/w/d', bytes('1')); // 9
        await seen.next(6);
        await settle();
        const racing = [
          { type: 'put', kv: plain(b2), prevKv: kv('/w/b', '1', 4, 4), revision: b2.modRevision },
          { type: 'put', kv: plain(c1), revision: c1.modRevision },
          { type: 'put', kv: plain(a3), prevKv: kv('/w/a', '2', 1, 3), revision: a3.modRevision },
        ].sort((x, y) => x.revision - y.revision);
        assert.deepEqual(seen.events, [
          { type: 'put', kv: kv('/w/a', '2', 1, 3), prevKv: kv('/w/a', '1', 1, 1), revision: r(3) },
          { type: 'put', kv: kv('/w/b', '1', 4, 4), revision: r(4) },
          ...racing,
          { type: 'put', kv: kv('/w/d', '1', 9, 9), revision: r(9) },
        ]);
        handle.close();
        handle.close();
        await store.create('/w/e', bytes('1'));
        await settle();
        assert.equal(seen.events.length, 6);
        assert.deepEqual(seen.errors, []);
      });

      it('misses and repeats nothing when writes land while the watch opens', async () => {
        const { store, r } = await fresh();
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
        const watching = store.watch('/w/', r(1), seen);
        for (let hops = 0; hops < 6; hops++) createAfterHops(hops, `/w/after-${hops}`);
        writes.push(settle(0).then(() => store.create('/w/next-turn', bytes('1'))));
        await watching;
        const written = (await Promise.all(writes)).sort((x, y) => x.modRevision - y.modRevision);
        await seen.next(1 + written.length);
        await settle();
        assert.deepEqual(
          seen.events.map((event) => `${event.kv.key}@${event.revision}`),
          [`/w/b@${r(2)}`, ...written.map((item) => `${item.key}@${item.modRevision}`)],
        );
      });

      it('delivers replayed and live events identically, deletes with their previous value', async () => {
        const { store, r, kv } = await fresh();
        const live = collector();
        await store.watch('/d/', r(0), live);
        await store.create('/d/a', bytes('1')); // 1
        await store.update('/d/a', bytes('2'), r(1)); // 2
        await store.delete('/d/a', 0); // 3
        await store.create('/d/a', bytes('3')); // 4
        await live.next(4);
        const replayed = collector();
        await store.watch('/d/', r(0), replayed);
        await replayed.next(4);
        const expected = [
          { type: 'put', kv: kv('/d/a', '1', 1, 1), revision: r(1) },
          { type: 'put', kv: kv('/d/a', '2', 1, 2), prevKv: kv('/d/a', '1', 1, 1), revision: r(2) },
          { type: 'delete', kv: kv('/d/a', '', 1, 3), prevKv: kv('/d/a', '2', 1, 2), revision: r(3) },
          { type: 'put', kv: kv('/d/a', '3', 4, 4), revision: r(4) },
        ];
        assert.deepEqual(live.events, expected);
        assert.deepEqual(replayed.events, expected);
        assert.deepEqual(replayed.batches, [4]);
      });

      it('starts at a future revision by skipping what comes before it', async () => {
        const { store, r, kv } = await fresh();
        const seen = collector();
        await store.watch('/f/', r(2), seen);
        await store.create('/f/a', bytes('1')); // 1
        await store.create('/f/b', bytes('1')); // 2
        await store.create('/f/c', bytes('1')); // 3
        await seen.next(1);
        await settle();
        assert.deepEqual(seen.events, [{ type: 'put', kv: kv('/f/c', '1', 3, 3), revision: r(3) }]);
      });

      it('ends a watch whose consumer throws, leaving the other watches alone', async () => {
        const { store, r, kv } = await fresh();
        const errors: string[] = [];
        await store.watch('/t/', r(0), {
          onEvents: () => { throw new Error('consumer broke'); },
          onError: (err) => errors.push(`${err.code}: ${err.message}`),
        });
        const healthy = collector();
        await store.watch('/t/', r(0), healthy);
        await store.create('/t/a', bytes('1'));
        await store.create('/t/b', bytes('1'));
        await healthy.next(2);
        await settle();
        assert.deepEqual(errors, ['Internal: storage failure: consumer broke']);
        assert.deepEqual(healthy.events, [
          { type: 'put', kv: kv('/t/a', '1', 1, 1), revision: r(1) },
          { type: 'put', kv: kv('/t/b', '1', 2, 2), revision: r(2) },
        ]);
      });

      it('ends open watches with Unavailable when the store closes', async () => {
        const { store, r } = await fresh();
        const errors: string[] = [];
        await store.watch('/', r(0), { onEvents: () => {}, onError: (err) => errors.push(`${err.code}: ${err.message}`) });
        await store.close();
        assert.deepEqual(errors, ['Unavailable: storage is closed']);
        await rejectsWith(store.get('/a'), { code: 'Unavailable', message: 'storage is closed' });
        await rejectsWith(store.create('/a', bytes('1')), { code: 'Unavailable', message: 'storage is closed' });
        await rejectsWith(store.watch('/', r(0), { onEvents: () => {} }), { code: 'Unavailable', message: 'storage is closed' });
      });
    });

    describe('compaction', () => {
      it('forgets history before the revision and keeps the state at and after it', async () => {
        const { store, r, kv } = await fresh();
        await store.create('/c/a', bytes('a1')); // 1
        await store.create('/c/b', bytes('b1')); // 2
        await store.update('/c/a', bytes('a2'), r(1)); // 3
        await store.delete('/c/b', r(2)); // 4
        await store.create('/c/c', bytes('c1')); // 5
        await store.update('/c/a', bytes('a3'), r(3)); // 6
        await store.delete('/c/c', r(5)); // 7
        await store.compact(r(5));
        assert.equal(await store.compactedRevision(), r(5));

        const compacted = {
          code: 'Compacted' as const,
          compactedRevision: r(5),
          message: `required revision ${r(4)} has been compacted (compacted revision ${r(5)})`,
        };
        await rejectsWith(store.get('/c/a', r(4)), { ...compacted, key: '/c/a' });
        await rejectsWith(store.list('/c/', { revision: r(4) }), { ...compacted, key: '/c/' });
        await rejectsWith(store.watch('/c/', r(4), { onEvents: () => {} }), { ...compacted, key: '/c/' });

        assert.deepEqual(plainList(await store.list('/c/', { revision: r(5) })), {
          items: [kv('/c/a', 'a2', 1, 3), kv('/c/c', 'c1', 5, 5)], revision: r(5), more: false, remaining: 0,
        });
        assert.deepEqual(plainList(await store.list('/c/', { revision: r(6) })), {
          items: [kv('/c/a', 'a3', 1, 6), kv('/c/c', 'c1', 5, 5)], revision: r(6), more: false, remaining: 0,
        });
        assert.deepEqual(plainList(await store.list('/c/')), {
          items: [kv('/c/a', 'a3', 1, 6)], revision: r(7), more: false, remaining: 0,
        });
        assert.equal(await store.get('/c/b', r(5)), undefined);

        const seen = collector();
        await store.watch('/c/', r(5), seen);
        await seen.next(2);
        assert.deepEqual(seen.events, [
          { type: 'put', kv: kv('/c/a', 'a3', 1, 6), prevKv: kv('/c/a', 'a2', 1, 3), revision: r(6) },
          { type: 'delete', kv: kv('/c/c', '', 5, 7), prevKv: kv('/c/c', 'c1', 5, 5), revision: r(7) },
        ]);
      });

      it('compacts forward only, and not past the present', async () => {
        const { store, r } = await fresh();
        await store.create('/k/a', bytes('1')); // 1
        await store.update('/k/a', bytes('2'), r(1)); // 2
        await store.update('/k/a', bytes('3'), r(2)); // 3
        await store.create('/k/b', bytes('1')); // 4
        await store.delete('/k/b', r(4)); // 5
        await store.compact(r(3));
        await store.compact(r(5));
        await store.compact(r(2)); // already compacted: nothing to do
        assert.equal(await store.compactedRevision(), r(5));
        await rejectsWith(store.compact(r(6)), {
          code: 'FutureRevision', key: '', message: `required revision ${r(6)} is a future revision (current revision ${r(5)})`,
        });
        assert.equal(await store.compactedRevision(), r(5));
        assert.deepEqual(plain((await store.get('/k/a', r(5)))!).value, '3');
      });
    });
  });
}
