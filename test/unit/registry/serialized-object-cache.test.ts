import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SerializedObjectCache } from '../../../src/registry/serialized-object-cache.js';

/** An entry's bytes as the cache counts them: JSON, the key in UTF-16, and a fixed 96 of overhead. */
const cost = (key: string, json: Buffer) => json.length + key.length * 2 + 96;
const json = (size: number, fill = 'x') => Buffer.from(fill.repeat(size));

test('a hit returns the bytes kept for exactly that revision of the key', () => {
  const cache = new SerializedObjectCache(10_000);
  const bytes = json(100);
  cache.set('/registry/configmaps/ns/a', 7, bytes);
  assert.equal(cache.get('/registry/configmaps/ns/a', 7), bytes);
  assert.equal(cache.get('/registry/configmaps/ns/b', 7), undefined);
  assert.equal(cache.size, cost('/registry/configmaps/ns/a', bytes));
});

test('another revision of the key misses, and storing it replaces the old one', () => {
  const cache = new SerializedObjectCache(10_000);
  cache.set('k', 7, json(100, 'a'));
  assert.equal(cache.get('k', 8), undefined);
  const newer = json(50, 'b');
  cache.set('k', 8, newer);
  assert.equal(cache.get('k', 7), undefined);
  assert.equal(cache.get('k', 8), newer);
  assert.equal(cache.count, 1);
  assert.equal(cache.size, cost('k', newer));
});

test('an older revision never replaces a newer one', () => {
  const cache = new SerializedObjectCache(10_000);
  const newer = json(10, 'n');
  cache.set('k', 9, newer);
  cache.set('k', 8, json(10, 'o'));
  assert.equal(cache.get('k', 9), newer);
  assert.equal(cache.get('k', 8), undefined);
});

test('over its byte budget it drops the least recently used entries first', () => {
  const entry = cost('a', json(200));
  const cache = new SerializedObjectCache(entry * 4);
  cache.set('a', 1, json(200));
  cache.set('b', 2, json(200));
  cache.set('c', 3, json(200));
  cache.set('d', 4, json(200));
  assert.ok(cache.get('a', 1)); // a is now more recent than b
  cache.set('e', 5, json(200));
  assert.equal(cache.count, 4);
  assert.equal(cache.size, entry * 4);
  assert.equal(cache.get('b', 2), undefined);
  for (const [key, revision] of [['a', 1], ['c', 3], ['d', 4], ['e', 5]] as const) assert.ok(cache.get(key, revision), key);
});

test('an object larger than a quarter of the budget is not cached', () => {
  const cache = new SerializedObjectCache(4000);
  cache.set('small', 1, json(100));
  cache.set('large', 2, json(1000));
  assert.equal(cache.get('large', 2), undefined);
  assert.equal(cache.count, 1);
});

test('clear forgets every entry and its bytes', () => {
  const cache = new SerializedObjectCache(10_000);
  cache.set('a', 1, json(10));
  cache.set('b', 2, json(10));
  cache.clear();
  assert.equal(cache.get('a', 1), undefined);
  assert.equal(cache.count, 0);
  assert.equal(cache.size, 0);
});
