import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goJsonSyntaxError, goQuoteByte } from '../../../../src/machinery/go-json/syntax-error.js';

// Expected texts are Go's encoding/json output for the same input (checked against a Go build).
describe('goJsonSyntaxError', () => {
  it('accepts every valid JSON value', () => {
    for (const text of ['{}', ' {"a":[1,-2.5e+3,0,true,false,null,"\\u00e9\\n"]}\n', '[]', '"x"', '0', '-0.0E-0', 'null', '\t[ ]\r\n']) {
      assert.equal(goJsonSyntaxError(text), undefined, text);
    }
  });

  const cases: Array<[string, string]> = [
    ['{"data":{"a":"b"}', 'unexpected end of JSON input'],
    ['', 'unexpected end of JSON input'],
    ['  ', 'unexpected end of JSON input'],
    ['{"data":{"a":"b",}}', "invalid character '}' looking for beginning of object key string"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ["{'data':{}}", "invalid character '\\'' looking for beginning of object key string"],
    ['{"data":{"a":\'x\'}}', "invalid character '\\'' looking for beginning of value"],
    ['hello', "invalid character 'h' looking for beginning of value"],
    ['{"data":{"a":"b\u0001"}}', "invalid character '\\x01' in string literal"],
    ['{"a":"b\tc"}', "invalid character '\\t' in string literal"],
    ['{"data":{"a":"b"}}x', "invalid character 'x' after top-level value"],
    ['{"data":{"a":"b"}}}', "invalid character '}' after top-level value"],
    ['tru', "invalid character ' ' in literal true (expecting 'e')"],
    ['{"a":nul}', "invalid character '}' in literal null (expecting 'l')"],
    ['{"a":fals}', "invalid character '}' in literal false (expecting 'e')"],
    ['{"a":tx}', "invalid character 'x' in literal true (expecting 'r')"],
    ['{"a":é}', "invalid character 'Ã' looking for beginning of value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', 'invalid character \'"\' after object key:value pair'],
    ['[1 2]', "invalid character '2' after array element"],
    ['{"a":-}', "invalid character '}' in numeric literal"],
    ['{"a":1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"a":1e}', "invalid character '}' in exponent of numeric literal"],
    ['{"a":01}', "invalid character '1' after object key:value pair"],
    ['{"a":"\\x"}', "invalid character 'x' in string escape code"],
    ['{"a":"\\u12g4"}', "invalid character 'g' in \\u hexadecimal character escape"],
    ['-', "invalid character ' ' in numeric literal"],
    ['[1.5e', "invalid character ' ' in exponent of numeric literal"],
  ];
  for (const [text, message] of cases) {
    it(`reports ${JSON.stringify(text)} as Go does`, () => {
      assert.equal(goJsonSyntaxError(text), message);
    });
  }

  it('refuses nesting deeper than 10000 levels', () => {
    assert.equal(goJsonSyntaxError('['.repeat(10000) + ']'.repeat(10000)), undefined);
    assert.equal(goJsonSyntaxError('['.repeat(10001)), "invalid character '[' exceeded max depth");
  });
});

describe('goQuoteByte', () => {
  it('quotes bytes like Go quoteChar', () => {
    assert.equal(goQuoteByte(0x27), "'\\''");
    assert.equal(goQuoteByte(0x22), `'"'`);
    assert.equal(goQuoteByte(0x5c), "'\\\\'");
    assert.equal(goQuoteByte(0x00), "'\\x00'");
    assert.equal(goQuoteByte(0x0a), "'\\n'");
    assert.equal(goQuoteByte(0x7f), "'\\x7f'");
    assert.equal(goQuoteByte(0x85), "'\\u0085'");
    assert.equal(goQuoteByte(0xa0), "'\\u00a0'");
    assert.equal(goQuoteByte(0xc3), "'Ã'");
    assert.equal(goQuoteByte(0x41), "'A'");
  });
});
