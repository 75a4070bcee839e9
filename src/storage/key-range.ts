// Prefix → key range, so a backend can answer "keys under a prefix" with an ordered index scan.
// Keys compare bytewise on their UTF-8 encoding (etcd's and SQLite's BINARY order); UTF-8
// preserves code point order, so the arithmetic below can work on code points.

const MAX_CODE_POINT = 0x10ffff;
const SURROGATES_FIRST = 0xd800;
const SURROGATES_END = 0xe000;

export interface KeyRange {
  /** First key in the range (inclusive). */
  start: string;
  /** First key after the range (exclusive); undefined: the range runs to the end of the key space. */
  end: string | undefined;
}

/** The smallest key greater than every key that starts with `prefix` (undefined: none exists). */
export function prefixEnd(prefix: string): string | undefined {
  const codePoints = Array.from(prefix);
  while (codePoints.length > 0) {
    const last = codePoints.pop()!.codePointAt(0)!;
    if (last < MAX_CODE_POINT) {
      const next = last + 1 === SURROGATES_FIRST ? SURROGATES_END : last + 1;
      return codePoints.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

/**
 * Orders keys bytewise on UTF-8 (negative, 0, positive). JavaScript's `<` compares UTF-16 code
 * units, which disagrees only between surrogates and U+E000..U+FFFF: moving those two blocks
 * past each other restores code point order.
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(codeUnit: number): number {
  if (codeUnit >= SURROGATES_END) return codeUnit - 0x800;
  if (codeUnit >= SURROGATES_FIRST) return codeUnit + 0x2000;
  return codeUnit;
}

/** The keys under `prefix`, starting at `startKey` when it lies further in the range. */
export function prefixRange(prefix: string, startKey?: string): KeyRange {
  const start = startKey !== undefined && compareKeys(startKey, prefix) > 0 ? startKey : prefix;
  return { start, end: prefixEnd(prefix) };
}

/** The smallest key after `key`: lets "keys after the last one returned" reuse a ">=" range. */
export function keyAfter(key: string): string {
  return `${key}\u0000`;
}
