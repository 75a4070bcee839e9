import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ceilQuotient, compareQuantities, isZeroQuantity, parseQuantity, parseQuantityValue, toDecimalString,
  QUANTITY_FORMAT_ERROR, QUANTITY_NUMERIC_ERROR, QUANTITY_SUFFIX_ERROR, type Quantity,
} from '../../../src/agent/quantity.js';

function q(text: string): Quantity {
  const result = parseQuantity(text);
  if ('error' in result) throw new Error(`${text}: ${result.error}`);
  return result.quantity;
}

const value = (text: string) => toDecimalString(q(text));

describe('parseQuantity values', () => {
  const cases: Array<[string, string]> = [
    ['250m', '0.25'],
    ['64Mi', '67108864'],
    ['1.5Gi', '1610612736'],
    ['1e3', '1000'],
    ['1E3', '1000'],
    ['1e+3', '1000'],
    ['1E-3', '0.001'],
    ['1.5e3', '1500'],
    ['12e-1', '1.2'],
    ['0.1', '0.1'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['+1', '1'],
    ['-1', '-1'],
    ['-1.5Gi', '-1610612736'],
    ['0', '0'],
    ['000', '0'],
    ['0012', '12'],
    ['+', '0'],
    ['-', '0'],
    ['.', '0'],
    ['1Ki', '1024'],
    ['1Ei', '1152921504606846976'],
    ['7Ei', '8070450532247928832'],
    ['1k', '1000'],
    ['1M', '1000000'],
    ['1G', '1000000000'],
    ['1T', '1000000000000'],
    ['1P', '1000000000000000'],
    ['1E', '1000000000000000000'],
    ['1u', '0.000001'],
    ['1n', '0.000000001'],
    ['0.5m', '0.0005'],
    ['100000000000000000000', '100000000000000000000'],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} is exactly ${expected}`, () => assert.equal(value(text), expected));
  }

  it('rounds anything finer than a nanounit up to the next nanounit', () => {
    assert.equal(value('0.5n'), '0.000000001');
    assert.equal(value('1.5n'), '0.000000002');
    assert.equal(value('0.0000000001'), '0.000000001');
    assert.equal(value('1e-10'), '0.000000001');
    assert.equal(value('-1.5n'), '-0.000000002');
    assert.equal(value('1e-1000000'), '0.000000001');
  });

  it('caps binary quantities at 2^63-1 but not decimal ones', () => {
    assert.equal(value('8Ei'), '9223372036854775807');
    assert.equal(value('16Ei'), '9223372036854775807');
    assert.equal(value('10E'), '10000000000000000000');
  });

  it('keeps huge exponents symbolic instead of expanding them', () => {
    const huge = q('1e1000000');
    assert.deepEqual(huge, { unscaled: 1n, scale: -1000000, format: 'DecimalExponent' });
  });

  it('remembers the suffix family', () => {
    assert.equal(q('1Gi').format, 'BinarySI');
    assert.equal(q('1G').format, 'DecimalSI');
    assert.equal(q('1e9').format, 'DecimalExponent');
    assert.equal(q('250m').format, 'DecimalSI');
  });
});

describe('parseQuantity errors', () => {
  const cases: Array<[string, string]> = [
    ['', QUANTITY_FORMAT_ERROR],
    ['abc', QUANTITY_FORMAT_ERROR],
    ['1.2.3', QUANTITY_FORMAT_ERROR],
    [' 1', QUANTITY_FORMAT_ERROR],
    ['1 ', QUANTITY_FORMAT_ERROR],
    ['1Mi ', QUANTITY_FORMAT_ERROR],
    ['1K', QUANTITY_SUFFIX_ERROR],
    ['1ki', QUANTITY_SUFFIX_ERROR],
    ['1mi', QUANTITY_SUFFIX_ERROR],
    ['1Mi3', QUANTITY_SUFFIX_ERROR],
    ['1e', QUANTITY_SUFFIX_ERROR],
    ['1ee3', QUANTITY_SUFFIX_ERROR],
    ['1e-', QUANTITY_SUFFIX_ERROR],
    ['1e9223372036854775808', QUANTITY_SUFFIX_ERROR],
    ['.e-10', QUANTITY_NUMERIC_ERROR],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected}`, () => assert.deepEqual(parseQuantity(text), { error: expected }));
  }

  it('uses the exact apimachinery texts', () => {
    assert.equal(QUANTITY_FORMAT_ERROR,
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    assert.equal(QUANTITY_NUMERIC_ERROR, 'unable to parse numeric part of quantity');
    assert.equal(QUANTITY_SUFFIX_ERROR, "unable to parse quantity's suffix");
  });
});

describe('parseQuantityValue', () => {
  it('accepts JSON numbers by their text', () => {
    assert.equal(toDecimalString((parseQuantityValue(2) as { quantity: Quantity }).quantity), '2');
    assert.equal(toDecimalString((parseQuantityValue(0.5) as { quantity: Quantity }).quantity), '0.5');
    assert.equal(toDecimalString((parseQuantityValue('64Mi') as { quantity: Quantity }).quantity), '67108864');
  });
});

describe('comparisons', () => {
  it('compares exact values across suffixes', () => {
    assert.equal(compareQuantities(q('1Ki'), q('1024')), 0);
    assert.equal(compareQuantities(q('1k'), q('1Ki')), -1);
    assert.equal(compareQuantities(q('1'), q('999m')), 1);
  });
  it('knows zero in any spelling', () => {
    assert.equal(isZeroQuantity(q('0')), true);
    assert.equal(isZeroQuantity(q('0Mi')), true);
    assert.equal(isZeroQuantity(q('0.000m')), true);
    assert.equal(isZeroQuantity(q('1n')), false);
  });
});

describe('ceilQuotient (downward API resource values)', () => {
  const cases: Array<[string, string, string]> = [
    ['250m', '1', '1'],
    ['250m', '1m', '250'],
    ['1', '1', '1'],
    ['1', '1m', '1000'],
    ['1500m', '1', '2'],
    ['2', '1', '2'],
    ['0.5m', '1m', '1'],
    ['64Mi', '1Mi', '64'],
    ['64Mi', '1', '67108864'],
    ['64Mi', '1M', '68'],
    ['64Mi', '1Gi', '1'],
    ['1Gi', '1Ki', '1048576'],
    ['1G', '1k', '1000000'],
    ['1.5Gi', '1Gi', '2'],
    ['100', '1k', '1'],
    ['0', '1', '0'],
    ['0', '1Mi', '0'],
    ['-1500m', '1', '-1'],
    ['-250m', '1', '0'],
  ];
  for (const [amount, divisor, expected] of cases) {
    it(`${amount} / ${divisor} → ${expected}`, () => assert.equal(ceilQuotient(q(amount), q(divisor)), expected));
  }

  it('treats a zero divisor as the default 1', () => {
    assert.equal(ceilQuotient(q('250m'), q('0')), '1');
  });

  it('saturates beyond int64 without expanding huge exponents', () => {
    assert.equal(ceilQuotient(q('1e1000000'), q('1')), '9223372036854775807');
    assert.equal(ceilQuotient(q('10E'), q('1m')), '9223372036854775807');
    assert.equal(ceilQuotient(q('9223372036854775807'), q('1')), '9223372036854775807');
    assert.equal(ceilQuotient(q('9223372036854775808'), q('1')), '9223372036854775807');
  });

  it('rounds a tiny positive ratio up to 1', () => {
    assert.equal(ceilQuotient(q('1n'), q('1E')), '1');
    assert.equal(ceilQuotient(q('1e-1000000'), q('1')), '1');
  });
});
