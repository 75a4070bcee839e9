import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expand, mappingFuncFor } from '../../../src/agent/expansion.js';

const single = mappingFuncFor({ VAR_A: 'A', VAR_B: 'B', VAR_C: 'C', VAR_REF: '$(VAR_A)', VAR_EMPTY: '' });
const dual = mappingFuncFor(new Map([['VAR_A', 'A'], ['VAR_EMPTY', '']]), { VAR_B: 'B', VAR_C: 'C', VAR_REF: '$(VAR_A)' });

// The cases of Kubernetes' own expansion tests, with one and with two variable sources.
const cases: Array<[string, string, string]> = [
  ['whole string', '$(VAR_A)', 'A'],
  ['repeat', '$(VAR_A)-$(VAR_A)', 'A-A'],
  ['beginning', '$(VAR_A)-1', 'A-1'],
  ['middle', '___$(VAR_B)___', '___B___'],
  ['end', '___$(VAR_C)', '___C'],
  ['compound', '$(VAR_A)_$(VAR_B)_$(VAR_C)', 'A_B_C'],
  ['escape & expand', '$$(VAR_B)_$(VAR_A)', '$(VAR_B)_A'],
  ['compound escape', '$$(VAR_A)_$$(VAR_B)', '$(VAR_A)_$(VAR_B)'],
  ['mixed in escapes', 'f000-$$VAR_A', 'f000-$VAR_A'],
  ['backslash escape ignored', 'foo\\$(VAR_C)bar', 'foo\\Cbar'],
  ['two backslashes', 'foo\\\\$(VAR_C)bar', 'foo\\\\Cbar'],
  ['lots of backslashes', 'foo\\\\\\\\$(VAR_A)bar', 'foo\\\\\\\\Abar'],
  ['nested var references', '$(VAR_A$(VAR_B))', '$(VAR_A$(VAR_B))'],
  ['nested var references second type', '$(VAR_A$(VAR_B)', '$(VAR_A$(VAR_B)'],
  ['value is a reference (not re-expanded)', '$(VAR_REF)', '$(VAR_A)'],
  ['value is a reference x 2', '%%$(VAR_REF)--$(VAR_REF)%%', '%%$(VAR_A)--$(VAR_A)%%'],
  ['empty var', 'foo$(VAR_EMPTY)bar', 'foobar'],
  ['unterminated expression', 'foo$(VAR_Awhoops!', 'foo$(VAR_Awhoops!'],
  ['expression without operator', 'f00__(VAR_A)__', 'f00__(VAR_A)__'],
  ['shell special vars pass through', '$?_boo_$!', '$?_boo_$!'],
  ['bare operators are ignored', '$VAR_A', '$VAR_A'],
  ['undefined vars are passed through', '$(VAR_DNE)', '$(VAR_DNE)'],
  ['multiple (even) operators, var undefined', '$$$$$$(BIG_MONEY)', '$$$(BIG_MONEY)'],
  ['multiple (even) operators, var defined', '$$$$$$(VAR_A)', '$$$(VAR_A)'],
  ['multiple (odd) operators, var undefined', '$$$$$$$(GOOD_ODDS)', '$$$$(GOOD_ODDS)'],
  ['multiple (odd) operators, var defined', '$$$$$$$(VAR_A)', '$$$A'],
  ['missing open expression', '$VAR_A)', '$VAR_A)'],
  ['shell syntax ignored', '${VAR_A}', '${VAR_A}'],
  ['trailing incomplete expression not consumed', '$(VAR_B)_______$(A', 'B_______$(A'],
  ['trailing incomplete expression, no content, is not consumed', '$(VAR_C)_______$(', 'C_______$('],
  ['operator at end of input string is preserved', '$(VAR_A)foobarzab$', 'Afoobarzab$'],
  ['shell escaped incomplete expr', 'foo-\\$(VAR_A', 'foo-\\$(VAR_A'],
  ['lots of $( in middle', '--$($($($($--', '--$($($($($--'],
  ['lots of $( in beginning', '$($($($($--foo$(', '$($($($($--foo$('],
  ['lots of $( at end', 'foo0--$($($($(', 'foo0--$($($($('],
  ['escaped operators in variable names are not escaped', '$(foo$$var)', '$(foo$$var)'],
  ['newline not expanded', '\n', '\n'],
  ['lone $', '$', '$'],
  ['lone $(', '$(', '$('],
  ['empty reference', '$()', '$()'],
  ['empty input', '', ''],
  ['non-ASCII around references', 'ü$(VAR_A)😀$$', 'üA😀$'],
];

describe('expand', () => {
  for (const [name, input, expected] of cases) {
    it(`${name}: ${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(expand(input, single), expected);
      assert.equal(expand(input, dual), expected);
    });
  }
});

describe('mappingFuncFor', () => {
  it('consults sources in order: the first that defines the name wins', () => {
    const mapping = mappingFuncFor({ X: 'first' }, { X: 'second', Y: 'only-second' });
    assert.equal(mapping('X'), 'first');
    assert.equal(mapping('Y'), 'only-second');
  });

  it('returns the reference itself for an undefined name', () => {
    assert.equal(mappingFuncFor({})('NOPE'), '$(NOPE)');
  });

  it('sees later additions to a Map source', () => {
    const env = new Map<string, string>();
    const mapping = mappingFuncFor(env);
    assert.equal(expand('$(A)', mapping), '$(A)');
    env.set('A', 'now');
    assert.equal(expand('$(A)', mapping), 'now');
  });

  it('never resolves names from Object.prototype', () => {
    const mapping = mappingFuncFor({});
    assert.equal(expand('$(constructor)/$(toString)/$(__proto__)', mapping), '$(constructor)/$(toString)/$(__proto__)');
  });

  it('reproduces the chained-reference example (each value expanded once, in order)', () => {
    const declared = new Map<string, string>();
    const mapping = mappingFuncFor(declared, {});
    for (const [name, raw] of [['FOO', 'bar'], ['ZOO', '$(FOO)-1'], ['BLU', '$(ZOO)-2']] as const) {
      declared.set(name, expand(raw, mapping));
    }
    assert.deepEqual(Object.fromEntries(declared), { FOO: 'bar', ZOO: 'bar-1', BLU: 'bar-1-2' });
  });
});
