import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podGraceRunning, preparePodForDelete } from '../../../../src/resources/pod/deletion.js';
import type { Pod } from '../../../../src/resources/pod/schema.js';

const now = '2025-01-01T00:00:00Z';
const pod = (spec: object, status: object = {}, meta: object = {}) =>
  ({ metadata: { name: 'p', ...meta }, spec: { terminationGracePeriodSeconds: 30, ...spec }, status }) as Pod;

describe('preparePodForDelete', () => {
  it('gives a bound, running pod its termination grace period', () => {
    const p = pod({ nodeName: 'n1' }, { phase: 'Running' });
    assert.equal(preparePodForDelete(p, now, undefined), true);
    assert.deepEqual(p.metadata, { name: 'p', deletionTimestamp: '2025-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 });
    assert.equal(podGraceRunning(p), true);
  });

  it('deletes unbound, finished or zero-grace pods at once', () => {
    for (const [p, grace] of [[pod({}), undefined], [pod({ nodeName: 'n1' }, { phase: 'Succeeded' }), undefined], [pod({ nodeName: 'n1' }), 0]] as const) {
      assert.equal(preparePodForDelete(p, now, grace), false);
      assert.equal(p.metadata.deletionGracePeriodSeconds, 0);
    }
  });

  it('only shortens a running grace period; 0 ends it', () => {
    const p = pod({ nodeName: 'n1' }, { phase: 'Running' }, { deletionTimestamp: '2025-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 });
    assert.equal(preparePodForDelete(p, now, 60), true);
    assert.equal(p.metadata.deletionGracePeriodSeconds, 30);
    assert.equal(preparePodForDelete(p, now, 10), true);
    assert.deepEqual([p.metadata.deletionTimestamp, p.metadata.deletionGracePeriodSeconds], ['2025-01-01T00:00:10Z', 10]);
    assert.equal(preparePodForDelete(p, now, 0), false);
    assert.equal(podGraceRunning(p), false);
  });
});
