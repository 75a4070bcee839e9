import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LruMap } from '../../../../src/encryption/providers/lru-map.js';

describe('LruMap', () => {
  it('drops the least recently used entry once over capacity; a get counts as a use', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    assert.equal(lru.get('a'), 1);
    lru.set('c', 3);
    assert.deepEqual([lru.get('a'), lru.get('b'), lru.get('c'), lru.size], [1, undefined, 3, 2]);
  });

  it('keeps the order right when the most recently used entry is read again and again', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    for (const key of ['b', 'b', 'a', 'a']) lru.get(key);
    lru.set('c', 3);
    assert.deepEqual([lru.get('a'), lru.get('b'), lru.get('c')], [1, undefined, 3]);
  });

  it('replaces the value of a key already present without growing', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('a', 2);
    assert.deepEqual([lru.get('a'), lru.size], [2, 1]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    for (const capacity of [0, -1, 1.5]) {
      assert.throws(() => new LruMap(capacity), { name: 'RangeError', message: `LRU capacity must be a positive integer, got ${capacity}` });
    }
  });
});
