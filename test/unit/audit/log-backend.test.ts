import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openLogBackend } from '../../../src/audit/log-backend.js';

const dir = () => mkdtempSync(join(tmpdir(), 'arca-audit-'));

describe('audit log backend', () => {
  it('writes one JSON line per event and rotates by size, keeping maxBackups files', () => {
    const d = dir();
    const path = join(d, 'audit.log');
    let clock = Date.UTC(2024, 0, 2, 3, 4, 5, 6);
    const backend = openLogBackend({ path, mode: 'blocking', maxSizeBytes: 30, maxBackups: 2, now: () => new Date(clock++) });
    for (let i = 0; i < 5; i++) assert.equal(backend.process({ n: i, pad: 'xxxxxxxxxx' }), true); // 25 bytes a line
    backend.close();
    assert.deepEqual(readdirSync(d).sort(), ['audit-2024-01-02T03-04-05.008.log', 'audit-2024-01-02T03-04-05.009.log', 'audit.log']);
    assert.equal(readFileSync(join(d, 'audit-2024-01-02T03-04-05.008.log'), 'utf8'), '{"n":2,"pad":"xxxxxxxxxx"}\n');
    assert.equal(readFileSync(join(d, 'audit-2024-01-02T03-04-05.009.log'), 'utf8'), '{"n":3,"pad":"xxxxxxxxxx"}\n');
    assert.equal(readFileSync(path, 'utf8'), '{"n":4,"pad":"xxxxxxxxxx"}\n');
  });

  it('reports a failed write, and only blocking-strict makes it fatal', () => {
    const d = dir();
    writeFileSync(join(d, 'file'), '');
    const path = join(d, 'file', 'audit.log'); // a parent that is a file: no write succeeds, even as root
    const logged: string[] = [];
    const strict = openLogBackend({ path, mode: 'blocking-strict', log: (m) => logged.push(m) });
    assert.equal(strict.strict, true);
    assert.equal(strict.process({ a: 1 }), false);
    assert.deepEqual(logged, [`Error in audit plugin 'log' affecting 1 audit events: ENOTDIR: not a directory, open '${path}'`]);
    assert.equal(openLogBackend({ path, mode: 'blocking', log: () => {} }).strict, false);
  });

  it('batch mode queues events and writes them on close', () => {
    const path = join(dir(), 'audit.log');
    const backend = openLogBackend({ path, mode: 'batch', batchMaxWaitMs: 60_000 });
    assert.equal(backend.process({ a: 1 }), true);
    assert.equal(backend.process({ a: 2 }), true);
    assert.throws(() => readFileSync(path), { code: 'ENOENT' });
    backend.close();
    assert.equal(readFileSync(path, 'utf8'), '{"a":1}\n{"a":2}\n');
  });
});
