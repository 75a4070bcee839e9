import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupStore, migrateStore, restoreBackup, type Reporting } from '../../../src/backup/operations.js';
import type { Store } from '../../../src/storage/interface.js';
import { openSqliteStore } from '../../../src/storage/sqlite/sqlite-store.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const REMINDER = 'values encrypted at rest were copied encrypted: serve this data with the encryption-config.yaml (and the pki/) of the server that wrote it';

async function contents(store: Store, prefix = '/'): Promise<[string, string][]> {
  const { items } = await store.list(prefix);
  return items.map((kv) => [kv.key, Buffer.from(kv.value).toString('latin1')]);
}

/** Records what each phase's progress display was told, and every printed line. */
function recorder(): Reporting & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    print: (line) => log.push(line),
    progress: (label) => {
      let done = 0;
      return {
        setTotal: (n) => log.push(`${label} total ${n}`),
        increment: () => { done++; },
        stop: () => log.push(`${label} stopped at ${done}`),
      };
    },
  };
}

describe('backup, restore, migrate', () => {
  let dir: string;
  let n = 0;
  let source: Store;
  const opened: Store[] = [];
  const open = async () => { const s = await openSqliteStore(join(dir, `s${n++}.db`)); opened.push(s); return s; };

  before(async () => { dir = await mkdtemp(join(tmpdir(), 'arca-backup-ops-')); });
  after(async () => { for (const s of opened) await s.close(); await rm(dir, { recursive: true, force: true }); });
  beforeEach(async () => {
    source = await open();
    await source.create('/registry/configmaps/default/a', bytes('{"a":1}'));
    await source.create('/registry/secrets/default/s', bytes('k8s:enc:aescbc:v1:key1:\u0000\u00ff'));
    await source.create('/registry/namespaces/default', bytes('{"ns":1}'));
    await source.create('/elsewhere/x', bytes('not an object'));
  });

  it('backs up the keys under /registry/ at one revision and restores them into an empty store', async () => {
    const file = join(dir, `b${n}.gz`);
    const r = recorder();
    const header = await backupStore(source, file, r, new Date('2026-05-06T07:08:09Z'));
    // Written after the snapshot's revision: not in the backup.
    await source.create('/registry/configmaps/default/later', bytes('{}'));
    assert.deepEqual(header, { format: 'arca-backup', version: 1, revision: 4, count: 3, createdAt: '2026-05-06T07:08:09.000Z' });
    assert.deepEqual(r.log, [
      'backing up total 3', 'backing up stopped at 3',
      `wrote 3 keys at revision 4 to ${file}`,
      'verifying total 3', 'verifying stopped at 3',
      'verified: 3 keys, identical',
      REMINDER,
    ]);

    const target = await open();
    const restored = recorder();
    await restoreBackup(file, target, 'the target', restored);
    assert.deepEqual(await contents(target), (await contents(source, '/registry/')).filter(([k]) => !k.endsWith('/later')));
    assert.deepEqual(restored.log, [
      'restoring total 3', 'restoring stopped at 3',
      'restored 3 keys (backup of revision 4, taken 2026-05-06T07:08:09.000Z) into the target',
      'verifying total 3', 'verifying stopped at 3',
      'verified: 3 keys, identical',
      REMINDER,
    ]);
  });

  it('refuses to restore into a store that holds objects', async () => {
    const file = join(dir, `b${n}.gz`);
    await backupStore(source, file, recorder());
    await assert.rejects(restoreBackup(file, source, 'sqlite:/data', recorder()), {
      message: 'sqlite:/data is not empty: it holds 3 keys under /registry/; restore only into an empty store (a new data directory, or an etcd prefix nothing uses)',
    });
  });

  it('migrates into an empty store and verifies the copy', async () => {
    const target = await open();
    const r = recorder();
    await migrateStore(source, target, 'etcd:x', r);
    assert.deepEqual(await contents(target), await contents(source, '/registry/'));
    assert.deepEqual(r.log, [
      'copying total 3', 'copying stopped at 3',
      'copied 3 keys (source revision 4) into etcd:x',
      'verifying total 3', 'verifying stopped at 3',
      'verified: 3 keys, identical',
    ]);
    await assert.rejects(migrateStore(source, target, 'etcd:x', recorder()), { message: /^etcd:x is not empty: it holds 3 keys/ });
  });
});
