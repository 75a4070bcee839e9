import { it } from 'node:test';
import assert from 'node:assert/strict';
import { compareEntries, describeComparison } from '../../../src/backup/compare-entries.js';
import type { StoredEntry } from '../../../src/backup/backup-file.js';

async function* from(items: [string, string][]): AsyncGenerator<StoredEntry> {
  for (const [key, value] of items) yield { key, value: new TextEncoder().encode(value) };
}

it('finds identical sequences identical, ticking once per key', async () => {
  let ticks = 0;
  const c = await compareEntries(from([['/a', '1'], ['/b', '2']]), from([['/a', '1'], ['/b', '2']]), () => { ticks++; });
  assert.deepEqual(c, { expected: 2, actual: 2, missing: [], unexpected: [], differing: [] });
  assert.equal(ticks, 2);
  assert.equal(describeComparison(c), 'verified: 2 keys, identical');
});

it('reports missing, unexpected and differing keys in key order', async () => {
  const c = await compareEntries(
    from([['/a', '1'], ['/b', '2'], ['/d', '4']]),
    from([['/b', '2!'], ['/c', '3'], ['/d', '4'], ['/e', '5']]),
  );
  assert.deepEqual(c, { expected: 3, actual: 4, missing: ['/a'], unexpected: ['/c', '/e'], differing: ['/b'] });
  assert.equal(describeComparison(c), 'verification failed: expected 3 keys, found 4; 1 missing (/a); 2 unexpected (/c, /e); 1 with different values (/b)');
});

it('orders keys bytewise on UTF-8, as the stores do', async () => {
  // U+FF01 sorts after U+1F600 in UTF-16 code units but before it in UTF-8 bytes.
  const keys: [string, string][] = [['/\uff01', 'x'], ['/\u{1f600}', 'y']];
  const c = await compareEntries(from(keys), from(keys));
  assert.deepEqual(c, { expected: 2, actual: 2, missing: [], unexpected: [], differing: [] });
});

it('shows at most five keys of a kind', async () => {
  const many = ['/1', '/2', '/3', '/4', '/5', '/6'].map((k): [string, string] => [k, '']);
  const c = await compareEntries(from(many), from([]));
  assert.equal(describeComparison(c), 'verification failed: expected 6 keys, found 0; 6 missing (/1, /2, /3, /4, /5, …)');
});
