// How Go's fmt prints decoded JSON (map[string]interface{}, []interface{}, int64, float64, …),
// because strategic-merge-patch errors embed values with %v / %s and their texts must match.
// Integers are int64 (the apiserver decodes patches preserving ints); other numbers float64.

type Verb = 'v' | 's';

/** fmt.Sprintf("%v", value) (or "%s") for a value decoded from JSON. */
export function goSprint(value: unknown, verb: Verb = 'v'): string {
  if (value === null || value === undefined) return verb === 'v' ? '<nil>' : '%!s(<nil>)';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map((v) => goSprint(v, verb)).join(' ')}]`;
  if (typeof value === 'object') {
    // fmt prints maps with their keys sorted.
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => byBytes(a, b));
    return `map[${entries.map(([k, v]) => `${k}:${goSprint(v, verb)}`).join(' ')}]`;
  }
  const text = typeof value === 'number' ? goNumber(value) : String(value);
  return verb === 'v' ? text : `%!s(${goTypeName(value)}=${text})`;
}

/** reflect.TypeOf(value).String() for a value decoded from JSON (a nil type prints as %!s(<nil>)). */
export function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '%!s(<nil>)';
  if (Array.isArray(value)) return '[]interface {}';
  switch (typeof value) {
    case 'string': return 'string';
    case 'boolean': return 'bool';
    case 'number': return isInt64(value) ? 'int64' : 'float64';
    default: return 'map[string]interface {}';
  }
}

const isInt64 = (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 63;

/** %v of an int64, or of a float64 (strconv 'g', shortest digits: %e below 1e-4 and from 1e6). */
function goNumber(n: number): string {
  if (isInt64(n)) return BigInt(n).toString();
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  const [mantissa, exponentText] = n.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${digits}`;
  }
  return String(n);
}

/** Go's name for a JSON value's type in "json: cannot unmarshal <type> into …" errors. */
export function goJsonTypeWord(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string': return 'string';
    case 'number': return 'number';
    case 'boolean': return 'bool';
    default: return 'object';
  }
}

/** encoding/json.Marshal of decoded JSON: object keys sorted, and <, >, &, U+2028, U+2029 escaped. */
export function goJsonMarshal(value: unknown): string {
  return marshal(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// Written out rather than via JSON.stringify of a re-keyed object: JS puts integer-like keys first.
function marshal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(marshal).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const map = value as Record<string, unknown>;
  return `{${Object.keys(map).sort(byBytes).map((key) => `${JSON.stringify(key)}:${marshal(map[key])}`).join(',')}}`;
}

/** Go orders strings bytewise (UTF-8); UTF-16 order agrees except astral against U+E000–U+FFFF. */
function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
