import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeFieldSelectorValue, parseFieldSelector } from '../../../../src/machinery/selectors/field-selector.js';
import { StatusError } from '../../../../src/machinery/status.js';

// Expected texts were produced by apimachinery v0.32 (Kubernetes 1.32) fields.ParseSelector.
function assertBadRequest(run: () => unknown, message: string): void {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof StatusError);
    assert.deepEqual(e.status, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 });
    return true;
  });
}

const getter = (fields: Record<string, string>) => (field: string) => fields[field];

describe('parseFieldSelector: parsing', () => {
  it('parses =, == and != terms, sorted by their text', () => {
    assert.deepEqual(parseFieldSelector('type!=Opaque,metadata.name==a,metadata.namespace=ns').requirements, [
      { field: 'metadata.name', operator: '=', value: 'a' },
      { field: 'metadata.namespace', operator: '=', value: 'ns' },
      { field: 'type', operator: '!=', value: 'Opaque' },
    ]);
  });

  it('unescapes \\, \\= and \\\\ in values, and does not split on escaped commas', () => {
    assert.deepEqual(parseFieldSelector('metadata.name=x\\,y,a=\\=,b=\\\\').requirements, [
      { field: 'a', operator: '=', value: '=' },
      { field: 'b', operator: '=', value: '\\' },
      { field: 'metadata.name', operator: '=', value: 'x,y' },
    ]);
  });

  it('splits a term at the first operator, leaving the field unescaped', () => {
    assert.deepEqual(parseFieldSelector('a!b=c').requirements, [{ field: 'a!b', operator: '=', value: 'c' }]);
    assert.deepEqual(parseFieldSelector('a=!b').requirements, [{ field: 'a', operator: '=', value: '!b' }]);
    assert.deepEqual(parseFieldSelector('a=').requirements, [{ field: 'a', operator: '=', value: '' }]);
    assert.deepEqual(parseFieldSelector('=b').requirements, [{ field: '', operator: '=', value: 'b' }]);
  });

  it('is empty for no terms, blank terms, or terms with neither field nor value', () => {
    for (const text of ['', ',', ',,', '=', '==', '!=', '=,!=']) {
      const selector = parseFieldSelector(text);
      assert.equal(selector.empty, true, text);
      assert.deepEqual(selector.requirements, [], text);
      assert.equal(selector.matches(getter({})), true, text);
    }
    assert.deepEqual(parseFieldSelector(',a=b,,').requirements, [{ field: 'a', operator: '=', value: 'b' }]);
  });
});

describe('parseFieldSelector: errors', () => {
  const cases: [string, string][] = [
    ['a', "invalid selector: 'a'; can't understand 'a'"],
    ['x,a=b', "invalid selector: 'x,a=b'; can't understand 'x'"],
    ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['a<b', "invalid selector: 'a<b'; can't understand 'a<b'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a\\=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
    ['a=b\\n', 'invalid field selector: invalid escape sequence: \\n'],
    ['a=\\é', 'invalid field selector: invalid escape sequence: \\é'],
  ];
  for (const [text, message] of cases) {
    it(`rejects ${JSON.stringify(text)}`, () => assertBadRequest(() => parseFieldSelector(text), message));
  }

  it('reports the first bad term in sorted order', () => {
    assertBadRequest(() => parseFieldSelector('z,a'), "invalid selector: 'z,a'; can't understand 'a'");
  });
});

describe('parseFieldSelector: matching', () => {
  it('requires equality for = and inequality for !=', () => {
    const selector = parseFieldSelector('metadata.name=a,type!=Opaque');
    assert.equal(selector.matches(getter({ 'metadata.name': 'a', type: 'kubernetes.io/tls' })), true);
    assert.equal(selector.matches(getter({ 'metadata.name': 'a', type: 'Opaque' })), false);
    assert.equal(selector.matches(getter({ 'metadata.name': 'b', type: 'kubernetes.io/tls' })), false);
  });

  it('reads a field the getter does not know as the empty string', () => {
    assert.equal(parseFieldSelector('type!=Opaque').matches(getter({})), true);
    assert.equal(parseFieldSelector('type=').matches(getter({})), true);
    assert.equal(parseFieldSelector('type=x').matches(getter({})), false);
  });

  it('matches escaped values literally', () => {
    assert.equal(parseFieldSelector('metadata.name=x\\,y').matches(getter({ 'metadata.name': 'x,y' })), true);
  });
});

describe('FieldSelector.requiredValue', () => {
  it('returns the value of the first = term on the field', () => {
    const selector = parseFieldSelector('metadata.name=b,metadata.name=a,type!=x');
    assert.equal(selector.requiredValue('metadata.name'), 'a');
    assert.equal(selector.requiredValue('type'), undefined);
    assert.equal(selector.requiredValue('metadata.namespace'), undefined);
  });

  it('ignores != terms', () => {
    assert.equal(parseFieldSelector('metadata.name!=a').requiredValue('metadata.name'), undefined);
    assert.equal(parseFieldSelector('metadata.name==a').requiredValue('metadata.name'), 'a');
  });
});

describe('escapeFieldSelectorValue', () => {
  it('escapes what the parser unescapes', () => {
    const raw = 'a,b=c\\d';
    assert.equal(escapeFieldSelectorValue(raw), 'a\\,b\\=c\\\\d');
    assert.deepEqual(parseFieldSelector(`f=${escapeFieldSelectorValue(raw)}`).requirements, [{ field: 'f', operator: '=', value: raw }]);
  });
});
