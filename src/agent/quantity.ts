// Kubernetes resource.Quantity (apimachinery api/resource): parsing to an exact decimal value,
// and the ceil(quantity / divisor) the downward API exposes. No floating point anywhere: `0.1`
// or `1.5Gi` must come out exact, and `1e1000000` must not materialise a million digits.
import type { QuantityValue } from './pod-types.js';

export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** The exact value `unscaled × 10^-scale`, and the suffix family it was written in. */
export interface Quantity {
  readonly unscaled: bigint;
  readonly scale: number;
  readonly format: QuantityFormat;
}

export type QuantityParseResult = { quantity: Quantity } | { error: string };

const ZERO: Quantity = { unscaled: 0n, scale: 0, format: 'DecimalSI' };
const NANO_SCALE = 9;
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
/** Digits the fast path may hold in an int64 without overflow (maxInt64Factors). */
const INT64_SAFE_DIGITS = 18;

const DECIMAL_SUFFIXES: Record<string, number> = { '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_LETTERS = 'eEinumkKMGTP';

interface ScannedQuantity {
  negative: boolean;
  /** Integer digits without leading zeros (`0` when there are none). */
  integer: string;
  fraction: string;
  /** Whether the number part held any digit at all (`.` and `+` do not). */
  hasDigits: boolean;
  suffix: string;
}

interface Suffix {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';

/** The apimachinery scanner: sign, digits, optional `.digits`, then a suffix of letters, sign, digits. */
function scan(text: string): ScannedQuantity | undefined {
  let pos = 0;
  const negative = text[0] === '-';
  if (text[0] === '-' || text[0] === '+') pos++;
  while (text[pos] === '0') pos++;
  if (pos >= text.length) {
    // Only a sign and zeros (or nothing after the sign): the value is zero.
    return { negative, integer: '0', fraction: '', hasDigits: true, suffix: '' };
  }
  const integerStart = pos;
  while (isDigit(text[pos])) pos++;
  const integer = text.slice(integerStart, pos) || '0';
  let fraction = '';
  if (text[pos] === '.') {
    const fractionStart = ++pos;
    while (isDigit(text[pos])) pos++;
    fraction = text.slice(fractionStart, pos);
  }
  const hasDigits = /[0-9]/.test(text.slice(0, pos));
  const suffixStart = pos;
  while (pos < text.length && SUFFIX_LETTERS.includes(text[pos]!)) pos++;
  if (text[pos] === '-' || text[pos] === '+') pos++;
  while (isDigit(text[pos])) pos++;
  if (pos < text.length) return undefined;
  return { negative, integer, fraction, hasDigits, suffix: text.slice(suffixStart) };
}

/** Go's strconv.ParseInt(s, 10, 64). */
function parseGoInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const value = BigInt(s);
  return value > INT64_MAX || value < INT64_MIN ? undefined : value;
}

function interpretSuffix(suffix: string): Suffix | undefined {
  if (Object.hasOwn(DECIMAL_SUFFIXES, suffix)) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix]!, format: 'DecimalSI' };
  if (Object.hasOwn(BINARY_SUFFIXES, suffix)) return { base: 2, exponent: BINARY_SUFFIXES[suffix]!, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const parsed = parseGoInt64(suffix.slice(1));
    // Kubernetes keeps the exponent as an int32, silently truncating larger ones.
    if (parsed !== undefined) return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return undefined;
}

/**
 * Whether ParseQuantity's int64 fast path takes this number. Its result is exact, so it only
 * matters for one error: the slow path rejects a number part without digits (`.e-10`).
 */
function takesFastPath(scanned: ScannedQuantity, suffix: Suffix): boolean {
  const digits = scanned.integer.length + scanned.fraction.length;
  if (suffix.base === 10) {
    return INT64_SAFE_DIGITS - digits >= 0 && suffix.exponent - scanned.fraction.length >= -NANO_SCALE;
  }
  if (scanned.fraction.length > 0) return false;
  const precision = 15 - scanned.integer.length - Math.trunc((suffix.exponent * 3) / 10) - 1;
  if (precision < 0) return false;
  const product = BigInt(scanned.integer) << BigInt(suffix.exponent);
  return product <= INT64_MAX;
}

/** ParseQuantity: the exact value Kubernetes stores, or its error text. */
export function parseQuantity(text: string): QuantityParseResult {
  if (text.length === 0) return { error: QUANTITY_FORMAT_ERROR };
  if (text === '0') return { quantity: ZERO };
  const scanned = scan(text);
  if (!scanned) return { error: QUANTITY_FORMAT_ERROR };
  const suffix = interpretSuffix(scanned.suffix);
  if (!suffix) return { error: QUANTITY_SUFFIX_ERROR };
  const fastPath = takesFastPath(scanned, suffix);
  if (!fastPath && !scanned.hasDigits) return { error: QUANTITY_NUMERIC_ERROR };

  let unscaled = BigInt(scanned.integer + scanned.fraction);
  let scale = scanned.fraction.length;
  if (suffix.base === 10) scale -= suffix.exponent;
  else unscaled <<= BigInt(suffix.exponent);

  if (!fastPath) {
    // Kubernetes keeps at most nanounits, rounding any remainder up, and caps binary values at 2^63-1.
    ({ unscaled, scale } = roundUpToNano(unscaled, scale));
    if (suffix.format === 'BinarySI' && unscaled > INT64_MAX * 10n ** BigInt(Math.max(scale, 0))) {
      unscaled = INT64_MAX;
      scale = 0;
    }
  }
  if (scanned.negative) unscaled = -unscaled;
  return { quantity: { unscaled, scale, format: suffix.format } };
}

function roundUpToNano(unscaled: bigint, scale: number): { unscaled: bigint; scale: number } {
  if (scale <= NANO_SCALE || unscaled === 0n) return { unscaled, scale };
  const excess = scale - NANO_SCALE;
  // A value below one nanounit becomes exactly one nanounit (without computing 10^excess).
  if (excess >= unscaled.toString().length) return { unscaled: 1n, scale: NANO_SCALE };
  const divisor = 10n ** BigInt(excess);
  const rounded = unscaled / divisor + (unscaled % divisor === 0n ? 0n : 1n);
  return { unscaled: rounded, scale: NANO_SCALE };
}

/** A quantity as it arrives in JSON: strings as written, numbers by their JSON text. */
export function parseQuantityValue(value: QuantityValue): QuantityParseResult {
  return parseQuantity(typeof value === 'number' ? String(value) : value);
}

export function isZeroQuantity(q: Quantity): boolean {
  return q.unscaled === 0n;
}

/** -1, 0 or 1 as a compares to b. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const left = a.unscaled * 10n ** BigInt(scale - a.scale);
  const right = b.unscaled * 10n ** BigInt(scale - b.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The exact value in plain decimal notation (`0.25`, `1610612736`, `-1.5`). */
export function toDecimalString(q: Quantity): string {
  if (q.scale <= 0) return (q.unscaled * 10n ** BigInt(-q.scale)).toString();
  const digits = (q.unscaled < 0n ? -q.unscaled : q.unscaled).toString().padStart(q.scale + 1, '0');
  const integer = digits.slice(0, digits.length - q.scale);
  const fraction = digits.slice(digits.length - q.scale).replace(/0+$/, '');
  return (q.unscaled < 0n ? '-' : '') + integer + (fraction ? `.${fraction}` : '');
}

/**
 * The downward API's value for a resource: ceil(quantity / divisor) as a decimal integer string.
 * A zero divisor means the default `1`; results beyond int64 saturate, as Kubernetes' do.
 */
export function ceilQuotient(q: Quantity, divisor: Quantity): string {
  const d = isZeroQuantity(divisor) ? { unscaled: 1n, scale: 0 } : divisor;
  if (q.unscaled === 0n) return '0';
  const numeratorSign = q.unscaled < 0n !== d.unscaled < 0n ? -1n : 1n;
  const numerator = q.unscaled < 0n ? -q.unscaled : q.unscaled;
  const denominator = d.unscaled < 0n ? -d.unscaled : d.unscaled;
  // q/d = numerator / denominator × 10^shift; estimate the magnitude before building powers of ten.
  const shift = d.scale - q.scale;
  const magnitude = numerator.toString().length - denominator.toString().length + shift;
  if (magnitude > 20) return (numeratorSign > 0n ? INT64_MAX : INT64_MIN).toString();
  if (magnitude < -2) return numeratorSign > 0n ? '1' : '0';
  const n = shift >= 0 ? numerator * 10n ** BigInt(shift) : numerator;
  const m = shift >= 0 ? denominator : denominator * 10n ** BigInt(-shift);
  const truncated = (n / m) * numeratorSign;
  const result = n % m !== 0n && numeratorSign > 0n ? truncated + 1n : truncated;
  const saturated = result > INT64_MAX ? INT64_MAX : result < INT64_MIN ? INT64_MIN : result;
  return saturated.toString();
}
