import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { labelSelectorFromObject, parseLabelSelector } from '../../../../src/machinery/selectors/label-selector.js';
import { StatusError } from '../../../../src/machinery/status.js';

// Expected texts were produced by apimachinery v0.32 (Kubernetes 1.32) labels.Parse.
const LABEL_VALUE_RULE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_RULE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

function assertBadRequest(run: () => unknown, message: string): void {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof StatusError);
    assert.deepEqual(e.status, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 });
    return true;
  });
}

describe('parseLabelSelector: syntax', () => {
  const canonical: [string, string][] = [
    ['a=b', 'a=b'],
    ['a==b', 'a==b'],
    ['a!=b', 'a!=b'],
    ['a in (z,b,b)', 'a in (b,z)'],
    ['a notin (x)', 'a notin (x)'],
    ['a', 'a'],
    ['!a', '!a'],
    ['a>5', 'a>5'],
    ['a<5', 'a<5'],
    ['x==', 'x=='],
    ['a in ()', 'a in ()'],
    ['a notin (,)', 'a notin ()'],
    ['a in (b,,,)', 'a in (,b)'],
    ['a in (in, notin)', 'a in (in,notin)'],
    ['in', 'in'],
    ['k in (a, b) , j notin ( c )', 'j notin (c),k in (a,b)'],
    ['x in (a),y,!z,k!=v,n>3', 'k!=v,n>3,x in (a),y,!z'],
    ['example.com/app=web', 'example.com/app=web'],
    ['a\t=\nb', 'a=b'],
  ];
  for (const [text, rendered] of canonical) {
    it(`parses ${JSON.stringify(text)} and renders it as Kubernetes does`, () => {
      const selector = parseLabelSelector(text);
      assert.equal(selector.toString(), rendered);
      assert.equal(selector.empty, false);
    });
  }

  it('keeps each requirement with its operator and sorted, de-duplicated values', () => {
    assert.deepEqual(parseLabelSelector('b in (z,y,z),a>3,!c,d,e==f,g!=h,i notin (),j<2,k=l').requirements, [
      { key: 'a', operator: 'gt', values: ['3'] },
      { key: 'b', operator: 'in', values: ['y', 'z'] },
      { key: 'c', operator: '!', values: [] },
      { key: 'd', operator: 'exists', values: [] },
      { key: 'e', operator: '==', values: ['f'] },
      { key: 'g', operator: '!=', values: ['h'] },
      { key: 'i', operator: 'notin', values: [''] },
      { key: 'j', operator: 'lt', values: ['2'] },
      { key: 'k', operator: '=', values: ['l'] },
    ]);
  });

  it('treats the empty string and blanks as everything', () => {
    for (const text of ['', '  ', '\t\n']) {
      const selector = parseLabelSelector(text);
      assert.equal(selector.empty, true);
      assert.equal(selector.toString(), '');
      assert.equal(selector.matches(undefined), true);
      assert.equal(selector.matches({ any: 'thing' }), true);
    }
  });
});

describe('parseLabelSelector: errors', () => {
  const cases: [string, string][] = [
    ['a in (b', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a=b=c', "found '=', expected: ',' or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['!!a', "unable to parse requirement: found '!', expected: identifier"],
    ['a>b', 'unable to parse requirement: values[0]: Invalid value: "b": for \'Gt\', \'Lt\' operators, the value must be an integer'],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['a,', "found '', expected: identifier after ','"],
    ['a,,b', "found ',', expected: identifier after ','"],
    ['a in b', "unable to parse requirement: found 'b' expected: '('"],
    ['a in', "unable to parse requirement: found '' expected: '('"],
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['a (b)', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['a!', "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"],
    ['!a=b', "found '=', expected: ',' or 'end of string'"],
    // Kubernetes 1.32 swallows the second comma of ",,", so a trailing ",,)" fails (fixed in 1.35).
    ['a in (b,,)', "unable to parse requirement: found ')', expected: ',', or identifier"],
    [`${'x'.repeat(64)}=v`, `unable to parse requirement: <nil>: Invalid value: "${'x'.repeat(64)}": name part must be no more than 63 characters`],
    ['a/b/c', `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name ${NAME_PART_RULE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    ['/a', 'unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty'],
    ['Bad_Prefix/a', "unable to parse requirement: <nil>: Invalid value: \"Bad_Prefix/a\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
    ['a=b@c', `unable to parse requirement: values[0][a]: Invalid value: "b@c": ${LABEL_VALUE_RULE}`],
    [`a==${'v'.repeat(64)}`, `unable to parse requirement: values[0][a]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`],
    ['a>-5', `unable to parse requirement: values[0][a]: Invalid value: "-5": ${LABEL_VALUE_RULE}`],
    ['a in (b@,c@)', `unable to parse requirement: [values[0][a]: Invalid value: "b@": ${LABEL_VALUE_RULE}, values[1][a]: Invalid value: "c@": ${LABEL_VALUE_RULE}]`],
    ['a>b@', `unable to parse requirement: [values[0]: Invalid value: "b@": for 'Gt', 'Lt' operators, the value must be an integer, values[0][a]: Invalid value: "b@": ${LABEL_VALUE_RULE}]`],
  ];
  for (const [text, message] of cases) {
    it(`rejects ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}`, () => {
      assertBadRequest(() => parseLabelSelector(text), message);
    });
  }
});

describe('parseLabelSelector: matching', () => {
  const table: [string, Record<string, string> | undefined, boolean][] = [
    ['a=b', { a: 'b' }, true],
    ['a=b', { a: 'c' }, false],
    ['a=b', {}, false],
    ['a==b', { a: 'b' }, true],
    ['a!=b', { a: 'c' }, true],
    ['a!=b', { a: 'b' }, false],
    ['a!=b', {}, true],
    ['a!=b', undefined, true],
    ['a in (b,c)', { a: 'c' }, true],
    ['a in (b,c)', { a: 'd' }, false],
    ['a in (b,c)', {}, false],
    ['a notin (b,c)', { a: 'd' }, true],
    ['a notin (b,c)', { a: 'b' }, false],
    ['a notin (b,c)', {}, true],
    ['a in ()', { a: '' }, true],
    ['a in ()', { a: 'x' }, false],
    ['a in ()', {}, false],
    ['a=', { a: '' }, true],
    ['a=', {}, false],
    ['a', { a: '' }, true],
    ['a', {}, false],
    ['!a', {}, true],
    ['!a', { a: 'x' }, false],
    ['a>5', { a: '6' }, true],
    ['a>5', { a: '5' }, false],
    ['a>5', { a: 'x' }, false],
    ['a>5', {}, false],
    ['a<5', { a: '-7' }, true],
    ['a<5', { a: '+4' }, true],
    ['a<5', { a: '99999999999999999999' }, false],
    ['a>5', { a: '9223372036854775807' }, true],
    ['a>5', { a: '9223372036854775808' }, false],
    ['a=b,c', { a: 'b', c: '' }, true],
    ['a=b,c', { a: 'b' }, false],
    ['constructor', {}, false],
    ['!toString', {}, true],
  ];
  for (const [text, labels, expected] of table) {
    it(`${JSON.stringify(text)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(labels)}`, () => {
      assert.equal(parseLabelSelector(text).matches(labels), expected);
    });
  }
});

describe('labelSelectorFromObject', () => {
  it('selects nothing for a missing selector', () => {
    for (const sel of [null, undefined]) {
      const selector = labelSelectorFromObject(sel);
      assert.equal(selector.empty, false);
      assert.equal(selector.matches({}), false);
      assert.equal(selector.toString(), '');
    }
  });

  it('selects everything for an empty selector', () => {
    for (const sel of [{}, { matchLabels: {}, matchExpressions: [] }]) {
      const selector = labelSelectorFromObject(sel);
      assert.equal(selector.empty, true);
      assert.equal(selector.matches(undefined), true);
    }
  });

  it('combines matchLabels and matchExpressions, sorted by key', () => {
    const selector = labelSelectorFromObject({
      matchLabels: { tier: 'web', app: 'shop' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'rbac.example.com/aggregate', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'NotIn', values: ['b'] },
      ],
    });
    assert.equal(selector.toString(), 'app=shop,env in (dev,prod),!legacy,rbac.example.com/aggregate,tier=web,zone notin (b)');
    assert.equal(selector.matches({ app: 'shop', tier: 'web', env: 'dev', 'rbac.example.com/aggregate': 'true' }), true);
    assert.equal(selector.matches({ app: 'shop', tier: 'web', env: 'dev', 'rbac.example.com/aggregate': 'true', zone: 'b' }), false);
    assert.equal(selector.matches({ app: 'shop', tier: 'web', env: 'qa', 'rbac.example.com/aggregate': 'true' }), false);
    assert.equal(selector.matches({ app: 'shop', tier: 'web', env: 'dev', 'rbac.example.com/aggregate': '', legacy: 'x' }), false);
  });

  it('reports invalid requirements with NewRequirement texts', () => {
    assertBadRequest(
      () => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In' }] }),
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    );
    assertBadRequest(
      () => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] }),
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    );
    assertBadRequest(
      () => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x', 'y'] }] }),
      'values: Invalid value: []string{"x", "y"}: values set must be empty for exists and does not exist',
    );
    assertBadRequest(
      () => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Bogus' as 'In' }] }),
      '"Bogus" is not a valid label selector operator',
    );
    assertBadRequest(
      () => labelSelectorFromObject({ matchLabels: { 'bad key': 'v@' } }),
      `[key: Invalid value: "bad key": name part ${NAME_PART_RULE}, values[0][bad key]: Invalid value: "v@": ${LABEL_VALUE_RULE}]`,
    );
    assertBadRequest(
      () => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['b@'] }] }),
      `values[0][a]: Invalid value: "b@": ${LABEL_VALUE_RULE}`,
    );
  });
});
