import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sameJson } from '../../../src/machinery/same-json.js';

describe('sameJson', () => {
  it('ignores object key order and properties holding undefined, as sorted JSON text does', () => {
    assert.equal(sameJson({ a: 1, b: { c: [1, 'x'] } }, { b: { c: [1, 'x'] }, a: 1 }), true);
    assert.equal(sameJson({ a: 1, gone: undefined }, { a: 1 }), true);
    assert.equal(sameJson({ a: 1 }, { a: 1, gone: undefined }), true);
    assert.equal(sameJson([undefined, 1], [null, 1]), true);
  });

  it('tells apart values whose JSON differs', () => {
    assert.equal(sameJson({ a: 1 }, { a: 1, b: null }), false);
    assert.equal(sameJson({ a: 1, b: 2 }, { a: 1 }), false);
    assert.equal(sameJson({ a: '1' }, { a: 1 }), false);
    assert.equal(sameJson([1, 2], [2, 1]), false);
    assert.equal(sameJson([1], [1, 1]), false);
    assert.equal(sameJson({}, []), false);
    assert.equal(sameJson([], {}), false);
    assert.equal(sameJson({ a: { b: 1 } }, { a: { b: 2 } }), false);
    assert.equal(sameJson(null, {}), false);
    assert.equal(sameJson({ a: undefined }, { a: null }), false);
  });
});
