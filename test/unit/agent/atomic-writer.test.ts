import assert from 'node:assert/strict';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { flushRetiredGenerations, writeAtomically, type PayloadFile } from '../../../src/agent/atomic-writer.js';

const GENERATION = /^\.\.\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\.\d+$/;

const payload = (entries: Record<string, string | [string, number]>): Map<string, PayloadFile> =>
  new Map(Object.entries(entries).map(([path, v]) => [path, typeof v === 'string' ? { content: v, mode: 0o644 } : { content: v[0], mode: v[1] }]));

const modeOf = async (path: string) => ((await stat(path)).mode & 0o7777).toString(8);
const entries = async (dir: string) => (await readdir(dir)).sort();
const generations = async (dir: string) => (await readdir(dir)).filter((n) => GENERATION.test(n)).sort();

let target: string;
let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'arca-atomic-'));
  target = join(root, 'volume');
});

afterEach(async () => {
  await flushRetiredGenerations();
  await rm(root, { recursive: true, force: true });
});

after(() => flushRetiredGenerations());

describe('writeAtomically: layout', () => {
  it('publishes files through ..data and per-name symlinks, with exact modes whatever the umask', async () => {
    const previousUmask = process.umask(0o077);
    try {
      const result = await writeAtomically(target, payload({
        'app.yml': ['port: 80\n', 0o644],
        key: ['secret', 0o400],
        'config/app.yml': ['nested', 0o640],
        'config/deeper/x': ['x', 0o600],
      }), { now: () => new Date(Date.UTC(2024, 4, 1, 10, 0, 0)) });

      assert.equal(result.written, true);
      assert.match(result.generation, /^\.\.2024_05_01_10_00_00\.\d+$/);
      assert.deepEqual(await entries(target), ['..data', result.generation, 'app.yml', 'config', 'key'].sort());
      assert.equal(await readlink(join(target, '..data')), result.generation);
      assert.equal(await readlink(join(target, 'app.yml')), '..data/app.yml');
      assert.equal(await readlink(join(target, 'key')), '..data/key');
      assert.equal(await readlink(join(target, 'config')), '..data/config', 'one link per top-level name');
      assert.equal(await modeOf(join(target, result.generation)), '755');
      assert.equal(await modeOf(join(target, 'app.yml')), '644');
      assert.equal(await modeOf(join(target, 'key')), '400');
      assert.equal(await modeOf(join(target, 'config/app.yml')), '640');
      assert.equal(await modeOf(join(target, 'config/deeper/x')), '600');
      assert.equal(await readFile(join(target, 'config/app.yml'), 'utf8'), 'nested');
      assert.equal(await readFile(join(target, 'config/deeper/x'), 'utf8'), 'x');
      assert.deepEqual(await entries(join(target, result.generation)), ['app.yml', 'config', 'key']);
    } finally {
      process.umask(previousUmask);
    }
  });

  it('writes binary content byte for byte and cleans paths', async () => {
    const bytes = Buffer.from([0, 255, 10, 13]);
    await writeAtomically(target, new Map([['./bin//blob', { content: bytes, mode: 0o644 }]]));
    assert.deepEqual(await readFile(join(target, 'bin/blob')), bytes);
    assert.equal(await readlink(join(target, 'bin')), '..data/bin');
  });

  it('writes an empty payload as an empty generation', async () => {
    const result = await writeAtomically(target, new Map());
    assert.deepEqual(await entries(target), ['..data', result.generation].sort());
    assert.deepEqual(await readdir(join(target, result.generation)), []);
  });
});

describe('writeAtomically: updates', () => {
  it('skips identical content, and mode-only changes, keeping the generation', async () => {
    const first = await writeAtomically(target, payload({ a: '1', 'dir/b': '2' }));
    const same = await writeAtomically(target, payload({ a: '1', 'dir/b': '2' }));
    assert.deepEqual(same, { written: false, generation: first.generation });
    const modeOnly = await writeAtomically(target, payload({ a: ['1', 0o600], 'dir/b': '2' }));
    assert.deepEqual(modeOnly, { written: false, generation: first.generation });
    assert.equal(await modeOf(join(target, 'a')), '644');
    assert.deepEqual(await generations(target), [first.generation]);
  });

  it('restores a deleted user-visible link even when nothing changed', async () => {
    await writeAtomically(target, payload({ a: '1' }));
    await unlink(join(target, 'a'));
    assert.equal((await writeAtomically(target, payload({ a: '1' }))).written, false);
    assert.equal(await readFile(join(target, 'a'), 'utf8'), '1');
  });

  it('swaps ..data to a new generation and removes the old one a little later', async () => {
    const first = await writeAtomically(target, payload({ a: '1' }));
    const second = await writeAtomically(target, payload({ a: '2' }), { retireDelayMs: 50 });
    assert.notEqual(second.generation, first.generation);
    assert.equal(await readlink(join(target, '..data')), second.generation);
    assert.equal(await readFile(join(target, 'a'), 'utf8'), '2');
    assert.equal(await readFile(join(target, first.generation, 'a'), 'utf8'), '1', 'old generation still readable right after the swap');
    await sleep(300);
    assert.deepEqual(await generations(target), [second.generation]);
  });

  it('removes the old generation at once with retireDelayMs 0', async () => {
    await writeAtomically(target, payload({ a: '1' }));
    const second = await writeAtomically(target, payload({ a: '2' }), { retireDelayMs: 0 });
    assert.deepEqual(await generations(target), [second.generation]);
  });

  it('flushRetiredGenerations removes superseded generations immediately', async () => {
    await writeAtomically(target, payload({ a: '1' }));
    const second = await writeAtomically(target, payload({ a: '2' }), { retireDelayMs: 60_000 });
    assert.equal((await generations(target)).length, 2);
    await flushRetiredGenerations();
    assert.deepEqual(await generations(target), [second.generation]);
  });

  it('drops links for removed top-level names and keeps directories still in use', async () => {
    await writeAtomically(target, payload({ a: '1', b: '2', 'config/app.yml': 'x', 'old/file': 'y' }));
    const second = await writeAtomically(target, payload({ a: '1', 'config/other.yml': 'z' }));
    assert.equal(second.written, true, 'removing keys alone forces a write');
    assert.deepEqual(await entries(target), ['..data', 'a', 'config', ...await generations(target)].sort());
    assert.deepEqual(await readdir(join(target, 'config')), ['other.yml']);
    await assert.rejects(lstat(join(target, 'b')), { code: 'ENOENT' });
  });

  it('writes when only a removal is needed', async () => {
    await writeAtomically(target, payload({ a: '1', b: '2' }));
    const result = await writeAtomically(target, payload({ a: '1' }));
    assert.equal(result.written, true);
    assert.deepEqual(await readdir(join(target, result.generation)), ['a']);
  });

  it('sweeps generation directories and a ..data_tmp link left by an interrupted writer', async () => {
    await mkdir(target, { recursive: true });
    await mkdir(join(target, '..2020_01_01_00_00_00.123'));
    await writeFile(join(target, '..2020_01_01_00_00_00.123', 'junk'), 'j');
    await symlink('..2020_01_01_00_00_00.123', join(target, '..data_tmp'));
    const result = await writeAtomically(target, payload({ a: '1' }));
    assert.deepEqual(await entries(target), ['..data', result.generation, 'a'].sort());
  });
});

describe('writeAtomically: invalid payloads', () => {
  const cases: Array<[string, string]> = [
    ['../escape', "invalid path: must not contain '..': ../escape"],
    ['/abs', 'invalid path: must be relative path: /abs'],
    ['..data', "invalid path: must not start with '..': ..data"],
    ['', 'invalid path: must not be empty: ""'],
  ];
  for (const [path, message] of cases) {
    it(`rejects ${JSON.stringify(path)} before touching the directory`, async () => {
      await assert.rejects(writeAtomically(target, payload({ ok: '1', [path]: 'x' })), { message });
      await assert.rejects(stat(target), { code: 'ENOENT' });
    });
  }
});

describe('writeAtomically: concurrent readers', () => {
  it('never shows a reader a missing file or a mix of generations during 200 rewrites', async () => {
    const padding = 'x'.repeat(32 * 1024);
    const version = (n: number) => payload({ a: `${n}:${padding}`, 'config/b': `${n}:${padding}`, c: `${n}` });
    await writeAtomically(target, version(0));

    const control = new Int32Array(new SharedArrayBuffer(8)); // [stop flag, iterations]
    const reader = new Worker(`
      const { parentPort, workerData } = require('node:worker_threads');
      const fs = require('node:fs');
      const path = require('node:path');
      const { target, control, paddingLength } = workerData;
      const problems = [];
      const seen = new Set();
      const generationOf = (text, what) => {
        const [n, rest] = text.split(':');
        if (rest !== undefined && rest.length !== paddingLength) problems.push('partial ' + what + ': ' + text.length);
        return n;
      };
      while (Atomics.load(control, 0) === 0) {
        try {
          // A consistent snapshot: resolve ..data once, read every file inside that generation.
          const generation = fs.readlinkSync(path.join(target, '..data'));
          const a = generationOf(fs.readFileSync(path.join(target, generation, 'a'), 'utf8'), 'a');
          const b = generationOf(fs.readFileSync(path.join(target, generation, 'config', 'b'), 'utf8'), 'b');
          const c = fs.readFileSync(path.join(target, generation, 'c'), 'utf8');
          if (a !== b || b !== c) problems.push('mixed ' + a + '/' + b + '/' + c);
          seen.add(a);
          // The user-visible names always resolve to a complete file.
          generationOf(fs.readFileSync(path.join(target, 'a'), 'utf8'), 'link a');
          generationOf(fs.readFileSync(path.join(target, 'config', 'b'), 'utf8'), 'link config/b');
          fs.readFileSync(path.join(target, 'c'), 'utf8');
        } catch (e) {
          problems.push(e.code + ' ' + e.message);
        }
        Atomics.add(control, 1, 1);
      }
      parentPort.postMessage({ problems: problems.slice(0, 10), problemCount: problems.length, generationsSeen: seen.size });
    `, { eval: true, workerData: { target, control, paddingLength: padding.length } });
    const report = new Promise<{ problems: string[]; problemCount: number; generationsSeen: number }>((resolve, reject) => {
      reader.once('message', resolve);
      reader.once('error', reject);
    });

    while (Atomics.load(control, 1) < 10) await sleep(1);
    for (let n = 1; n <= 200; n++) {
      const result = await writeAtomically(target, version(n));
      assert.equal(result.written, true);
    }
    await sleep(20);
    Atomics.store(control, 0, 1);
    const { problems, problemCount, generationsSeen } = await report;
    await reader.terminate();

    assert.deepEqual({ problems, problemCount }, { problems: [], problemCount: 0 });
    assert.ok(generationsSeen > 1, `the reader saw ${generationsSeen} generation(s): the test did not interleave`);
    assert.ok(Atomics.load(control, 1) > 200, `only ${Atomics.load(control, 1)} reads`);
    assert.equal(await readFile(join(target, 'c'), 'utf8'), '200');
  });
});
