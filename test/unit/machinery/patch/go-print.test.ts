import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goJsonMarshal, goJsonTypeWord, goSprint, goTypeName } from '../../../../src/machinery/patch/go-print.js';

describe('goSprint', () => {
  it('prints decoded JSON as fmt %v does: sorted maps, space-separated slices, <nil>', () => {
    assert.equal(goSprint({ name: 'x', $patch: 'delete', ports: [80, 'http'], nested: { b: true, a: null } }),
      'map[$patch:delete name:x nested:map[a:<nil> b:true] ports:[80 http]]');
    assert.equal(goSprint([[1], ['a']]), '[[1] [a]]');
    assert.equal(goSprint(null), '<nil>');
  });

  it('prints int64 and float64 numbers as Go does', () => {
    assert.deepEqual([12, -3, 1.5, 0.0001, 0.00001, 123456.5, 1234567.5, 1e21].map((n) => goSprint(n)),
      ['12', '-3', '1.5', '0.0001', '1e-05', '123456.5', '1.2345675e+06', '1e+21']);
  });

  it('marks non-strings under %s as fmt does', () => {
    assert.deepEqual([5, 1.5, true, null, 'text'].map((v) => goSprint(v, 's')),
      ['%!s(int64=5)', '%!s(float64=1.5)', '%!s(bool=true)', '%!s(<nil>)', 'text']);
  });
});

describe('goTypeName and goJsonTypeWord', () => {
  it('name the Go type a decoded value has, and the JSON word decoding errors use', () => {
    assert.deepEqual(['s', 1, 1.5, true, null, [], {}].map(goTypeName),
      ['string', 'int64', 'float64', 'bool', '%!s(<nil>)', '[]interface {}', 'map[string]interface {}']);
    assert.deepEqual(['s', 1, true, null, [], {}].map(goJsonTypeWord), ['string', 'number', 'bool', 'null', 'array', 'object']);
  });
});

describe('goJsonMarshal', () => {
  it('sorts keys bytewise (integer-like ones too) and escapes HTML characters', () => {
    assert.equal(goJsonMarshal({ b: 1, a: [{ z: '<&>', y: null }], 10: 'x', 9: 'y' }),
      '{"10":"x","9":"y","a":[{"y":null,"z":"\\u003c\\u0026\\u003e"}],"b":1}');
  });
});
