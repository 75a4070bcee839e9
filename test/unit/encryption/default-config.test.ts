import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEncryptionConfig } from '../../../src/encryption/config.js';
import { addRotationKey, defaultEncryptionConfigText, ensureDefaultEncryptionConfig } from '../../../src/encryption/default-config.js';
import { loadEncryptionTransformer } from '../../../src/encryption/transformer.js';

const secretKey = '/registry/secrets/default/db';
const plaintext = Buffer.from('{"kind":"Secret","data":{"token":"c2VjcmV0"}}');
const fileMode = async (path: string) => (await stat(path)).mode & 0o777;
const startsWith = (value: Uint8Array, prefix: string) => Buffer.from(value).toString('latin1').startsWith(prefix);

describe('ensureDefaultEncryptionConfig', () => {
  let dataDir: string;
  beforeEach(async () => { dataDir = join(await mkdtemp(join(tmpdir(), 'arca-encryption-')), 'data'); });
  afterEach(async () => { await rm(join(dataDir, '..'), { recursive: true, force: true }); });

  it('writes an owner-only config encrypting Secrets with a fresh 32-byte arcaEnvelope key, identity second', async () => {
    const path = await ensureDefaultEncryptionConfig(dataDir);
    assert.equal(path, join(dataDir, 'encryption-config.yaml'));
    assert.equal(await fileMode(path), 0o600);
    const config = await loadEncryptionConfig(path);
    const [entry] = config.resources;
    assert.deepEqual(entry!.resources, ['secrets']);
    assert.deepEqual(entry!.providers[1], { identity: {} });
    const [key] = entry!.providers[0]!.arcaEnvelope!.keys;
    assert.equal(key!.name, 'key1');
    assert.equal(Buffer.from(key!.secret, 'base64').length, 32);
    assert.equal(await readFile(path, 'utf8'), defaultEncryptionConfigText(key!.secret));
  });

  it('reuses the file on later starts and never replaces it, even when starts race', async () => {
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => ensureDefaultEncryptionConfig(dataDir)));
    assert.deepEqual(new Set(results), new Set([join(dataDir, 'encryption-config.yaml')]));
    const first = await readFile(results[0]!, 'utf8');
    await ensureDefaultEncryptionConfig(dataDir);
    assert.equal(await readFile(results[0]!, 'utf8'), first);
    assert.deepEqual(await readdir(dataDir), ['encryption-config.yaml']);
  });

  it('keeps a configuration the operator put there', async () => {
    await ensureDefaultEncryptionConfig(dataDir);
    const path = join(dataDir, 'encryption-config.yaml');
    const own = 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources: []\n';
    await writeFile(path, own);
    assert.equal(await ensureDefaultEncryptionConfig(dataDir), path);
    assert.equal(await readFile(path, 'utf8'), own);
  });

  it('gives a transformer that encrypts Secrets and leaves ConfigMaps alone', async () => {
    const transformer = await loadEncryptionTransformer(await ensureDefaultEncryptionConfig(dataDir));
    assert.ok(startsWith(transformer.toStorage(plaintext, secretKey), 'k8s:enc:arca-envelope:v1:key1:'));
    assert.deepEqual(Buffer.from(transformer.toStorage(plaintext, '/registry/configmaps/default/c')), plaintext);
  });
});

describe('addRotationKey', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'arca-rotation-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('puts a new key first, keeps the old ones and the comments, and keeps the file owner-only', async () => {
    const path = await ensureDefaultEncryptionConfig(dir);
    const before = await loadEncryptionTransformer(path);
    const oldValue = before.toStorage(plaintext, secretKey);
    const original = await readFile(path, 'utf8');

    assert.equal(await addRotationKey(path), 'key2');
    assert.equal(await fileMode(path), 0o600);
    const rotatedText = await readFile(path, 'utf8');
    assert.ok(rotatedText.startsWith(original.slice(0, original.indexOf('apiVersion'))), 'header comments kept');
    const keys = (await loadEncryptionConfig(path)).resources[0]!.providers[0]!.arcaEnvelope!.keys;
    assert.deepEqual(keys.map((k) => k.name), ['key2', 'key1']);
    assert.equal(keys[1]!.secret, (/secret: (\S+)/.exec(original))![1]);
    assert.notEqual(keys[0]!.secret, keys[1]!.secret);
    assert.equal(Buffer.from(keys[0]!.secret, 'base64').length, 32);

    const after = await loadEncryptionTransformer(path);
    assert.deepEqual(Buffer.from(after.fromStorage(oldValue, secretKey)), plaintext);
    assert.equal(after.needsRewrite(oldValue, secretKey), true);
    const newValue = after.toStorage(plaintext, secretKey);
    assert.ok(startsWith(newValue, 'k8s:enc:arca-envelope:v1:key2:'));
    assert.equal(after.needsRewrite(newValue, secretKey), false);

    assert.equal(await addRotationKey(path), 'key3');
    assert.deepEqual((await loadEncryptionConfig(path)).resources[0]!.providers[0]!.arcaEnvelope!.keys.map((k) => k.name), ['key3', 'key2', 'key1']);
  });

  it('rotates every entry written by a keyed provider in a JSON file', async () => {
    const path = join(dir, 'config.json');
    const secret = Buffer.alloc(32, 1).toString('base64');
    await writeFile(path, JSON.stringify({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'EncryptionConfiguration',
      resources: [
        { resources: ['secrets'], providers: [{ aesgcm: { keys: [{ name: 'primary', secret }] } }] },
        { resources: ['configmaps'], providers: [{ identity: {} }] },
        { resources: ['*.example.com'], providers: [{ secretbox: { keys: [{ name: 'key7', secret }] } }] },
      ],
    }));
    assert.equal(await addRotationKey(path), 'key8');
    const config = await loadEncryptionConfig(path);
    assert.deepEqual(config.resources[0]!.providers[0]!.aesgcm!.keys.map((k) => k.name), ['key8', 'primary']);
    assert.deepEqual(config.resources[1]!.providers, [{ identity: {} }]);
    assert.deepEqual(config.resources[2]!.providers[0]!.secretbox!.keys.map((k) => k.name), ['key8', 'key7']);
    assert.notEqual(config.resources[0]!.providers[0]!.aesgcm!.keys[0]!.secret, config.resources[2]!.providers[0]!.secretbox!.keys[0]!.secret);
  });

  it('refuses a configuration with nothing to rotate', async () => {
    const path = join(dir, 'plain.yaml');
    await writeFile(path, 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - identity: {}\n');
    await assert.rejects(addRotationKey(path), {
      name: 'EncryptionConfigError',
      message: `no resource in ${path} is written by a provider with keys: there is no key to rotate`,
    });
  });
});
