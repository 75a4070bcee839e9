// arca backup / restore / migrate end to end: objects written through a real server come back,
// byte for byte, from a SQLite data directory and from etcd, each served by a new server.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ARCA_MAIN, startArcaServerProcess, tempDir, type ArcaProcess } from '../helpers/arca-process.js';
import { startEtcd, type EtcdProcess } from '../helpers/etcd.js';
import { rawRequest } from '../helpers/http.js';

interface Run { code: number; stdout: string; stderr: string }

/** Runs the arca CLI to completion, its output a pipe (so progress comes as plain lines). */
function arca(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ARCA_MAIN, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The plain progress lines of a phase over `total` keys: 0, each tenth, and the end. */
function progressLines(label: string, total: number): string {
  return Array.from({ length: 11 }, (_, tenth) => `${label}: ${Math.ceil((tenth * total) / 10)}/${total}\n`).join('');
}

const REMINDER = 'values encrypted at rest were copied encrypted: serve this data with the encryption-config.yaml (and the pki/) of the server that wrote it';

const CONFIGMAPS = 12;

async function post(url: string, path: string, body: object): Promise<void> {
  const answer = await rawRequest(url, 'POST', path, JSON.stringify(body));
  assert.equal(answer.status, 201, answer.text);
}

/** What must survive: namespace names, ConfigMaps' and Secrets' names and data, in a comparable form. */
async function visibleState(url: string): Promise<object> {
  const list = async (path: string) => {
    const answer = await rawRequest(url, 'GET', path);
    assert.equal(answer.status, 200, answer.text);
    return answer.json().items as { metadata: { name: string; namespace?: string }; data?: Record<string, string> }[];
  };
  const named = (items: Awaited<ReturnType<typeof list>>) => items
    .map((o) => ({ name: `${o.metadata.namespace ?? ''}/${o.metadata.name}`, data: o.data }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    namespaces: (await list('/api/v1/namespaces')).map((o) => o.metadata.name).sort(),
    configmaps: named(await list('/api/v1/configmaps')).filter((o) => o.name.startsWith('team-a/') || o.name.startsWith('default/')),
    secrets: named(await list('/api/v1/namespaces/team-a/secrets')).filter((o) => o.name === 'team-a/db' || o.name === 'team-a/api'),
  };
}

describe('arca backup, restore, migrate', () => {
  let source: ArcaProcess;
  let expected: object;
  let sourceDir: string;
  const file = join(tempDir('arca-backup-file-'), 'arca.backup.gz');
  const cleanups: (() => Promise<void> | void)[] = [];
  let keys = 0;

  before(async () => {
    source = await startArcaServerProcess();
    sourceDir = source.dataDir;
    await post(source.url, '/api/v1/namespaces', { metadata: { name: 'team-a' } });
    for (let i = 0; i < CONFIGMAPS; i++) {
      await post(source.url, '/api/v1/namespaces/team-a/configmaps', { metadata: { name: `cm-${i}` }, data: { index: String(i) } });
    }
    await post(source.url, '/api/v1/namespaces/default/configmaps', { metadata: { name: 'settings' }, data: { 'a.conf': 'x=1\n' } });
    await post(source.url, '/api/v1/namespaces/team-a/secrets', { metadata: { name: 'db' }, stringData: { password: 's3cret-\u00e9' } });
    await post(source.url, '/api/v1/namespaces/team-a/secrets', { metadata: { name: 'api' }, data: { token: Buffer.from([0, 1, 254, 255]).toString('base64') } });
    expected = await visibleState(source.url);
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await source.cleanup();
    rmSync(join(file, '..'), { recursive: true, force: true });
  });

  /**
   * A server on `dataDir` serves exactly what the source served, given the source's pki/ (else
   * kube-root-ca.crt is rewritten with a new CA) and encryption configuration (else Secrets do
   * not decrypt), as the README tells users to keep with a backup.
   */
  async function assertServesSameObjects(dataDir: string, args: string[] = []): Promise<void> {
    for (const name of ['pki', 'encryption-config.yaml']) {
      if (!existsSync(join(dataDir, name))) cpSync(join(sourceDir, name), join(dataDir, name), { recursive: true });
    }
    const server = await startArcaServerProcess({ dataDir, args });
    try {
      assert.deepEqual(await visibleState(server.url), expected);
    } finally {
      await server.stop();
    }
  }

  it('refuses to back up a SQLite data directory while its server runs', async () => {
    const run = await arca(['backup', '--data-dir', sourceDir, '--to', file]);
    assert.deepEqual(run, {
      code: 1, stdout: '',
      stderr: `error: ${join(sourceDir, 'arca.db')} is in use by a running Arca server: stop it first (a SQLite data directory is copied with its server stopped; an etcd-backed server may keep running)\n`,
    });
  });

  it('backs up a stopped server\'s data directory, with plain progress lines off a terminal', async () => {
    await source.stop();
    const run = await arca(['backup', '--data-dir', sourceDir, '--to', file]);
    assert.equal(run.code, 0, run.stderr);
    const wrote = /^wrote (\d+) keys at revision (\d+) to (.*)\n/.exec(run.stdout);
    assert.ok(wrote, run.stdout);
    keys = Number(wrote[1]);
    assert.ok(keys > CONFIGMAPS + 3);
    assert.equal(run.stdout, `wrote ${keys} keys at revision ${wrote[2]} to ${file}\nverified: ${keys} keys, identical\n${REMINDER}\n`);
    assert.equal(run.stderr, progressLines('backing up', keys) + progressLines('verifying', keys));
  });

  it('restores into a new SQLite data directory, served unchanged', async () => {
    const target = tempDir('arca-restored-');
    cleanups.push(() => rmSync(target, { recursive: true, force: true }));
    const run = await arca(['restore', '--from', file, '--data-dir', target]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^restored ${keys} keys \\(backup of revision \\d+, taken \\S+\\) into sqlite:${target}\nverified: ${keys} keys, identical\n`));
    assert.equal(run.stderr, progressLines('restoring', keys) + progressLines('verifying', keys));
    await assertServesSameObjects(target);

    const again = await arca(['restore', '--from', file, '--data-dir', target]);
    assert.deepEqual(again, {
      code: 1, stdout: '',
      stderr: `error: sqlite:${target} is not empty: it holds ${keys} keys under /registry/; restore only into an empty store (a new data directory, or an etcd prefix nothing uses)\n`,
    });
  });

  it('restores into a fresh etcd, served unchanged', async () => {
    const etcd: EtcdProcess = await startEtcd();
    const dataDir = tempDir('arca-etcd-server-');
    cleanups.push(() => etcd.stop(), () => rmSync(dataDir, { recursive: true, force: true }));
    const run = await arca(['restore', '--from', file, '--storage', 'etcd', '--etcd-servers', etcd.endpoint]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`into etcd:${etcd.endpoint} \\(prefix /arca\\)\nverified: ${keys} keys, identical\n`));
    await assertServesSameObjects(dataDir, ['--storage', 'etcd', '--etcd-servers', etcd.endpoint]);
  });

  it('migrates sqlite to etcd, copying pki/ and the encryption configuration', async () => {
    const etcd = await startEtcd();
    const dataDir = join(tempDir('arca-migrated-'), 'data');
    cleanups.push(() => etcd.stop(), () => rmSync(join(dataDir, '..'), { recursive: true, force: true }));
    const run = await arca(['migrate', '--from', `sqlite:${sourceDir}`, '--to', `etcd:${etcd.endpoint}`, '--target-data-dir', dataDir]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^copied ${keys} keys \\(source revision \\d+\\) into etcd:${etcd.endpoint} \\(prefix /arca\\)\n`));
    assert.equal(run.stdout.split('\n').slice(1).join('\n'), [
      `verified: ${keys} keys, identical`,
      `copied ${join(sourceDir, 'pki')} to ${join(dataDir, 'pki')}`,
      `copied ${join(sourceDir, 'encryption-config.yaml')} to ${join(dataDir, 'encryption-config.yaml')}`,
      '',
    ].join('\n'));
    assert.equal(run.stderr, progressLines('copying', keys) + progressLines('verifying', keys));
    assert.equal(existsSync(join(dataDir, 'pki', 'ca.crt')), true);
    await assertServesSameObjects(dataDir, ['--storage', 'etcd', '--etcd-servers', etcd.endpoint]);

    const again = await arca(['migrate', '--from', `sqlite:${sourceDir}`, '--to', `etcd:${etcd.endpoint}`]);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, `error: etcd:${etcd.endpoint} (prefix /arca) is not empty: it holds ${keys} keys under /registry/; restore only into an empty store (a new data directory, or an etcd prefix nothing uses)\n`);
  });
});
