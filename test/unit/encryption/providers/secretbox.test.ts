import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { secretboxTransform } from '../../../../src/encryption/providers/secretbox.js';
import { fixedRandom, singleBitFlips } from '../fixed-random.js';

const storageKey = Buffer.from('/registry/secrets/default/db');
// golang.org/x/crypto/nacl/secretbox TestSecretBox (the library kube-apiserver uses), generated with NaCl's C code.
const goKey = Buffer.alloc(32, 1);
const goNonce = Buffer.alloc(24, 2);
const goMessage = Buffer.alloc(64, 3);
const goBox =
  '8442bc313f4626f1359e3b50122b6ce6fe66ddfe7d39d14e637eb4fd5b45beadab55198df6ab5368439792a23c87db70acb6156dc5ef957ac04f6276cf6093b84be77ff0849cc33e34b7254d5a8f65ad';

describe('secretbox provider', () => {
  it("writes <nonce><box> with the box Go's NaCl secretbox produces", () => {
    const stored = secretboxTransform(goKey, fixedRandom(goNonce)).toStorage(goMessage, storageKey);
    assert.equal(Buffer.from(stored).toString('hex'), goNonce.toString('hex') + goBox);
  });

  it('reads a value laid out as kube-apiserver writes it', () => {
    const stored = Buffer.concat([goNonce, Buffer.from(goBox, 'hex')]);
    assert.deepEqual(Buffer.from(secretboxTransform(goKey).fromStorage(stored, storageKey)), goMessage);
  });

  it('round-trips every length with a new nonce per write', () => {
    const transform = secretboxTransform(Buffer.alloc(32, 9));
    for (const length of [0, 1, 16, 17, 1024]) {
      const data = Buffer.alloc(length, 0x33);
      const stored = transform.toStorage(data, storageKey);
      assert.equal(stored.length, 24 + 16 + length);
      assert.deepEqual(Buffer.from(transform.fromStorage(stored, storageKey)), data);
    }
    const [first, second] = [transform.toStorage(goMessage, storageKey), transform.toStorage(goMessage, storageKey)];
    assert.notDeepEqual(Buffer.from(first).subarray(0, 24), Buffer.from(second).subarray(0, 24));
  });

  it('refuses every single flipped bit, a wrong key and truncated values', () => {
    const transform = secretboxTransform(goKey);
    const stored = transform.toStorage(goMessage, storageKey);
    for (const { flipped } of singleBitFlips(stored)) {
      assert.throws(() => transform.fromStorage(flipped, storageKey), { message: 'output array was not large enough for encryption' });
    }
    assert.throws(() => secretboxTransform(Buffer.alloc(32, 2)).fromStorage(stored, storageKey), {
      message: 'output array was not large enough for encryption',
    });
    assert.throws(() => transform.fromStorage(Buffer.alloc(39), storageKey), { message: 'the stored data was shorter than the required size' });
  });
});
