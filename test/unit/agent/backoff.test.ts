import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffAfterExit, formatBackoff, KUBELET_BACKOFF } from '../../../src/agent/backoff.js';

describe('backoffAfterExit', () => {
  it('restarts at once after the first exit, then waits 10s, 20s, 40s … capped at 5m', () => {
    let entry;
    const waits: number[] = [];
    let now = 0;
    for (let i = 0; i < 8; i++) {
      const next = backoffAfterExit(KUBELET_BACKOFF, entry, now);
      waits.push(next.waitMs);
      entry = next.entry;
      now += next.waitMs + 1;
    }
    assert.deepEqual(waits, [0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });

  it('starts over when the entry was last advanced more than twice the cap ago', () => {
    const entry = { delayMs: 80_000, lastUpdate: 1000 };
    assert.deepEqual(backoffAfterExit(KUBELET_BACKOFF, entry, 1000 + 600_001), { waitMs: 0, entry: { delayMs: 10_000, lastUpdate: 601_001 } });
    assert.deepEqual(backoffAfterExit(KUBELET_BACKOFF, entry, 1000 + 600_000), { waitMs: 80_000, entry: { delayMs: 160_000, lastUpdate: 681_000 } });
  });

  it('honours a shortened policy', () => {
    assert.deepEqual(backoffAfterExit({ initialMs: 100, maxMs: 300 }, { delayMs: 200, lastUpdate: 0 }, 5), { waitMs: 200, entry: { delayMs: 300, lastUpdate: 205 } });
  });
});

describe('formatBackoff', () => {
  it('writes Go durations', () => {
    assert.deepEqual([10_000, 20_000, 80_000, 300_000, 250].map(formatBackoff), ['10s', '20s', '1m20s', '5m0s', '250ms']);
  });
});
