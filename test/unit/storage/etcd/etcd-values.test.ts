import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DEFLATE_ABOVE_BYTES, fromStoredValue, toStoredValue } from '../../../../src/storage/etcd/etcd-values.js';

const roundTrip = (value: Buffer) => Buffer.from(fromStoredValue(toStoredValue(value)));

describe('etcd stored values', () => {
  it('stores small values as they are', () => {
    const value = Buffer.from('{"kind":"ConfigMap"}');
    assert.equal(toStoredValue(value), value);
  });

  it('deflates a large value behind the marker, and reads it back', () => {
    const value = Buffer.from(`{"data":{"k":"${'\\"'.repeat(DEFLATE_ABOVE_BYTES)}"}}`);
    const stored = toStoredValue(value);
    assert.equal(stored.subarray(0, 14).toString('latin1'), '\0arca-deflate:');
    assert.ok(stored.length < value.length / 100, `${stored.length} bytes stored`);
    assert.deepEqual(roundTrip(value), value);
  });

  it('keeps a large value that does not shrink, such as ciphertext, as it is', () => {
    const value = Buffer.concat([Buffer.from('k8s:enc:arca-envelope:v1:key1:'), randomBytes(DEFLATE_ABOVE_BYTES + 1)]);
    assert.equal(toStoredValue(value), value);
  });

  it('frames a value that only looks deflated, so it reads back as written', () => {
    for (const value of [Buffer.from('\0arca-deflate:not deflated'), Buffer.from('\0arca-deflate:')]) {
      assert.notDeepEqual(toStoredValue(value), value);
      assert.deepEqual(roundTrip(value), value);
    }
  });
});
