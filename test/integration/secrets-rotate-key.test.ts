// `arca secrets rotate-key` against a running `arca up` while a writer keeps creating and
// updating Secrets, on each storage backend: nothing is lost, every Secret reads back, and afterwards
// the raw storage (the SQLite file; etcd read with its own client) holds every Secret under the new key only.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Etcd3 } from 'etcd3';
import { clientFromKubeconfig, type ApiClient } from '../../src/cli/kubeconfig-client.js';
import { ARCA_MAIN, startArcaUpProcess, type ArcaUpProcess, type Backend } from '../helpers/arca-process.js';
import { startEtcd, type EtcdProcess } from '../helpers/etcd.js';

let arca: ArcaUpProcess | undefined;
let etcd: EtcdProcess | undefined;
afterEach(async () => {
  await arca?.cleanup();
  await etcd?.stop();
  [arca, etcd] = [undefined, undefined];
});

const b64 = (s: string) => Buffer.from(s).toString('base64');
const secretPath = (name: string) => `/api/v1/namespaces/default/secrets/${name}`;

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [ARCA_MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** Creates and updates Secrets until stopped; remembers the last value each one was given. */
function startWriter(client: ApiClient, expected: Map<string, string>) {
  let stop = false;
  let writes = 0;
  const done = (async () => {
    for (let i = 0; !stop; i++) {
      const name = `w-${i}`;
      const value = `created-${i}`;
      const created = await client.request('POST', '/api/v1/namespaces/default/secrets', { metadata: { name }, data: { v: b64(value) } });
      assert.equal(created.status, 201, created.body);
      expected.set(name, value);
      const target = `seed-${i % 20}`;
      const current = (await client.request('GET', secretPath(target))).json();
      const updatedValue = `updated-${i}`;
      const updated = await client.request('PUT', secretPath(target), { ...current, data: { v: b64(updatedValue) } });
      if (updated.status === 200) expected.set(target, updatedValue);
      else assert.equal(updated.status, 409, updated.body); // the rotation rewrote it in between
      writes += 2;
    }
  })();
  return { async stop() { stop = true; await done; return writes; } };
}

/** Every stored Secret's key and raw value, read from the backend itself (Arca stopped first, for SQLite). */
async function rawSecrets(backend: Backend, server: ArcaUpProcess): Promise<{ key: string; value: Buffer }[]> {
  if (backend === 'etcd') {
    const client = new Etcd3({ hosts: etcd!.endpoint });
    try {
      return Object.entries(await client.getAll().prefix('/arca/registry/secrets/').buffers()).map(([key, value]) => ({ key, value }));
    } finally {
      client.close();
    }
  }
  await server.stop();
  const db = new Database(join(server.dataDir, 'arca.db'), { readonly: true });
  try {
    return db.prepare("SELECT c.key, l.value FROM current c JOIN log l ON l.revision = c.revision WHERE c.key LIKE '/registry/secrets/%'").all() as { key: string; value: Buffer }[];
  } finally {
    db.close();
  }
}

describe('arca secrets rotate-key', () => {
  for (const backend of ['sqlite', 'etcd'] as const) it(`re-encrypts every Secret under a new key while a writer runs, losing nothing [${backend}]`, async () => {
    if (backend === 'etcd') etcd = await startEtcd();
    arca = await startArcaUpProcess({ backend, etcdEndpoint: etcd?.endpoint });
    const client = await clientFromKubeconfig(arca.kubeconfig);
    const expected = new Map<string, string>();
    for (let i = 0; i < 20; i++) {
      const r = await client.request('POST', '/api/v1/namespaces/default/secrets', { metadata: { name: `seed-${i}` }, stringData: { v: `seed-${i}` } });
      assert.equal(r.status, 201, r.body);
      expected.set(`seed-${i}`, `seed-${i}`);
    }
    const writer = startWriter(client, expected);
    const rotated = await runCli(['secrets', 'rotate-key', '--data-dir', arca.dataDir]);
    const writes = await writer.stop();

    assert.equal(rotated.code, 0, rotated.stderr);
    const lines = rotated.stdout.split('\n');
    assert.equal(lines[0], `added key key2 to ${join(arca.dataDir, 'encryption-config.yaml')}`);
    assert.equal(lines[1], `${arca.url} now writes with key2`);
    assert.match(lines[2]!, /^done: every Secret is stored under key2 \(\d+ rewritten\)$/);
    assert.match(rotated.stderr, /^re-encrypting Secrets: 0\/\d+\n/, 'plain progress lines when not on a terminal');
    assert.ok(writes > 0);

    for (const [name, value] of expected) {
      const read = await client.request('GET', secretPath(name));
      assert.equal(read.status, 200, `${name}: ${read.body}`);
      assert.equal(Buffer.from(read.json().data.v, 'base64').toString(), value, name);
    }
    const listed = (await client.request('GET', '/api/v1/namespaces/default/secrets')).json().items;
    assert.equal(listed.length, expected.size);

    const rows = await rawSecrets(backend, arca);
    assert.ok(rows.length >= expected.size);
    const notUnderKey2 = rows.filter((r) => !r.value.subarray(0, 30).toString('latin1').startsWith('k8s:enc:arca-envelope:v1:key2:')).map((r) => r.key);
    assert.deepEqual(notUnderKey2, []);
  });

  it('says which credentials are missing', async () => {
    const r = await runCli(['secrets', 'rotate-key', '--data-dir', '/nonexistent-arca-dir']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "error: ENOENT: no such file or directory, open '/nonexistent-arca-dir/kubeconfig'\n");
  });
});
