import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goRfc3339ParseError } from '../../../../src/machinery/go-json/go-time.js';

const LAYOUT = '"2006-01-02T15:04:05Z07:00"';

describe('goRfc3339ParseError', () => {
  it('accepts what time.Parse(time.RFC3339, …) accepts', () => {
    for (const value of ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00.123456789+02:00', '2024-02-29T00:00:00Z', '2024-05-01T1:00:00Z', '2024-05-01T10:00:00,5Z']) {
      assert.equal(goRfc3339ParseError(value), undefined, value);
    }
  });

  it('reports elements that do not parse', () => {
    assert.equal(goRfc3339ParseError('x'), `parsing time "x" as ${LAYOUT}: cannot parse "x" as "2006"`);
    assert.equal(goRfc3339ParseError('2024-01-01T00:00:00'), `parsing time "2024-01-01T00:00:00" as ${LAYOUT}: cannot parse "" as "Z07:00"`);
    assert.equal(goRfc3339ParseError('2024-01-01 00:00:00Z'), `parsing time "2024-01-01 00:00:00Z" as ${LAYOUT}: cannot parse " 00:00:00Z" as "T"`);
    assert.equal(goRfc3339ParseError('2024-01-01t00:00:00Z'), `parsing time "2024-01-01t00:00:00Z" as ${LAYOUT}: cannot parse "t00:00:00Z" as "T"`);
    assert.equal(goRfc3339ParseError('2024-1-01T00:00:00Z'), `parsing time "2024-1-01T00:00:00Z" as ${LAYOUT}: cannot parse "1-01T00:00:00Z" as "01"`);
    assert.equal(goRfc3339ParseError('2024-01-01T00:00:00+0100'), `parsing time "2024-01-01T00:00:00+0100" as ${LAYOUT}: cannot parse "+0100" as "Z07:00"`);
  });

  it('names the element that failed, not what follows it (Go 1.20+)', () => {
    assert.equal(goRfc3339ParseError('224-01-01T00:00:00Z'), `parsing time "224-01-01T00:00:00Z" as ${LAYOUT}: cannot parse "224-01-01T00:00:00Z" as "2006"`);
    assert.equal(goRfc3339ParseError('2024-01-01T00:00:00*01:00'), `parsing time "2024-01-01T00:00:00*01:00" as ${LAYOUT}: cannot parse "*01:00" as "Z07:00"`);
  });

  it('reports values out of range and extra text', () => {
    assert.equal(goRfc3339ParseError('2024-13-01T00:00:00Z'), 'parsing time "2024-13-01T00:00:00Z": month out of range');
    assert.equal(goRfc3339ParseError('2024-02-30T00:00:00Z'), 'parsing time "2024-02-30T00:00:00Z": day out of range');
    assert.equal(goRfc3339ParseError('2023-02-29T00:00:00Z'), 'parsing time "2023-02-29T00:00:00Z": day out of range');
    assert.equal(goRfc3339ParseError('2024-01-01T25:00:00Z'), 'parsing time "2024-01-01T25:00:00Z": hour out of range');
    assert.equal(goRfc3339ParseError('2024-01-01T00:60:00Z'), 'parsing time "2024-01-01T00:60:00Z": minute out of range');
    assert.equal(goRfc3339ParseError('2024-01-01T00:00:60Z'), 'parsing time "2024-01-01T00:00:60Z": second out of range');
    assert.equal(goRfc3339ParseError('2024-01-01T00:00:00Zjunk'), 'parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk"');
  });

  it('quotes like the time package: non-ASCII bytes as \\x escapes', () => {
    assert.equal(goRfc3339ParseError('é2024'), `parsing time "\\xc3\\xa92024" as ${LAYOUT}: cannot parse "\\xc3\\xa92024" as "2006"`);
    assert.equal(goRfc3339ParseError('a"b\\c'), `parsing time "a\\"b\\\\c" as ${LAYOUT}: cannot parse "a\\"b\\\\c" as "2006"`);
  });
});
