import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { aesCbcTransform } from '../../../../src/encryption/providers/aes-cbc.js';
import { fixedRandom, hex } from '../fixed-random.js';

const storageKey = Buffer.from('/registry/secrets/default/db');
// NIST SP 800-38A F.2.5, CBC-AES256.Encrypt.
const nistKey = hex('603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4');
const nistIv = hex('000102030405060708090a0b0c0d0e0f');
const nistPlaintext = hex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51');

/** A raw CBC body (no padding added) under the NIST key and IV, to build malformed values. */
const rawCbc = (blocks: Buffer) => {
  const cipher = createCipheriv('aes-256-cbc', nistKey, nistIv).setAutoPadding(false);
  return Buffer.concat([nistIv, cipher.update(blocks), cipher.final()]);
};

describe('aescbc provider', () => {
  it("writes <IV><ciphertext> whose blocks are NIST's, then a full PKCS#7 padding block", () => {
    const stored = Buffer.from(aesCbcTransform(nistKey, fixedRandom(nistIv)).toStorage(nistPlaintext, storageKey));
    assert.equal(
      stored.toString('hex'),
      '000102030405060708090a0b0c0d0e0f' + 'f58c4c04d6e5f1ba779eabfb5f7bfbd6' + '9cfc4e967edb808d679f777bc6702c7d' + '3a3aa5e0213db1a9901f9036cf5102d2',
    );
    assert.deepEqual(Buffer.from(aesCbcTransform(nistKey).fromStorage(stored, storageKey)), nistPlaintext);
  });

  it('round-trips every length with 16, 24 and 32-byte keys', () => {
    for (const keySize of [16, 24, 32]) {
      const transform = aesCbcTransform(Buffer.alloc(keySize, 3));
      for (const length of [0, 1, 15, 16, 17, 1024]) {
        const data = Buffer.alloc(length, 0x61);
        const stored = transform.toStorage(data, storageKey);
        assert.equal(stored.length, 16 + (Math.floor(length / 16) + 1) * 16);
        assert.deepEqual(Buffer.from(transform.fromStorage(stored, storageKey)), data);
      }
    }
  });

  it("reports malformed values with upstream's texts", () => {
    const transform = aesCbcTransform(nistKey);
    const read = (stored: Buffer) => () => transform.fromStorage(stored, storageKey);
    assert.throws(read(Buffer.alloc(15)), { message: 'the stored data was shorter than the required size' });
    assert.throws(read(Buffer.alloc(16 + 15)), { message: 'the stored data is not a multiple of the block size' });
    assert.throws(read(nistIv), { message: 'invalid PKCS7 data (empty or not padded)' });
    assert.throws(read(rawCbc(Buffer.alloc(16, 0))), { message: 'invalid PKCS7 data (empty or not padded)' });
    assert.throws(read(rawCbc(Buffer.alloc(16, 17))), { message: 'invalid PKCS7 data (empty or not padded)' });
    assert.throws(read(rawCbc(Buffer.from([...Buffer.alloc(14, 0x41), 0x01, 0x02]))), { message: 'invalid padding on input' });
  });

  it('is not authenticated, as upstream: the storage key is not checked and a flipped IV bit flips the plaintext', () => {
    const transform = aesCbcTransform(nistKey);
    const stored = Buffer.from(transform.toStorage(Buffer.from('abc'), storageKey));
    assert.equal(Buffer.from(transform.fromStorage(stored, Buffer.from('/registry/secrets/x/y'))).toString(), 'abc');
    stored[0]! ^= 0x01;
    assert.equal(Buffer.from(transform.fromStorage(stored, storageKey)).toString(), '`bc');
  });
});
