// Storage that cannot be opened at start-up ends `arca` with one `error:` line and exit status 1,
// not a stack trace.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ARCA_MAIN, startArcaServerProcess, tempDir } from '../helpers/arca-process.js';
import { freePorts } from '../helpers/etcd.js';

interface Exit { code: number | null; stderr: string }

function runArca(args: string[]): Promise<Exit> {
  const child = spawn(process.execPath, [ARCA_MAIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })));
}

describe('arca start-up failures', () => {
  it('etcd that cannot be reached: one error line naming the endpoint, exit status 1', async () => {
    const dataDir = tempDir();
    const [port] = await freePorts(1);
    const endpoint = `http://127.0.0.1:${port}`;
    try {
      const exit = await runArca(['server', '--data-dir', dataDir, '--port', '0', '--storage', 'etcd', '--etcd-servers', endpoint]);
      assert.equal(exit.code, 1);
      // Before it: the lines saying which certificates were made for the new data directory.
      const lines = exit.stderr.trimEnd().split('\n');
      assert.deepEqual(lines.slice(0, -1).map((line) => line.split(' ')[0]), ['generated', 'issued', 'issued']);
      assert.match(lines.at(-1)!, new RegExp(`^error: etcd is unavailable at ${endpoint}: 14 UNAVAILABLE: [^\n]+$`));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a data directory another arca is serving: one error line, exit status 1', async () => {
    const running = await startArcaServerProcess();
    try {
      const exit = await runArca(['server', '--data-dir', running.dataDir, '--port', '0']);
      assert.equal(exit.code, 1);
      assert.equal(exit.stderr, `error: ${join(running.dataDir, 'arca.db')} is in use by another process\n`);
    } finally {
      await running.cleanup();
    }
  });
});
