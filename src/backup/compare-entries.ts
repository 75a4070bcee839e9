// The verification pass: walks two key-ordered sequences side by side and reports every key
// that is missing, unexpected or holds different bytes, so a copy is checked without holding
// either side in memory.
import { compareKeys } from '../storage/key-range.js';
import type { StoredEntry } from './backup-file.js';

export interface Comparison {
  /** Keys in the expected sequence. */
  expected: number;
  /** Keys in the actual sequence. */
  actual: number;
  missing: string[];
  unexpected: string[];
  /** Keys present on both sides with different value bytes. */
  differing: string[];
}

export async function compareEntries(
  expected: AsyncIterable<StoredEntry>,
  actual: AsyncIterable<StoredEntry>,
  onCompared: () => void = () => {},
): Promise<Comparison> {
  const result: Comparison = { expected: 0, actual: 0, missing: [], unexpected: [], differing: [] };
  const left = expected[Symbol.asyncIterator]();
  const right = actual[Symbol.asyncIterator]();
  const nextLeft = async () => { const n = await left.next(); if (!n.done) result.expected++; return n.done ? undefined : n.value; };
  const nextRight = async () => { const n = await right.next(); if (!n.done) result.actual++; return n.done ? undefined : n.value; };
  let a = await nextLeft();
  let b = await nextRight();
  while (a || b) {
    const order = !a ? 1 : !b ? -1 : compareKeys(a.key, b.key);
    if (order < 0) {
      result.missing.push(a!.key);
      a = await nextLeft();
    } else if (order > 0) {
      result.unexpected.push(b!.key);
      b = await nextRight();
    } else {
      if (!Buffer.from(a!.value).equals(Buffer.from(b!.value))) result.differing.push(a!.key);
      a = await nextLeft();
      b = await nextRight();
    }
    onCompared();
  }
  return result;
}

export function isIdentical(c: Comparison): boolean {
  return c.missing.length === 0 && c.unexpected.length === 0 && c.differing.length === 0 && c.expected === c.actual;
}

const SHOWN_KEYS = 5;

/** One line for the user: "verified N keys" or what differs (the first few keys of each kind). */
export function describeComparison(c: Comparison): string {
  if (isIdentical(c)) return `verified: ${c.actual} keys, identical`;
  const parts = [
    problem('missing', c.missing),
    problem('unexpected', c.unexpected),
    problem('with different values', c.differing),
  ].filter(Boolean);
  return `verification failed: expected ${c.expected} keys, found ${c.actual}; ${parts.join('; ')}`;
}

function problem(what: string, keys: string[]): string {
  if (!keys.length) return '';
  const shown = keys.slice(0, SHOWN_KEYS).join(', ');
  return `${keys.length} ${what} (${shown}${keys.length > SHOWN_KEYS ? ', …' : ''})`;
}
