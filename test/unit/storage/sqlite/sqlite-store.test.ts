import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../../../src/storage/sqlite/sqlite-store.js';
import { bytes, collector, describeStoreContract, plain, plainList, rejectsWith, type PlainKv } from '../store-contract.js';

const kv = (key: string, value: string, createRevision: number, modRevision: number): PlainKv =>
  ({ key, value, createRevision, modRevision });

let dir: string;
let counter = 0;
before(async () => { dir = await mkdtemp(join(tmpdir(), 'arca-sqlite-')); });
after(async () => { await rm(dir, { recursive: true, force: true }); });

describeStoreContract('SqliteStore', async () => {
  const store = await openSqliteStore(join(dir, `db-${++counter}`, 'state.db'));
  return { store, cleanup: () => store.close() };
});

describe('SqliteStore files', () => {
  it('starts a new file at revision 0', async () => {
    const store = await openSqliteStore(join(dir, `db-${++counter}`, 'state.db'));
    assert.equal(await store.currentRevision(), 0);
    assert.equal(await store.compactedRevision(), 0);
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

describe('SqliteStore group commit', () => {
  it('applies writes issued together in call order: the first create of a key wins, a stale update loses', async () => {
    const store = await openSqliteStore(join(dir, `db-${++counter}`, 'state.db'));
    await store.create('/g/a', bytes('1')); // 1
    const first = store.create('/g/b', bytes('first'));
    const second = store.create('/g/b', bytes('second'));
    const update = store.update('/g/a', bytes('2'), 1);
    const staleUpdate = store.update('/g/a', bytes('3'), 1);
    const after = store.create('/g/c', bytes('1'));
    assert.deepEqual(plain(await first), kv('/g/b', 'first', 2, 2));
    await rejectsWith(second, {
      code: 'KeyExists', key: '/g/b', message: 'key already exists: /g/b', current: kv('/g/b', 'first', 2, 2),
    });
    assert.deepEqual(plain(await update), kv('/g/a', '2', 1, 3));
    await rejectsWith(staleUpdate, {
      code: 'Conflict', key: '/g/a', message: 'modRevision of /g/a is 3, expected 1', current: kv('/g/a', '2', 1, 3),
    });
    assert.deepEqual(plain(await after), kv('/g/c', '1', 4, 4));
    assert.equal(await store.currentRevision(), 4);
    await store.close();
  });

  it('makes a write visible to every read issued once it is acknowledged', async () => {
    const store = await openSqliteStore(join(dir, `db-${++counter}`, 'state.db'));
    const seenAfterAck = await Promise.all(Array.from({ length: 20 }, async (_, i) => {
      const written = await store.create(`/v/${i}`, bytes(String(i)));
      const [read, revision] = await Promise.all([store.get(`/v/${i}`), store.currentRevision()]);
      return { written: plain(written), read: plain(read!), covered: revision >= written.modRevision };
    }));
    for (const { written, read, covered } of seenAfterAck) {
      assert.deepEqual(read, written);
      assert.equal(covered, true);
    }
    await store.close();
  });

  it('commits writes issued together with one commit', async () => {
    const path = join(dir, `db-${++counter}`, 'state.db');
    const store = await openSqliteStore(path);
    const walSize = () => statSync(`${path}-wal`).size;
    await store.create('/c/warm', bytes('1'));
    const beforeOne = walSize();
    await store.create('/c/one', bytes('1'));
    const oneCommit = walSize() - beforeOne;
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.create(`/c/${i}`, bytes('1'))));
    const twenty = walSize() - beforeOne - oneCommit;
    // Each commit appends the pages it changed to the WAL; twenty commits would append ~20 times as much.
    assert.ok(twenty <= 2 * oneCommit, `20 writes appended ${twenty} bytes to the WAL, one write ${oneCommit}`);
    await store.close();
  });

  it('commits the writes already issued when it is closed', async () => {
    const path = join(dir, `db-${++counter}`, 'state.db');
    const store = await openSqliteStore(path);
    const pending = store.create('/p/a', bytes('1'));
    await store.close();
    assert.deepEqual(plain(await pending), kv('/p/a', '1', 1, 1));
    await rejectsWith(store.create('/p/b', bytes('1')), { code: 'Unavailable', message: 'storage is closed' });
    const reopened = await openSqliteStore(path);
    assert.deepEqual(plain((await reopened.get('/p/a'))!), kv('/p/a', '1', 1, 1));
    await reopened.close();
  });
});
