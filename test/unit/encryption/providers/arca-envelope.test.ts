import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { arcaEnvelopeTransform, MAX_DEK_AGE_MS, MAX_WRITES_PER_DEK } from '../../../../src/encryption/providers/arca-envelope.js';
import { unwrapKey, type UnwrapKey } from '../../../../src/encryption/providers/key-wrap.js';
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
// Written under rfcKek and storageKey by the provider as it was when every write drew its own
// DEK: DEKs of 32 bytes 0x11, 0x12, 0x13 and nonces of 12 bytes 0x21, 0x22, 0x23.
const wrappedDek11 = '801b521d957e5a3602bd18a3b11512cc9fb0822dd0d34969123da8b1dab7e8072a5be56ec9b7f4c9';
const oneDekPerValue = [
  { text: 'old value one', stored: `${wrappedDek11}21212121212121212121212107d57bcc0c5daca394d5e67936a7adbce3fb59f4be049e43fde6829453` },
  { text: 'old value two', stored: '29d73c329856b8f8fd6f0a39b4711e2eeb1321b09723da03f7c6a04232edb9e7da9e2809cc8a403e222222222222222222222222240fb08eddea59536d7798417e26fd2f3f0de02544e704d95af6bda6ac' },
  { text: 'old value three', stored: 'e29d84589db626b522fca33046602c5d1dae567523030eed05c0b520a6a2798fbcfd27ff41cacbb4232323232323232323232323b949907ea1bb7ad30c824af38e9fff6690fd2c30a7743dd42d9abda658711e' },
];

/** The real unwrap, counting its calls. */
function countingUnwrap(): { unwrap: UnwrapKey; calls: () => number } {
  let calls = 0;
  return { unwrap: (kek, wrapped) => { calls++; return unwrapKey(kek, wrapped); }, calls: () => calls };
}

const wrappedPart = (stored: Uint8Array) => Buffer.from(stored).subarray(0, 40).toString('hex');
const noncePart = (stored: Uint8Array) => Buffer.from(stored).subarray(40, 52).toString('hex');
const read = (stored: Uint8Array, transform = arcaEnvelopeTransform(rfcKek)) => Buffer.from(transform.fromStorage(stored, storageKey)).toString();

describe('arca-envelope provider', () => {
  it('writes <DEK wrapped per RFC 3394><nonce><AES-256-GCM under the DEK>', () => {
    const stored = arcaEnvelopeTransform(rfcKek, { random: fixedRandom(rfcKeyData, nonce) }).toStorage(plaintext, storageKey);
    assert.equal(Buffer.from(stored).toString('hex'), rfcWrapped + sealedUnderDek);
    assert.deepEqual(Buffer.from(arcaEnvelopeTransform(rfcKek).fromStorage(stored, storageKey)), plaintext);
  });

  it('round-trips values of any length', () => {
    const transform = arcaEnvelopeTransform(rfcKek);
    for (const length of [0, 1, 1024]) {
      const data = Buffer.alloc(length, 0x42);
      const stored = transform.toStorage(data, storageKey);
      assert.equal(stored.length, 40 + 12 + length + 16);
      assert.deepEqual(Buffer.from(transform.fromStorage(stored, storageKey)), data);
      assert.deepEqual(Buffer.from(arcaEnvelopeTransform(rfcKek).fromStorage(stored, storageKey)), data);
    }
  });

  it('reads values written with one DEK per value, unwrapping each DEK once', () => {
    const { unwrap, calls } = countingUnwrap();
    const transform = arcaEnvelopeTransform(rfcKek, { unwrap });
    assert.deepEqual(oneDekPerValue.map((v) => read(hex(v.stored), transform)), ['old value one', 'old value two', 'old value three']);
    assert.equal(calls(), 3);
    assert.deepEqual(oneDekPerValue.map((v) => read(hex(v.stored), transform)), ['old value one', 'old value two', 'old value three']);
    assert.equal(calls(), 3);
  });

  it('writes with one DEK and a new nonce each time until the DEK has served maxWritesPerDek writes', () => {
    const nonces = [0x31, 0x32, 0x33, 0x34].map((byte) => Buffer.alloc(12, byte));
    const random = fixedRandom(rfcKeyData, nonces[0]!, nonces[1]!, nonces[2]!, Buffer.alloc(32, 0x11), nonces[3]!);
    const transform = arcaEnvelopeTransform(rfcKek, { random, maxWritesPerDek: 3 });
    const stored = ['a', 'b', 'c', 'd'].map((text) => transform.toStorage(Buffer.from(text), storageKey));
    assert.deepEqual(stored.map(wrappedPart), [rfcWrapped, rfcWrapped, rfcWrapped, wrappedDek11]);
    assert.deepEqual(stored.map(noncePart), nonces.map((n) => n.toString('hex')));
    assert.deepEqual(stored.map((s) => read(s)), ['a', 'b', 'c', 'd']);
  });

  it('draws a new DEK on the first write after maxDekAgeMs', () => {
    let clock = 1000;
    const random = fixedRandom(rfcKeyData, nonce, nonce, Buffer.alloc(32, 0x11), nonce);
    const transform = arcaEnvelopeTransform(rfcKek, { random, now: () => clock });
    const first = transform.toStorage(plaintext, storageKey);
    clock += MAX_DEK_AGE_MS - 1;
    const second = transform.toStorage(plaintext, storageKey);
    clock += 1;
    const third = transform.toStorage(plaintext, storageKey);
    assert.deepEqual([first, second, third].map(wrappedPart), [rfcWrapped, rfcWrapped, wrappedDek11]);
  });

  it('bounds writes per DEK at 2^20 and a DEK\'s age at one day by default', () => {
    assert.equal(MAX_WRITES_PER_DEK, 1_048_576);
    assert.equal(MAX_DEK_AGE_MS, 86_400_000);
  });

  it('gives each process start its own DEK', () => {
    const [first, second] = [arcaEnvelopeTransform(rfcKek), arcaEnvelopeTransform(rfcKek)].map((t) => t.toStorage(plaintext, storageKey));
    assert.notEqual(wrappedPart(first!), wrappedPart(second!));
  });

  it('unwraps a DEK once for all the values written under it, and not at all for its own writes', () => {
    const writerUnwraps = countingUnwrap();
    const writer = arcaEnvelopeTransform(rfcKek, { unwrap: writerUnwraps.unwrap });
    const values = Array.from({ length: 100 }, (_, i) => writer.toStorage(Buffer.from(`value ${i}`), storageKey));
    assert.equal(read(values[99]!, writer), 'value 99');
    assert.equal(writerUnwraps.calls(), 0);

    const { unwrap, calls } = countingUnwrap();
    const reader = arcaEnvelopeTransform(rfcKek, { unwrap });
    assert.deepEqual(values.map((v) => read(v, reader)), values.map((_, i) => `value ${i}`));
    assert.equal(calls(), 1);
    assert.equal(read(values[0]!, reader), 'value 0');
    assert.equal(calls(), 1);
  });

  it('keeps at most dekCacheSize unwrapped DEKs, dropping the least recently used', () => {
    const { unwrap, calls } = countingUnwrap();
    const reader = arcaEnvelopeTransform(rfcKek, { unwrap, dekCacheSize: 2 });
    const [one, two, three] = oneDekPerValue.map((v) => hex(v.stored));
    for (const value of [one!, two!, three!, three!, two!]) read(value, reader);
    assert.equal(calls(), 3);
    assert.equal(read(one!, reader), 'old value one');
    assert.equal(calls(), 4);
  });

  it('refuses every single flipped bit: in the wrapped key, the nonce, the ciphertext or the tag', () => {
    // The writer's own DEK is cached: a flipped wrapped key must still miss the cache and fail.
    const transform = arcaEnvelopeTransform(rfcKek);
    const stored = transform.toStorage(plaintext, storageKey);
    for (const { index, flipped } of singleBitFlips(stored)) {
      const message = index < 40 ? 'failed to decrypt DEK: key unwrap integrity check failed' : 'cipher: message authentication failed';
      assert.throws(() => transform.fromStorage(flipped, storageKey), { name: 'TransformError', message });
    }
    assert.deepEqual(Buffer.from(transform.fromStorage(stored, storageKey)), plaintext);
  });

  it('refuses another key-encryption key, another storage key and truncated values', () => {
    const stored = arcaEnvelopeTransform(rfcKek).toStorage(plaintext, storageKey);
    assert.throws(() => arcaEnvelopeTransform(Buffer.alloc(32, 9)).fromStorage(stored, storageKey), {
      name: 'TransformError', message: 'failed to decrypt DEK: key unwrap integrity check failed',
    });
    assert.throws(() => arcaEnvelopeTransform(rfcKek).fromStorage(stored, Buffer.from('/registry/secrets/default/other')), {
      name: 'TransformError', message: 'cipher: message authentication failed',
    });
    assert.throws(() => arcaEnvelopeTransform(rfcKek).fromStorage(Buffer.alloc(51), storageKey), {
      name: 'TransformError', message: 'the stored data was shorter than the required size',
    });
  });
});
