import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { goJsonString } from '../../../../src/machinery/managed-fields/path-element.js';
import { formatTime } from '../../../../src/machinery/object.js';

describe('goJsonString', () => {
  it('writes every ASCII character as Go encoding/json does', () => {
    const named: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x3c: '\\u003c', 0x3e: '\\u003e', 0x26: '\\u0026' };
    for (let code = 0; code < 0x80; code++) {
      const ch = String.fromCharCode(code);
      const expected = named[code] ?? (code < 0x20 ? `\\u00${code.toString(16).padStart(2, '0')}` : ch);
      assert.equal(goJsonString(ch), `"${expected}"`, `character ${code}`);
    }
  });

  it('escapes inside longer strings and passes other text through', () => {
    assert.equal(goJsonString('f:metadata'), '"f:metadata"');
    assert.equal(goJsonString('a<b>&"c"'), '"a\\u003cb\\u003e\\u0026\\"c\\""');
    assert.equal(goJsonString('café\u2028'), '"café\\u2028"');
    assert.equal(goJsonString('x\ud800y'), '"x\ufffdy"');
    assert.equal(goJsonString(''), '""');
  });
});

describe('formatTime', () => {
  it('writes RFC 3339 at second precision in UTC', () => {
    assert.equal(formatTime(new Date('2026-11-28T16:57:03.999Z')), '2026-11-28T16:57:03Z');
    assert.equal(formatTime(new Date(0)), '1970-01-01T00:00:00Z');
  });
});
