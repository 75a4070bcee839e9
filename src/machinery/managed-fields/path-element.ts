// One step of a field path, as structured-merge-diff (fieldpath.PathElement) names it: a field
// of a struct or map, a keyed list item, a set item or a list index. Ordering, the FieldsV1 key
// text (`f:`, `k:`, `v:`, `i:`) and the human text used in conflict messages all follow it exactly.
import { goQuote } from '../go-format.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface KeyField { name: string; value: JsonValue }

export type PathElement =
  | { kind: 'field'; name: string }
  | { kind: 'key'; fields: KeyField[] }
  | { kind: 'value'; value: JsonValue }
  | { kind: 'index'; index: number };

export const fieldElement = (name: string): PathElement => ({ kind: 'field', name });

/** A keyed-list element; the key fields are kept sorted by name, as structured-merge-diff does. */
export const keyElement = (fields: KeyField[]): PathElement =>
  ({ kind: 'key', fields: [...fields].sort((a, b) => compareStrings(a.name, b.name)) });

export const valueElement = (value: JsonValue): PathElement => ({ kind: 'value', value });
export const indexElement = (index: number): PathElement => ({ kind: 'index', index });

/** Go compares strings byte-wise in UTF-8, which is code-point order (not UTF-16 unit order). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done) return cb.done ? 0 : -1;
    if (cb.done) return 1;
    const d = ca.value.codePointAt(0)! - cb.value.codePointAt(0)!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
}

export const isJsonObject = (v: unknown): v is { [key: string]: JsonValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const rank = (v: JsonValue): number => {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (v === null) return 5;
  return 4;
};

/** The total order structured-merge-diff's value.Compare defines: numbers, strings, bools, lists, maps, null. */
export function compareValues(a: JsonValue, b: JsonValue): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; ; i++) {
      if (i >= a.length) return i >= b.length ? 0 : -1;
      if (i >= b.length) return 1;
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
  }
  if (isJsonObject(a) && isJsonObject(b)) return compareMaps(a, b);
  return 0;
}

function compareMaps(a: { [key: string]: JsonValue }, b: { [key: string]: JsonValue }): number {
  const lLength = Object.keys(a).length;
  const rLength = Object.keys(b).length;
  if (lLength === 0 && rLength === 0) return 0;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareStrings);
  let i = 0;
  for (const key of keys) {
    let c: number;
    if (i === lLength) c = -1;
    else if (i === rLength) c = 1;
    else if (!(key in a)) c = 1;
    else if (!(key in b)) c = -1;
    else c = compareValues(a[key], b[key]);
    i++;
    if (c !== 0) return c;
  }
  return 0;
}

const KIND_ORDER = { field: 0, key: 1, value: 2, index: 3 } as const;

export function comparePathElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] < KIND_ORDER[b.kind] ? -1 : 1;
  switch (a.kind) {
    case 'field': return compareStrings(a.name, (b as typeof a).name);
    case 'key': return compareKeyFields(a.fields, (b as typeof a).fields);
    case 'value': return compareValues(a.value, (b as typeof a).value);
    case 'index': {
      const other = (b as typeof a).index;
      return a.index < other ? -1 : a.index > other ? 1 : 0;
    }
  }
}

function compareKeyFields(a: KeyField[], b: KeyField[]): number {
  for (let i = 0; ; i++) {
    if (i >= a.length) return i >= b.length ? 0 : -1;
    if (i >= b.length) return 1;
    const byName = compareStrings(a[i].name, b[i].name);
    if (byName !== 0) return byName;
    const byValue = compareValues(a[i].value, b[i].value);
    if (byValue !== 0) return byValue;
  }
}

/** JSON as Go's encoder writes it (map keys sorted, HTML characters and U+2028/9 escaped). */
export function goJson(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const keys = Object.keys(value).sort(compareStrings);
  return `{${keys.map((k) => `${goJsonString(k)}:${goJson(value[k])}`).join(',')}}`;
}

const GO_ESCAPES: Record<string, string> = {
  '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t',
  '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029',
};

/** Printable ASCII that Go's encoder writes as it is (no quote, backslash, `<`, `>` or `&`). */
const WRITTEN_AS_IS = /^[\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x5b\x5d-\x7e]*$/;

export function goJsonString(s: string): string {
  if (WRITTEN_AS_IS.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const escaped = GO_ESCAPES[ch];
    if (escaped) out += escaped;
    else if (ch.charCodeAt(0) < 0x20) out += '\\u00' + ch.charCodeAt(0).toString(16).padStart(2, '0');
    else if (ch.length === 1 && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff) out += '\ufffd';
    else out += ch;
  }
  return out + '"';
}

/** The FieldsV1 key for an element: `f:name`, `k:{"name":"x"}`, `v:"x"`, `i:0`. */
export function serializePathElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field': return `f:${pe.name}`;
    case 'key': return `k:{${pe.fields.map((f) => `${goJsonString(f.name)}:${goJson(f.value)}`).join(',')}}`;
    case 'value': return `v:${goJson(pe.value)}`;
    case 'index': return `i:${pe.index}`;
  }
}

/** Parses a FieldsV1 key; returns undefined for element types this version does not know (they are skipped). */
export function parsePathElement(text: string): PathElement | undefined {
  if (text.length < 2 || text[1] !== ':') throw new Error(`missing colon: ${text}`);
  const body = text.slice(2);
  switch (text[0]) {
    case 'f': return fieldElement(body);
    case 'v': return valueElement(JSON.parse(body) as JsonValue);
    case 'k': {
      const parsed: unknown = JSON.parse(body);
      if (!isJsonObject(parsed)) throw new Error(`key element is not an object: ${text}`);
      return keyElement(Object.entries(parsed).map(([name, value]) => ({ name, value })));
    }
    case 'i': {
      if (!/^[+-]?\d+$/.test(body)) throw new Error(`invalid index: ${text}`);
      return indexElement(Number(body));
    }
    default: return undefined;
  }
}

/** How a value prints inside conflict paths (value.ToString): strings %q, others %v. */
function valueText(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(valueText).join(',')}]`;
  return Object.keys(v).map((k) => `${k}=${valueText(v[k])}`).join('');
}

/** The human form used in conflict messages and causes: `.data`, `[name="app"]`, `[="x"]`, `[0]`. */
export function pathElementText(pe: PathElement): string {
  switch (pe.kind) {
    case 'field': return `.${pe.name}`;
    case 'key': return `[${pe.fields.map((f) => `${f.name}=${valueText(f.value)}`).join(',')}]`;
    case 'value': return `[=${valueText(pe.value)}]`;
    case 'index': return `[${pe.index}]`;
  }
}
