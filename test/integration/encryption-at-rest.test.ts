// Secrets are encrypted at rest by default, on each storage backend: the raw SQLite file, and the raw values
// in etcd (read with an etcd client, not through Arca), hold no byte of a Secret's value, while the API
// returns it intact; ConfigMaps (not listed in the default EncryptionConfiguration) stay plaintext.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { Etcd3 } from 'etcd3';
import { startArcaServerProcess, type ArcaProcess } from '../helpers/arca-process.js';
import { startEtcd, type EtcdProcess } from '../helpers/etcd.js';
import { rawRequest } from '../helpers/http.js';

const SECRET_VALUE = 'correct-horse-battery-staple-7f3a9c';
const CONFIG_VALUE = 'plain-config-value-5b1e2d';
/** The default config's first provider and key: arca-envelope, key1. */
const STORED_SECRET_PREFIX = 'k8s:enc:arca-envelope:v1:key1:';

let arca: ArcaProcess | undefined;
let etcd: EtcdProcess | undefined;
let etcdClient: Etcd3 | undefined;
afterEach(async () => {
  etcdClient?.close();
  await arca?.cleanup();
  await etcd?.stop();
  [arca, etcd, etcdClient] = [undefined, undefined, undefined];
});

/** Every byte SQLite has written: the database file and its WAL. */
function rawSqlite(dataDir: string): Buffer {
  return Buffer.concat(readdirSync(dataDir).filter((f) => f.startsWith('arca.db')).map((f) => readFileSync(join(dataDir, f))));
}

/** Creates the Secret `db-creds` and the ConfigMap `settings` in default, and reads the Secret back intact. */
async function writeSecretAndConfigMap(server: ArcaProcess): Promise<void> {
  const created = await rawRequest(server.url, 'POST', '/api/v1/namespaces/default/secrets',
    JSON.stringify({ metadata: { name: 'db-creds' }, stringData: { password: SECRET_VALUE } }));
  assert.equal(created.status, 201);
  const config = await rawRequest(server.url, 'POST', '/api/v1/namespaces/default/configmaps',
    JSON.stringify({ metadata: { name: 'settings' }, data: { value: CONFIG_VALUE } }));
  assert.equal(config.status, 201);
  const read = await rawRequest(server.url, 'GET', '/api/v1/namespaces/default/secrets/db-creds');
  assert.equal(Buffer.from(read.json().data.password, 'base64').toString(), SECRET_VALUE);
}

function assertNoSecretPlaintext(raw: Buffer): void {
  assert.equal(raw.includes(Buffer.from(SECRET_VALUE)), false, 'the secret value is stored in plaintext');
  assert.equal(raw.includes(Buffer.from(Buffer.from(SECRET_VALUE).toString('base64'))), false, 'the secret value is stored base64-encoded');
}

describe('encryption at rest', () => {
  it('stores no plaintext Secret byte in SQLite, by default', async () => {
    arca = await startArcaServerProcess({ backend: 'sqlite' });
    await writeSecretAndConfigMap(arca);

    const config = readFileSync(join(arca.dataDir, 'encryption-config.yaml'), 'utf8');
    assert.match(config, /^kind: EncryptionConfiguration$/m);
    assert.equal(statSync(join(arca.dataDir, 'encryption-config.yaml')).mode & 0o777, 0o600);

    await arca.stop();
    const raw = rawSqlite(arca.dataDir);
    assertNoSecretPlaintext(raw);
    assert.equal(raw.includes(Buffer.from(STORED_SECRET_PREFIX)), true);
    assert.equal(raw.includes(Buffer.from(CONFIG_VALUE)), true, 'ConfigMaps are not encrypted by the default config');
  });

  it('stores no plaintext Secret byte in etcd, by default: every stored Secret starts with the envelope prefix', async () => {
    etcd = await startEtcd();
    arca = await startArcaServerProcess({ backend: 'etcd', etcdEndpoint: etcd.endpoint });
    await writeSecretAndConfigMap(arca);

    etcdClient = new Etcd3({ hosts: etcd.endpoint });
    const stored = await etcdClient.getAll().prefix('/arca/').buffers();
    const secretKeys = Object.keys(stored).filter((key) => key.startsWith('/arca/registry/secrets/'));
    assert.deepEqual(secretKeys, ['/arca/registry/secrets/default/db-creds']);
    for (const key of secretKeys) assert.equal(stored[key]!.subarray(0, STORED_SECRET_PREFIX.length).toString(), STORED_SECRET_PREFIX);
    assertNoSecretPlaintext(Buffer.concat(Object.values(stored)));
    const configMap = JSON.parse(stored['/arca/registry/configmaps/default/settings']!.toString()) as { data: Record<string, string> };
    assert.deepEqual(configMap.data, { value: CONFIG_VALUE }, 'ConfigMaps are not encrypted by the default config');
  });
});
