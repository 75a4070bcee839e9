import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { identityTransform } from '../../../../src/encryption/providers/identity.js';

const storageKey = Buffer.from('/registry/secrets/default/db');

describe('identity provider', () => {
  it('stores and reads values unchanged', () => {
    const value = Buffer.from('{"kind":"Secret"}');
    assert.equal(identityTransform.toStorage(value, storageKey), value);
    assert.equal(identityTransform.fromStorage(value, storageKey), value);
  });

  it('refuses encrypted values rather than handing out ciphertext', () => {
    assert.throws(() => identityTransform.fromStorage(Buffer.from('k8s:enc:aesgcm:v1:key1:xyz'), storageKey), {
      name: 'TransformError', message: 'identity transformer tried to read encrypted data',
    });
  });
});
