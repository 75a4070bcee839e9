import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EncryptionConfiguration, ProviderConfiguration } from '../../../src/encryption/config.js';
import { createEncryptionTransformer } from '../../../src/encryption/transformer.js';
import type { KeyedProviderField } from '../../../src/encryption/providers/catalog.js';
import { ObjectCodec } from '../../../src/registry/codec.js';
import { resourceDefinitions } from '../../../src/resources/registry.js';
import type { ResourceDefinition } from '../../../src/resources/types.js';
import { fixedRandom, hex, singleBitFlips } from './fixed-random.js';

const secretKey = '/registry/secrets/default/db';
const otherSecretKey = '/registry/secrets/default/other';
const configMapKey = '/registry/configmaps/default/settings';
const plaintext = Buffer.from('{"kind":"Secret","data":{"password":"aHVudGVyMg=="}}');

const secret = (fill: number, size = 32) => Buffer.alloc(size, fill).toString('base64');
const keyed = (field: KeyedProviderField, ...keys: Array<[string, string]>): ProviderConfiguration =>
  ({ [field]: { keys: keys.map(([name, value]) => ({ name, secret: value })) } });
const identity: ProviderConfiguration = { identity: {} };
const configOf = (...entries: Array<[string[], ProviderConfiguration[]]>): EncryptionConfiguration => ({
  apiVersion: 'apiserver.config.k8s.io/v1',
  kind: 'EncryptionConfiguration',
  resources: entries.map(([resources, providers]) => ({ resources, providers })),
});
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

const ALL_PROVIDERS: Array<{ field: KeyedProviderField; prefix: string }> = [
  { field: 'aesgcm', prefix: 'k8s:enc:aesgcm:v1:' },
  { field: 'aescbc', prefix: 'k8s:enc:aescbc:v1:' },
  { field: 'secretbox', prefix: 'k8s:enc:secretbox:v1:' },
  { field: 'arcaEnvelope', prefix: 'k8s:enc:arca-envelope:v1:' },
];

describe('createEncryptionTransformer: stored format', () => {
  it('writes k8s:enc:aesgcm:v1:<key name>: followed by the nonce, ciphertext and tag', () => {
    const transformer = createEncryptionTransformer(configOf([['secrets'], [keyed('aesgcm', ['key1', Buffer.alloc(32, 'c').toString('base64')])]]), {
      random: fixedRandom(hex('000102030405060708090a0b')),
    });
    const stored = Buffer.from(transformer.toStorage(plaintext, secretKey));
    assert.deepEqual(stored, Buffer.concat([
      Buffer.from('k8s:enc:aesgcm:v1:key1:'),
      hex('000102030405060708090a0bfcfb4cc58deb94d752e5fe9a7011a2b406ab1f32bc3fae6954d03c126d961967ec092195c479ee0001331b5079a6f5386de62f9e7d2beb66201670002925888ba1b014f7'),
    ]));
  });

  it('reads a secretbox value laid out as kube-apiserver writes it', () => {
    // Go's NaCl vector: key 0x01×32, nonce 0x02×24, message 0x03×64.
    const stored = Buffer.concat([
      Buffer.from('k8s:enc:secretbox:v1:key1:'),
      Buffer.alloc(24, 2),
      hex('8442bc313f4626f1359e3b50122b6ce6fe66ddfe7d39d14e637eb4fd5b45beadab55198df6ab5368439792a23c87db70acb6156dc5ef957ac04f6276cf6093b84be77ff0849cc33e34b7254d5a8f65ad'),
    ]);
    const transformer = createEncryptionTransformer(configOf([['secrets'], [keyed('secretbox', ['key1', secret(1)])]]));
    assert.deepEqual(Buffer.from(transformer.fromStorage(stored, secretKey)), Buffer.alloc(64, 3));
  });

  for (const { field, prefix } of ALL_PROVIDERS) {
    it(`${field}: round-trips behind ${prefix}key1: and never stores the plaintext's bytes`, () => {
      const transformer = createEncryptionTransformer(configOf([['secrets'], [keyed(field, ['key1', secret(5)]), identity]]));
      const stored = transformer.toStorage(plaintext, secretKey);
      assert.ok(text(stored).startsWith(`${prefix}key1:`), text(stored));
      assert.deepEqual(Buffer.from(transformer.fromStorage(stored, secretKey)), plaintext);
      // No 8-byte run of the plaintext survives anywhere in the stored value.
      for (let i = 0; i + 8 <= plaintext.length; i++) {
        assert.equal(Buffer.from(stored).indexOf(plaintext.subarray(i, i + 8)), -1, `plaintext bytes ${i}..${i + 8} stored in clear`);
      }
    });
  }

  it('encrypts a Secret written through the object codec, and reads it back', async () => {
    const codec = new ObjectCodec(createEncryptionTransformer(configOf([['secrets'], [keyed('arcaEnvelope', ['key1', secret(5)])]])));
    const object = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, data: { password: 'aHVudGVyMg==' } };
    const value = await codec.encode(object, secretKey);
    assert.ok(text(value).startsWith('k8s:enc:arca-envelope:v1:key1:'));
    assert.equal(text(value).includes('aHVudGVyMg=='), false);
    const decoded = await codec.decode({ key: secretKey, value, createRevision: 4, modRevision: 7 });
    assert.deepEqual(decoded, { ...object, metadata: { ...object.metadata, resourceVersion: '7' } });
  });
});

describe('createEncryptionTransformer: which provider reads', () => {
  it('stores resources no entry lists as they are, and refuses to read encrypted values for them', () => {
    const transformer = createEncryptionTransformer(configOf([['secrets'], [keyed('aesgcm', ['key1', secret(1)])]]));
    const configMap = Buffer.from('{"kind":"ConfigMap"}');
    assert.equal(transformer.toStorage(configMap, configMapKey), configMap);
    assert.equal(transformer.fromStorage(configMap, configMapKey), configMap);
    const encrypted = transformer.toStorage(plaintext, secretKey);
    assert.throws(() => transformer.fromStorage(encrypted, configMapKey), { message: 'identity transformer tried to read encrypted data' });
  });

  it('reads plaintext written before encryption when identity is listed, and refuses it otherwise', () => {
    const withIdentity = createEncryptionTransformer(configOf([['secrets'], [keyed('aesgcm', ['key1', secret(1)]), identity]]));
    assert.deepEqual(Buffer.from(withIdentity.fromStorage(plaintext, secretKey)), plaintext);
    const without = createEncryptionTransformer(configOf([['secrets'], [keyed('aesgcm', ['key1', secret(1)])]]));
    assert.throws(() => without.fromStorage(plaintext, secretKey), { name: 'TransformError', message: 'no matching prefix found' });
  });

  it('with identity first, writes plaintext and still reads encrypted values (moving away from encryption)', () => {
    const encrypting = createEncryptionTransformer(configOf([['secrets'], [keyed('secretbox', ['key1', secret(1)])]]));
    const decrypting = createEncryptionTransformer(configOf([['secrets'], [identity, keyed('secretbox', ['key1', secret(1)])]]));
    const encrypted = encrypting.toStorage(plaintext, secretKey);
    assert.deepEqual(Buffer.from(decrypting.fromStorage(encrypted, secretKey)), plaintext);
    assert.deepEqual(Buffer.from(decrypting.toStorage(plaintext, secretKey)), plaintext);
    assert.equal(decrypting.needsRewrite(encrypted, secretKey), true);
    assert.equal(decrypting.needsRewrite(plaintext, secretKey), false);
  });

  it('names an unknown key, and lists every failure when several providers match', () => {
    const writer = createEncryptionTransformer(configOf([['secrets'], [keyed('aesgcm', ['key1', secret(1)])]]));
    const stored = writer.toStorage(plaintext, secretKey);
    const otherName = createEncryptionTransformer(configOf([['secrets'], [keyed('aesgcm', ['key9', secret(1)])]]));
    assert.throws(() => otherName.fromStorage(stored, secretKey), { message: 'no matching key was found for the provided AES transformer' });
    const twoEntries = createEncryptionTransformer(configOf(
      [['secrets'], [keyed('aesgcm', ['key1', secret(2)])]],
      [['secrets'], [keyed('aesgcm', ['key9', secret(1)])]],
    ));
    assert.throws(() => twoEntries.fromStorage(stored, secretKey), {
      message: '[cipher: message authentication failed, no matching key was found for the provided AES transformer]',
    });
  });

  it('tries later providers with the same prefix when an earlier one fails (same provider, another key set)', () => {
    const writer = createEncryptionTransformer(configOf([['secrets'], [keyed('aescbc', ['1', secret(1)])]]));
    const stored = writer.toStorage(plaintext, secretKey);
    const reader = createEncryptionTransformer(configOf([['secrets'], [keyed('aescbc', ['2', secret(2)]), keyed('aescbc', ['1', secret(1)])]]));
    assert.deepEqual(Buffer.from(reader.fromStorage(stored, secretKey)), plaintext);
    assert.equal(reader.needsRewrite(stored, secretKey), true);
  });

  it('binds authenticated values to their storage key', () => {
    for (const field of ['aesgcm', 'arcaEnvelope'] as const) {
      const transformer = createEncryptionTransformer(configOf([['secrets'], [keyed(field, ['key1', secret(1)])]]));
      const stored = transformer.toStorage(plaintext, secretKey);
      assert.throws(() => transformer.fromStorage(stored, otherSecretKey), { message: 'cipher: message authentication failed' });
    }
  });

  it('refuses every flipped bit of an authenticated value, prefix included, instead of returning altered plaintext', () => {
    for (const field of ['aesgcm', 'secretbox', 'arcaEnvelope'] as const) {
      const transformer = createEncryptionTransformer(configOf([['secrets'], [keyed(field, ['key1', secret(1)])]]));
      const stored = transformer.toStorage(plaintext, secretKey);
      for (const { flipped } of singleBitFlips(stored)) {
        assert.throws(() => transformer.fromStorage(flipped, secretKey), { name: 'TransformError' }, `${field}: byte flip accepted`);
      }
    }
  });

  it('with identity listed, hands back a value whose k8s:enc: marker is damaged as stored (as upstream), never decrypted', () => {
    const transformer = createEncryptionTransformer(configOf([['secrets'], [keyed('aesgcm', ['key1', secret(1)]), identity]]));
    const stored = transformer.toStorage(plaintext, secretKey);
    for (const { index, flipped } of singleBitFlips(stored)) {
      if (index < 'k8s:enc:'.length) assert.deepEqual(Buffer.from(transformer.fromStorage(flipped, secretKey)), flipped);
      else assert.throws(() => transformer.fromStorage(flipped, secretKey), { name: 'TransformError' });
    }
  });
});

describe('createEncryptionTransformer: key rotation', () => {
  const before = configOf([['secrets'], [keyed('aesgcm', ['key1', secret(1)]), identity]]);
  const after = configOf([['secrets'], [keyed('aesgcm', ['key2', secret(2)], ['key1', secret(1)]), identity]]);

  it('writes with the new first key, reads values of the old one and marks them for rewriting', () => {
    const old = createEncryptionTransformer(before);
    const rotated = createEncryptionTransformer(after);
    const oldValue = old.toStorage(plaintext, secretKey);
    assert.equal(old.needsRewrite(oldValue, secretKey), false);

    assert.deepEqual(Buffer.from(rotated.fromStorage(oldValue, secretKey)), plaintext);
    assert.equal(rotated.needsRewrite(oldValue, secretKey), true);
    const newValue = rotated.toStorage(plaintext, secretKey);
    assert.ok(text(newValue).startsWith('k8s:enc:aesgcm:v1:key2:'));
    assert.equal(rotated.needsRewrite(newValue, secretKey), false);
    assert.equal(rotated.needsRewrite(plaintext, secretKey), true);
    assert.throws(() => old.fromStorage(newValue, secretKey), { message: 'no matching key was found for the provided AES transformer' });
  });

  it('moves values from one provider to another (aescbc to arcaEnvelope)', () => {
    const cbc = createEncryptionTransformer(configOf([['secrets'], [keyed('aescbc', ['key1', secret(1)])]]));
    const moved = createEncryptionTransformer(configOf([['secrets'], [keyed('arcaEnvelope', ['key2', secret(2)]), keyed('aescbc', ['key1', secret(1)])]]));
    const cbcValue = cbc.toStorage(plaintext, secretKey);
    assert.deepEqual(Buffer.from(moved.fromStorage(cbcValue, secretKey)), plaintext);
    assert.equal(moved.needsRewrite(cbcValue, secretKey), true);
    assert.equal(moved.needsRewrite(moved.toStorage(plaintext, secretKey), secretKey), false);
  });

  it('marks encrypted values of resources no longer listed for rewriting to plaintext', () => {
    const transformer = createEncryptionTransformer(configOf([['secrets'], [keyed('aesgcm', ['key1', secret(1)])]]));
    assert.equal(transformer.needsRewrite(Buffer.from('k8s:enc:aesgcm:v1:key1:xyz'), configMapKey), true);
    assert.equal(transformer.needsRewrite(Buffer.from('{"kind":"ConfigMap"}'), configMapKey), false);
  });
});

describe('createEncryptionTransformer: resources', () => {
  const encrypts = (transformer: ReturnType<typeof createEncryptionTransformer>, key: string) =>
    text(transformer.toStorage(plaintext, key)).startsWith('k8s:enc:');

  it("'*.' covers the core group and '*.*' every group; earlier, more specific entries win", () => {
    const transformer = createEncryptionTransformer(configOf(
      [['configmaps'], [identity]],
      [['*.'], [keyed('aesgcm', ['core', secret(1)])]],
      [['*.*'], [keyed('secretbox', ['all', secret(2)])]],
    ));
    assert.equal(encrypts(transformer, configMapKey), false);
    assert.ok(text(transformer.toStorage(plaintext, secretKey)).startsWith('k8s:enc:aesgcm:v1:core:'));
    assert.ok(text(transformer.toStorage(plaintext, '/registry/widgets.example.com/widgets/ns/w')).startsWith('k8s:enc:secretbox:v1:all:'));
  });

  it("'*.<group>' covers one group", () => {
    const transformer = createEncryptionTransformer(configOf([['*.example.com'], [keyed('aesgcm', ['key1', secret(1)])]]));
    assert.equal(encrypts(transformer, '/registry/example.com/widgets/ns/w'), true);
    assert.equal(encrypts(transformer, '/registry/other.com/widgets/ns/w'), false);
    assert.equal(encrypts(transformer, secretKey), false);
  });

  it('refuses an entry masked by an earlier wildcard, as kube-apiserver does', () => {
    assert.throws(
      () => createEncryptionTransformer(configOf([['*.'], [identity]], [['secrets'], [keyed('aesgcm', ['key1', secret(1)])]])),
      { name: 'EncryptionConfigError', message: 'error while building transformers: resource "secrets" is masked by earlier rule "*."' },
    );
    assert.throws(
      () => createEncryptionTransformer(configOf([['*.*'], [identity]], [['deployments.apps'], [identity]])),
      { message: 'error while building transformers: resource "deployments.apps" is masked by earlier rule "*.*"' },
    );
  });

  it('maps keys of dotless groups exactly when given the served resources', () => {
    const deployments = { group: 'apps', plural: 'deployments', namespaced: true } as ResourceDefinition<any>;
    const config = configOf([['deployments.apps'], [keyed('aesgcm', ['key1', secret(1)])]]);
    const key = '/registry/apps/deployments/default/web';
    assert.equal(encrypts(createEncryptionTransformer(config, { resources: [...resourceDefinitions, deployments] }), key), true);
    // By layout alone, `apps` reads as a core resource: this is why the served resources should be passed.
    assert.equal(encrypts(createEncryptionTransformer(config), key), false);
    assert.equal(encrypts(createEncryptionTransformer(configOf([['secrets'], [keyed('aesgcm', ['k', secret(1)])]]), { resources: resourceDefinitions }), secretKey), true);
  });

  it('refuses KMS plugins and invalid configurations', () => {
    assert.throws(
      () => createEncryptionTransformer(configOf([['secrets'], [{ kms: { apiVersion: 'v2', name: 'vault', endpoint: 'unix:///kms.sock' } }]])),
      { message: 'error while building transformers: could not configure KMS plugin "vault", KMS plugins are not supported by Arca: use the arcaEnvelope provider' },
    );
    assert.throws(() => createEncryptionTransformer(configOf([['secrets'], [keyed('secretbox', ['k', secret(1, 16)])]])), {
      name: 'EncryptionConfigError',
      message: 'resources[0].providers[0].secretbox.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 16, expected one of [32]',
    });
  });
});
