import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { compactionTarget, startCompactor } from '../../../src/storage/compactor.js';
import type { Store } from '../../../src/storage/interface.js';

describe('compactionTarget', () => {
  it('does nothing on the first tick', () => {
    assert.equal(compactionTarget(undefined, 50, 0, 0), undefined);
  });
  it('compacts to the revision seen at the previous tick', () => {
    assert.equal(compactionTarget(40, 50, 10, 0), 40);
  });
  it('keeps the requested number of latest revisions', () => {
    assert.equal(compactionTarget(40, 50, 10, 20), 30);
  });
  it('never moves backwards or stays put', () => {
    assert.equal(compactionTarget(40, 50, 40, 0), undefined);
    assert.equal(compactionTarget(40, 50, 45, 0), undefined);
    assert.equal(compactionTarget(40, 50, 10, 45), undefined);
  });
});

/** A store that only knows revisions, recording compactions; `revision` moves as the test says. */
function fakeStore(failFirstCompaction = false) {
  const state = { revision: 0, compacted: 0, compactions: [] as number[], fail: failFirstCompaction };
  const store = {
    currentRevision: async () => state.revision,
    compactedRevision: async () => state.compacted,
    compact: async (revision: number) => {
      if (state.fail) {
        state.fail = false;
        throw new Error('disk on fire');
      }
      state.compactions.push(revision);
      state.compacted = revision;
    },
  } as unknown as Store;
  return { store, state };
}

/** Moves the mocked clock and lets the tick's promise chain finish. */
async function advance(ms: number) {
  mock.timers.tick(ms);
  await new Promise((resolve) => setImmediate(resolve));
}

describe('startCompactor', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('compacts each interval to the revision seen one interval before', async () => {
    const { store, state } = fakeStore();
    state.revision = 10;
    const compactor = startCompactor(store, { intervalMs: 1000 });
    await advance(999);
    assert.deepEqual(state.compactions, []);
    await advance(1); // first tick: sees 10
    state.revision = 25;
    assert.deepEqual(state.compactions, []);
    await advance(1000); // compacts to 10, sees 25
    assert.deepEqual(state.compactions, [10]);
    state.revision = 26;
    await advance(1000); // compacts to 25, sees 26
    await advance(1000); // compacts to 26
    assert.deepEqual(state.compactions, [10, 25, 26]);
    await advance(1000); // nothing new
    compactor.stop();
    state.revision = 40;
    await advance(5000);
    assert.deepEqual(state.compactions, [10, 25, 26]);
  });

  it('holds back the latest keepRevisions revisions', async () => {
    const { store, state } = fakeStore();
    state.revision = 100;
    const compactor = startCompactor(store, { intervalMs: 1000, keepRevisions: 30 });
    await advance(1000);
    state.revision = 120;
    await advance(1000);
    compactor.stop();
    assert.deepEqual(state.compactions, [90]);
  });

  it('reports a failed tick and carries on', async () => {
    const { store, state } = fakeStore(true);
    state.revision = 10;
    const errors: string[] = [];
    const compactor = startCompactor(store, { intervalMs: 1000, onError: (err) => errors.push((err as Error).message) });
    await advance(1000);
    await advance(1000); // fails
    await advance(1000); // compacts to 10
    compactor.stop();
    assert.deepEqual(errors, ['disk on fire']);
    assert.deepEqual(state.compactions, [10]);
  });
});
