import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CsvParseError, parseCsv } from '../../../src/machinery/go-csv.js';

const fails = (text: string, message: string) => assert.throws(() => parseCsv(text), (e: unknown) => {
  assert.ok(e instanceof CsvParseError);
  assert.equal(e.message, message);
  return true;
});

describe('parseCsv', () => {
  it('reads records of any length, skipping empty lines and reading CRLF as LF', () => {
    assert.deepEqual(parseCsv('a,b,c\n\nd,e\r\nf\r\n'), [['a', 'b', 'c'], ['d', 'e'], ['f']]);
    assert.deepEqual(parseCsv('last,line'), [['last', 'line']]);
    assert.deepEqual(parseCsv(' a , b \n'), [[' a ', ' b ']]);
    assert.deepEqual(parseCsv(''), []);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    assert.deepEqual(parseCsv('t,u,1,"g1,g2"\n'), [['t', 'u', '1', 'g1,g2']]);
    assert.deepEqual(parseCsv('"say ""hi""",x\n'), [['say "hi"', 'x']]);
    assert.deepEqual(parseCsv('"two\r\nlines",y\n'), [['two\nlines', 'y']]);
    assert.deepEqual(parseCsv('a,""\n'), [['a', '']]);
  });

  it('fails as Go does on stray quotes', () => {
    fails('ab"c,d\n', 'parse error on line 1, column 3: bare " in non-quoted-field');
    fails('x,y\nok,a"b\n', 'parse error on line 2, column 5: bare " in non-quoted-field');
    fails('"ab"c,d\n', 'parse error on line 1, column 4: extraneous or missing " in quoted-field');
    fails('a,"bc\n', 'parse error on line 1, column 7: extraneous or missing " in quoted-field');
    fails('"a\nb', 'record on line 1; parse error on line 2, column 2: extraneous or missing " in quoted-field');
  });
});
