// An acknowledged write must survive kill -9: a child process writes and reports each write
// whose promise resolved; it is killed mid-stream, and every reported write must be on disk.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openSqliteStore } from '../../../../src/storage/sqlite/sqlite-store.js';

const storeModule = new URL('../../../../src/storage/sqlite/sqlite-store.js', import.meta.url).href;

// Each round creates one item and moves a counter, then reports the round as acknowledged.
const writer = `
  const { openSqliteStore } = await import(${JSON.stringify(storeModule)});
  const store = await openSqliteStore(process.argv[1]);
  const bytes = (text) => new TextEncoder().encode(text);
  let counter = await store.create('/dur/counter', bytes('-1'));
  for (let round = 0; ; round++) {
    await store.create('/dur/item-' + round, bytes('value-' + round));
    counter = await store.update('/dur/counter', bytes(String(round)), counter.modRevision);
    process.stdout.write('acked ' + round + '\\n');
  }
`;

const ROUNDS_BEFORE_KILL = 200;

let dir: string;
before(async () => { dir = await mkdtemp(join(tmpdir(), 'arca-durability-')); });
after(async () => { await rm(dir, { recursive: true, force: true }); });

it('keeps every acknowledged write across kill -9', async () => {
  const path = join(dir, 'state.db');
  const child = spawn(process.execPath, ['--input-type=module', '-e', writer, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

  let lastAcked = -1;
  for await (const line of createInterface({ input: child.stdout })) {
    lastAcked = Number(line.replace('acked ', ''));
    if (lastAcked + 1 >= ROUNDS_BEFORE_KILL) {
      child.kill('SIGKILL');
      break;
    }
  }
  assert.equal(await exited, 'SIGKILL');
  assert.equal(lastAcked + 1, ROUNDS_BEFORE_KILL);

  const store = await openSqliteStore(path);
  const items = await store.list('/dur/item-');
  const present = new Set(items.items.map((item) => item.key));
  const missing = [];
  for (let round = 0; round <= lastAcked; round++) {
    if (!present.has(`/dur/item-${round}`)) missing.push(round);
  }
  assert.deepEqual(missing, []);
  const item = await store.get(`/dur/item-${lastAcked}`);
  assert.equal(Buffer.from(item!.value).toString(), `value-${lastAcked}`);
  const counter = Number(Buffer.from((await store.get('/dur/counter'))!.value).toString());
  assert.ok(counter >= lastAcked, `counter ${counter} is behind the last acknowledged round ${lastAcked}`);
  assert.ok((await store.currentRevision()) >= 1 + 2 * (lastAcked + 1));
  await store.close();
});

// Eight writers at once, so writes are group-committed: each reports its key once acknowledged.
const concurrentWriter = `
  const { openSqliteStore } = await import(${JSON.stringify(storeModule)});
  const store = await openSqliteStore(process.argv[1]);
  const bytes = (text) => new TextEncoder().encode(text);
  await Promise.all(Array.from({ length: 8 }, async (_, w) => {
    for (let i = 0; ; i++) {
      const kv = await store.create('/batch/w' + w + '-' + i, bytes('v' + i));
      process.stdout.write('acked /batch/w' + w + '-' + i + ' ' + kv.modRevision + '\\n');
    }
  }));
`;

it('keeps every acknowledged write of group-committed batches across kill -9', async () => {
  const path = join(dir, 'batches.db');
  const child = spawn(process.execPath, ['--input-type=module', '-e', concurrentWriter, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

  const acked = new Map<string, number>();
  for await (const line of createInterface({ input: child.stdout })) {
    const [, key, revision] = line.split(' ');
    acked.set(key, Number(revision));
    if (acked.size >= 8 * ROUNDS_BEFORE_KILL) {
      child.kill('SIGKILL');
      break;
    }
  }
  assert.equal(await exited, 'SIGKILL');

  const store = await openSqliteStore(path);
  const stored = new Map((await store.list('/batch/')).items.map((item) => [item.key, item.modRevision]));
  const lost = [...acked].filter(([key, revision]) => stored.get(key) !== revision);
  assert.deepEqual(lost, []);
  await store.close();
});
