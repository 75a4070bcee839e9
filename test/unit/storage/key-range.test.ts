import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareKeys, keyAfter, prefixEnd, prefixRange } from '../../../src/storage/key-range.js';

describe('prefixEnd', () => {
  it('increments the last character', () => {
    assert.equal(prefixEnd('/registry/configmaps/'), '/registry/configmaps0');
    assert.equal(prefixEnd('a'), 'b');
  });
  it('has no end for the empty prefix or one made only of the highest code point', () => {
    assert.equal(prefixEnd(''), undefined);
    assert.equal(prefixEnd('\u{10FFFF}\u{10FFFF}'), undefined);
  });
  it('drops trailing highest code points and skips the surrogate block', () => {
    assert.equal(prefixEnd('a\u{10FFFF}'), 'b');
    assert.equal(prefixEnd('a\uD7FF'), 'a\uE000');
    assert.equal(prefixEnd('a\u{1F600}'), 'a\u{1F601}');
  });
});

describe('prefixRange', () => {
  it('starts at the prefix unless the start key lies further in', () => {
    assert.deepEqual(prefixRange('/p/'), { start: '/p/', end: '/p0' });
    assert.deepEqual(prefixRange('/p/', '/p/m'), { start: '/p/m', end: '/p0' });
    assert.deepEqual(prefixRange('/p/', '/a'), { start: '/p/', end: '/p0' });
  });
});

describe('compareKeys', () => {
  it('orders like UTF-8 bytes', () => {
    const keys = ['b', 'a\u{1F600}', 'a\uFFFF', 'a', 'ab', ''];
    const byBytes = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    assert.deepEqual([...keys].sort(compareKeys), byBytes);
    assert.deepEqual(byBytes, ['', 'a', 'ab', 'a\uFFFF', 'a\u{1F600}', 'b']);
    assert.equal(compareKeys('x', 'x'), 0);
  });
});

describe('keyAfter', () => {
  it('is the next key in byte order', () => {
    assert.equal(keyAfter('/p/a'), '/p/a\u0000');
    assert.ok(compareKeys(keyAfter('/p/a'), '/p/a') > 0);
    assert.ok(compareKeys(keyAfter('/p/a'), '/p/a\u0001') < 0);
  });
});
