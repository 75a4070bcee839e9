// A RandomSource that hands out given bytes in order, so outputs can be compared with reference vectors.
import assert from 'node:assert/strict';
import type { RandomSource } from '../../../src/encryption/providers/random.js';

export function fixedRandom(...chunks: Uint8Array[]): RandomSource {
  const queue = [...chunks];
  return (size) => {
    const next = queue.shift();
    assert.ok(next, `no fixed random bytes left for a request of ${size}`);
    assert.equal(next.length, size, 'fixed random chunk size');
    return next;
  };
}

export const hex = (text: string): Buffer => Buffer.from(text, 'hex');

/** Every variant of `data` with exactly one bit flipped. */
export function* singleBitFlips(data: Uint8Array): Generator<{ index: number; flipped: Buffer }> {
  for (let index = 0; index < data.length; index++) {
    const flipped = Buffer.from(data);
    flipped[index]! ^= 0x01;
    yield { index, flipped };
  }
}
