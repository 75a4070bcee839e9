import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkWatchStart, resolveReadRevision } from '../../../src/storage/read-revision.js';
import { StorageError } from '../../../src/storage/interface.js';

const failure = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    assert.ok(err instanceof StorageError);
    return { code: err.code, key: err.key, message: err.message, compactedRevision: err.compactedRevision };
  }
  assert.fail('expected a StorageError');
};

describe('resolveReadRevision', () => {
  it('reads the current revision when none is asked for', () => {
    assert.equal(resolveReadRevision('/k', undefined, 9, 3), 9);
    assert.equal(resolveReadRevision('/k', 0, 9, 3), 9);
  });
  it('reads any revision from the compacted one to the current one', () => {
    assert.equal(resolveReadRevision('/k', 3, 9, 3), 3);
    assert.equal(resolveReadRevision('/k', 9, 9, 3), 9);
  });
  it('refuses compacted and future revisions', () => {
    assert.deepEqual(failure(() => resolveReadRevision('/k', 2, 9, 3)), {
      code: 'Compacted', key: '/k', message: 'required revision 2 has been compacted (compacted revision 3)', compactedRevision: 3,
    });
    assert.deepEqual(failure(() => resolveReadRevision('/k', 10, 9, 3)), {
      code: 'FutureRevision', key: '/k', message: 'required revision 10 is a future revision (current revision 9)', compactedRevision: undefined,
    });
  });
});

describe('checkWatchStart', () => {
  it('allows starting at the compacted revision, not before it', () => {
    assert.equal(checkWatchStart('/p/', 3, 3), undefined);
    assert.deepEqual(failure(() => checkWatchStart('/p/', 2, 3)), {
      code: 'Compacted', key: '/p/', message: 'required revision 2 has been compacted (compacted revision 3)', compactedRevision: 3,
    });
  });
});
