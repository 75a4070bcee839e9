// Reading a decoded JSON value the same way whether it came from JSON.parse (plain values) or
// from parseOrderedJson (OrderedObject and NumberLiteral keep what Go's decoder would see).
import { NumberLiteral, OrderedObject } from './ordered-json.js';

export type JsonKind = 'null' | 'bool' | 'number' | 'string' | 'array' | 'object';

/** The JSON type as Go's errors name it ("number", "object", …). */
export function jsonKind(value: unknown): JsonKind {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' || value instanceof NumberLiteral) return 'number';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) return 'array';
  return 'object';
}

/** An object's members, in document order when known. */
export function entriesOf(value: unknown): Array<[string, unknown]> {
  return value instanceof OrderedObject ? value.entries : Object.entries(value as object);
}

/** A number as Go sees it: its literal text when known, else JavaScript's rendering. */
export function numberText(value: unknown): string {
  return value instanceof NumberLiteral ? value.text : String(value);
}

/** The same value with plain objects and numbers (OrderedObject keeps the last of duplicate keys). */
export function toPlainValue(value: unknown): unknown {
  if (value instanceof NumberLiteral) return Number(value.text);
  if (Array.isArray(value)) return value.map(toPlainValue);
  if (value instanceof OrderedObject) {
    const plain: Record<string, unknown> = {};
    for (const [key, member] of value.entries) plain[key] = toPlainValue(member);
    return plain;
  }
  return value;
}
