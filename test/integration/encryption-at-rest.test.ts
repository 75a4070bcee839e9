// Secrets are encrypted at rest by default: the raw SQLite file holds no byte of a Secret's
// value, while the API returns it intact; ConfigMaps (not listed) stay plaintext.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startArcaServerProcess, type ArcaProcess } from '../helpers/arca-process.js';
import { rawRequest } from '../helpers/http.js';

let arca: ArcaProcess | undefined;
after(async () => { await arca?.cleanup(); });

/** Every byte SQLite has written: the database file and its WAL. */
function rawStorage(dataDir: string): Buffer {
  return Buffer.concat(readdirSync(dataDir).filter((f) => f.startsWith('arca.db')).map((f) => readFileSync(join(dataDir, f))));
}

describe('encryption at rest', () => {
  it('stores no plaintext Secret byte, by default', async () => {
    arca = await startArcaServerProcess();
    const secretValue = 'correct-horse-battery-staple-7f3a9c';
    const configValue = 'plain-config-value-5b1e2d';
    const created = await rawRequest(arca.url, 'POST', '/api/v1/namespaces/default/secrets',
      JSON.stringify({ metadata: { name: 'db-creds' }, stringData: { password: secretValue } }));
    assert.equal(created.status, 201);
    await rawRequest(arca.url, 'POST', '/api/v1/namespaces/default/configmaps',
      JSON.stringify({ metadata: { name: 'settings' }, data: { value: configValue } }));
    const read = await rawRequest(arca.url, 'GET', '/api/v1/namespaces/default/secrets/db-creds');
    assert.equal(Buffer.from(read.json().data.password, 'base64').toString(), secretValue);

    const config = readFileSync(join(arca.dataDir, 'encryption-config.yaml'), 'utf8');
    assert.match(config, /^kind: EncryptionConfiguration$/m);
    assert.equal(statSync(join(arca.dataDir, 'encryption-config.yaml')).mode & 0o777, 0o600);

    await arca.stop();
    const raw = rawStorage(arca.dataDir);
    assert.equal(raw.includes(Buffer.from(secretValue)), false, 'the secret value is stored in plaintext');
    assert.equal(raw.includes(Buffer.from(Buffer.from(secretValue).toString('base64'))), false, 'the secret value is stored base64-encoded');
    assert.equal(raw.includes(Buffer.from('k8s:enc:arca-envelope:v1:key1:')), true);
    assert.equal(raw.includes(Buffer.from(configValue)), true, 'ConfigMaps are not encrypted by the default config');
  });
});
