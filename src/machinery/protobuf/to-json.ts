// Turns a protobufjs-decoded Kubernetes message into the plain object its JSON form would be,
// following the Go JSON rules of the generated types (see FieldSpec for presence rules).
import { MESSAGES, type FieldSpec } from './schema.js';
import { WireFormatError } from './wire-errors.js';

type Decoded = Record<string, unknown>;
type JsonObject = Record<string, unknown>;

const SCALARS = new Set(['string', 'bool', 'int32', 'int64', 'bytes']);

export function messageToJson(messageName: string, decoded: Decoded): JsonObject {
  const spec = MESSAGES[messageName];
  const out: JsonObject = {};
  for (const [name, field] of Object.entries(spec.fields)) {
    const present = Object.prototype.hasOwnProperty.call(decoded, name);
    const value = fieldToJson(field, present ? decoded[name] : undefined, present);
    if (value !== undefined) setKey(out, field.json ?? name, value);
  }
  return out;
}

/** The JSON value of one field, or undefined when the key is left out. */
function fieldToJson(field: FieldSpec, value: unknown, present: boolean): unknown {
  if (field.rule === 'map') {
    const entries = Object.entries((value ?? {}) as Decoded);
    if (entries.length === 0) return undefined;
    // encoding/json writes map keys sorted.
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const out: JsonObject = {};
    for (const [key, entry] of entries) setKey(out, key, elementToJson(field.type, entry));
    return out;
  }
  if (field.rule === 'repeated') {
    const items = (value ?? []) as unknown[];
    return items.length === 0 ? undefined : items.map((item) => elementToJson(field.type, item));
  }
  if (!SCALARS.has(field.type)) {
    if (!present && field.pointer) return undefined;
    return messageValue(field.type, (value ?? {}) as Decoded);
  }
  if (!present) return undefined;
  const json = scalarToJson(field.type, value);
  return field.pointer || !isZero(json) ? json : undefined;
}

function elementToJson(type: string, value: unknown): unknown {
  return SCALARS.has(type) ? scalarToJson(type, value) : messageValue(type, (value ?? {}) as Decoded) ?? null;
}

/** A message's JSON value; undefined for the zero Time, which Go writes as null and we omit. */
function messageValue(messageName: string, decoded: Decoded): unknown {
  const spec = MESSAGES[messageName];
  switch (spec.shape) {
    case 'time':
      return timeToJson(decoded);
    case 'rawJson':
      return rawJson(decoded.Raw as Uint8Array | undefined);
    case 'stringList':
      return messageToJson(messageName, decoded).items ?? [];
    default:
      return messageToJson(messageName, decoded);
  }
}

function scalarToJson(type: string, value: unknown): unknown {
  if (type === 'bytes') {
    // A map entry without its value holds protobufjs's default, a plain empty array.
    const bytes = value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : Buffer.from(value as number[]);
    return bytes.toString('base64');
  }
  if (type === 'int64') return toNumber(value);
  return value;
}

function isZero(json: unknown): boolean {
  return json === '' || json === 0 || json === false;
}

/** protobufjs reads int64 as a Long object. */
function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : (value as { toNumber(): number }).toNumber();
}

/**
 * metav1.Time decodes an empty message as the zero time and anything else as whole seconds
 * since the epoch (nanos are dropped), then marshals as RFC 3339 in UTC.
 */
function timeToJson(decoded: Decoded): string | undefined {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(decoded, key);
  if (!has('seconds') && !has('nanos')) return undefined;
  return formatGoRfc3339(has('seconds') ? toNumber(decoded.seconds) : 0);
}

/** Go's time.RFC3339 layout for a UTC instant, including years outside 0000..9999. */
function formatGoRfc3339(unixSeconds: number): string {
  const days = Math.floor(unixSeconds / 86400);
  const secondOfDay = unixSeconds - days * 86400;
  const { year, month, day } = civilFromDays(days);
  const two = (n: number) => String(n).padStart(2, '0');
  const yearText = (year < 0 ? '-' : '') + String(Math.abs(year)).padStart(4, '0');
  const hms = [Math.floor(secondOfDay / 3600), Math.floor(secondOfDay / 60) % 60, secondOfDay % 60].map(two).join(':');
  return `${yearText}-${two(month)}-${two(day)}T${hms}Z`;
}

/** Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
function civilFromDays(daysSinceEpoch: number): { year: number; month: number; day: number } {
  const z = daysSinceEpoch + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** FieldsV1 carries its JSON verbatim; without bytes it marshals as null. */
function rawJson(raw: Uint8Array | undefined): unknown {
  if (!raw || raw.length === 0) return null;
  try {
    return JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch {
    throw new WireFormatError('metav1.FieldsV1: the managed fields are not valid JSON');
  }
}

/** Assigns without letting a `__proto__` key replace the prototype. */
function setKey(target: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
