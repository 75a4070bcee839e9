import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { arcaEnvelopeTransform } from '../../../../src/encryption/providers/arca-envelope.js';
import { fixedRandom, hex, singleBitFlips } from '../fixed-random.js';

const storageKey = Buffer.from('/registry/secrets/default/db');
const plaintext = Buffer.from('{"kind":"Secret","data":{"password":"aHVudGVyMg=="}}');
// RFC 3394 section 4.6: 256 bits of key data wrapped with a 256-bit KEK.
const rfcKek = hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const rfcKeyData = hex('00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f');
const rfcWrapped = '28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21';
const nonce = hex('a0a1a2a3a4a5a6a7a8a9aaab');
// node:crypto AES-256-GCM of the plaintext under the RFC key data with that nonce and the storage key as AAD.
const sealedUnderDek =
  'a0a1a2a3a4a5a6a7a8a9aaab87612a353dc44e34fae604be46cfd0eda1990ecdcb818ae9e486b4e68690f6b85a622188534f0bba5ebc0ceae2128ec65446b38b12df85d91caa302daf1492ecd3ccc449';

describe('arca-envelope provider', () => {
  it('writes <DEK wrapped per RFC 3394><nonce><AES-256-GCM under the DEK>', () => {
    const stored = arcaEnvelopeTransform(rfcKek, fixedRandom(rfcKeyData, nonce)).toStorage(plaintext, storageKey);
    assert.equal(Buffer.from(stored).toString('hex'), rfcWrapped + sealedUnderDek);
    assert.deepEqual(Buffer.from(arcaEnvelopeTransform(rfcKek).fromStorage(stored, storageKey)), plaintext);
  });

  it('uses a new data key for every write', () => {
    const transform = arcaEnvelopeTransform(rfcKek);
    const [first, second] = [transform.toStorage(plaintext, storageKey), transform.toStorage(plaintext, storageKey)];
    assert.notDeepEqual(Buffer.from(first).subarray(0, 40), Buffer.from(second).subarray(0, 40));
    for (const length of [0, 1, 1024]) {
      const data = Buffer.alloc(length, 0x42);
      const stored = transform.toStorage(data, storageKey);
      assert.equal(stored.length, 40 + 12 + length + 16);
      assert.deepEqual(Buffer.from(transform.fromStorage(stored, storageKey)), data);
    }
  });

  it('refuses every single flipped bit: in the wrapped key, the nonce, the ciphertext or the tag', () => {
    const transform = arcaEnvelopeTransform(rfcKek);
    const stored = transform.toStorage(plaintext, storageKey);
    for (const { index, flipped } of singleBitFlips(stored)) {
      const message = index < 40 ? 'failed to decrypt DEK: key unwrap integrity check failed' : 'cipher: message authentication failed';
      assert.throws(() => transform.fromStorage(flipped, storageKey), { name: 'TransformError', message });
    }
  });

  it('refuses another key-encryption key, another storage key and truncated values', () => {
    const stored = arcaEnvelopeTransform(rfcKek).toStorage(plaintext, storageKey);
    assert.throws(() => arcaEnvelopeTransform(Buffer.alloc(32, 9)).fromStorage(stored, storageKey), {
      message: 'failed to decrypt DEK: key unwrap integrity check failed',
    });
    assert.throws(() => arcaEnvelopeTransform(rfcKek).fromStorage(stored, Buffer.from('/registry/secrets/default/other')), {
      message: 'cipher: message authentication failed',
    });
    assert.throws(() => arcaEnvelopeTransform(rfcKek).fromStorage(Buffer.alloc(51), storageKey), {
      message: 'the stored data was shorter than the required size',
    });
  });
});
