import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { decodeHeader, openBackupFile, writeBackupFile, type BackupHeader, type StoredEntry } from '../../../src/backup/backup-file.js';

const header: BackupHeader = { format: 'arca-backup', version: 1, revision: 42, count: 2, createdAt: '2026-01-02T03:04:05.000Z' };
const entries: StoredEntry[] = [
  { key: '/registry/configmaps/default/a', value: new Uint8Array([123, 125]) },
  { key: '/registry/secrets/default/s', value: new Uint8Array([0, 255, 10, 13]) },
];

async function* from<T>(items: T[]): AsyncGenerator<T> { yield* items; }
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> { const out: T[] = []; for await (const i of items) out.push(i); return out; }

describe('backup file', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'arca-backup-file-')); });
  after(() => rm(dir, { recursive: true, force: true }));

  it('is gzip\'d JSON lines: the header, then one {key, base64 value} per key', async () => {
    const file = join(dir, 'a.gz');
    await writeBackupFile(file, header, from(entries));
    assert.equal(gunzipSync(await readFile(file)).toString('utf8'),
      '{"format":"arca-backup","version":1,"revision":42,"count":2,"createdAt":"2026-01-02T03:04:05.000Z"}\n'
      + '{"key":"/registry/configmaps/default/a","value":"e30="}\n'
      + '{"key":"/registry/secrets/default/s","value":"AP8KDQ=="}\n');
  });

  it('reads back the header and the exact bytes', async () => {
    const file = join(dir, 'b.gz');
    await writeBackupFile(file, header, from(entries));
    const reader = await openBackupFile(file);
    assert.deepEqual(reader.header, header);
    assert.deepEqual(await collect(reader.entries), entries);
  });

  it('refuses a file with fewer entries than its header announces', async () => {
    const file = join(dir, 'c.gz');
    await writeFile(file, gzipSync(`${JSON.stringify({ ...header, count: 3 })}\n{"key":"/registry/x","value":""}\n`));
    const reader = await openBackupFile(file);
    await assert.rejects(collect(reader.entries), { message: 'the backup is incomplete: its header announces 3 keys, the file holds 1' });
  });

  it('refuses what is not gzip', async () => {
    const file = join(dir, 'd.gz');
    await writeFile(file, 'plain text\n');
    await assert.rejects(openBackupFile(file), { message: 'the backup file is damaged: incorrect header check' });
  });

  it('checks the header', () => {
    assert.throws(() => decodeHeader(undefined), { message: 'not an Arca backup: the file is empty' });
    assert.throws(() => decodeHeader('{'), { message: 'not an Arca backup: line 1 is not JSON' });
    assert.throws(() => decodeHeader('{"format":"x"}'), { message: 'not an Arca backup: the header\'s format is not "arca-backup"' });
    assert.throws(() => decodeHeader('{"format":"arca-backup","version":2}'), { message: 'unsupported Arca backup version 2 (this arca reads version 1)' });
    assert.throws(() => decodeHeader('{"format":"arca-backup","version":1,"revision":1}'), { message: 'not an Arca backup: the header lacks revision, count or createdAt' });
  });
});
