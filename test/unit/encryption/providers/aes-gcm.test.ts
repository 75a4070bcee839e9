import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aesGcmTransform } from '../../../../src/encryption/providers/aes-gcm.js';
import { fixedRandom, hex, singleBitFlips } from '../fixed-random.js';

const storageKey = Buffer.from('/registry/secrets/default/db');
const plaintext = Buffer.from('{"kind":"Secret","data":{"password":"aHVudGVyMg=="}}');

describe('aesgcm provider', () => {
  it("decrypts kube-apiserver's recorded AES-GCM output (TestGCMLegacyDataCompatibility)", () => {
    // Key "snorlax_awesomes", authenticated data "bamboo": recorded from upstream's NewGCMTransformer.
    const recorded = hex('9f27c8fcea8a58c467d8e437dbf2d85955f9b4bd912f4ef967d788a0cb07797dac0a3f0a0845605ca85ac8562b4ae1');
    const transform = aesGcmTransform(Buffer.from('snorlax_awesomes'));
    assert.equal(Buffer.from(transform.fromStorage(recorded, Buffer.from('bamboo'))).toString(), 'pandas are the best');
  });

  it('writes <nonce><ciphertext><tag> as node:crypto AES-256-GCM does with the same nonce', () => {
    const nonce = hex('000102030405060708090a0b');
    const transform = aesGcmTransform(Buffer.alloc(32, 'c'), fixedRandom(nonce));
    assert.equal(
      Buffer.from(transform.toStorage(plaintext, storageKey)).toString('hex'),
      '000102030405060708090a0bfcfb4cc58deb94d752e5fe9a7011a2b406ab1f32bc3fae6954d03c126d961967ec092195c479ee0001331b5079a6f5386de62f9e7d2beb66201670002925888ba1b014f7',
    );
  });

  it('round-trips every length with 16, 24 and 32-byte keys, with a new nonce per write', () => {
    for (const keySize of [16, 24, 32]) {
      const transform = aesGcmTransform(Buffer.alloc(keySize, 7));
      for (const length of [0, 1, 15, 16, 17, 1024]) {
        const data = Buffer.alloc(length, 0x5a);
        const stored = transform.toStorage(data, storageKey);
        assert.equal(stored.length, 12 + length + 16);
        assert.deepEqual(Buffer.from(transform.fromStorage(stored, storageKey)), data);
      }
      const [first, second] = [transform.toStorage(plaintext, storageKey), transform.toStorage(plaintext, storageKey)];
      assert.notDeepEqual(Buffer.from(first).subarray(0, 12), Buffer.from(second).subarray(0, 12));
    }
  });

  it('refuses the value under another storage key', () => {
    const transform = aesGcmTransform(Buffer.alloc(32, 1));
    const stored = transform.toStorage(plaintext, storageKey);
    assert.throws(() => transform.fromStorage(stored, Buffer.from('/registry/secrets/default/other')), {
      name: 'TransformError', message: 'cipher: message authentication failed',
    });
  });

  it('refuses every single flipped bit and a wrong key, never returning altered plaintext', () => {
    const transform = aesGcmTransform(Buffer.alloc(32, 1));
    const stored = transform.toStorage(plaintext, storageKey);
    for (const { flipped } of singleBitFlips(stored)) {
      assert.throws(() => transform.fromStorage(flipped, storageKey), { message: 'cipher: message authentication failed' });
    }
    assert.throws(() => aesGcmTransform(Buffer.alloc(32, 2)).fromStorage(stored, storageKey), { message: 'cipher: message authentication failed' });
  });

  it('names truncated values as upstream does', () => {
    const transform = aesGcmTransform(Buffer.alloc(16, 1));
    assert.throws(() => transform.fromStorage(Buffer.alloc(11), storageKey), { message: 'the stored data was shorter than the required size' });
    assert.throws(() => transform.fromStorage(Buffer.alloc(27), storageKey), { message: 'cipher: message authentication failed' });
  });
});
