import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../../src/resources/pod/schema.js';
import { podTable, summarizePod } from '../../../../src/resources/pod/table.js';

const now = new Date('2025-01-01T01:00:00Z');
const created = '2025-01-01T00:00:00Z';

function pod(spec: object, status: object, meta: object = {}): Pod {
  return { metadata: { name: 'p', creationTimestamp: created, ...meta }, spec: { containers: [{ name: 'app' }], ...spec }, status } as Pod;
}
const running = (name: string, extra: object = {}) => ({ name, ready: true, restartCount: 0, image: 'x', imageID: '', state: { running: { startedAt: created } }, ...extra });

describe('pod table cells', () => {
  it('prints a pending, unscheduled pod', () => {
    assert.deepEqual(podTable.cells(pod({}, { phase: 'Pending' }), now), ['p', '0/1', 'Pending', '0', '60m', '<none>', '<none>', '<none>', '<none>']);
  });

  it('prints the waiting reason of a container (ContainerCreating, CreateContainerConfigError)', () => {
    const waiting = (reason: string) => pod({ nodeName: 'n1' }, {
      phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'x', imageID: '', state: { waiting: { reason } } }],
    });
    assert.deepEqual(summarizePod(waiting('ContainerCreating'), now), { ready: '0/1', status: 'ContainerCreating', restarts: '0' });
    assert.deepEqual(summarizePod(waiting('CreateContainerConfigError'), now).status, 'CreateContainerConfigError');
  });

  it('prints a running pod with restarts and the time of the last one', () => {
    const p = pod({ nodeName: 'n1' }, {
      phase: 'Running', podIPs: [{ ip: '10.0.0.5' }],
      containerStatuses: [running('app', { restartCount: 3, lastState: { terminated: { exitCode: 1, finishedAt: '2025-01-01T00:55:00Z' } } })],
    });
    assert.deepEqual(podTable.cells(p, now), ['p', '1/1', 'Running', '3 (5m ago)', '60m', '10.0.0.5', 'n1', '<none>', '<none>']);
  });

  it('prints Completed, ExitCode and Init progress', () => {
    const done = pod({}, { phase: 'Succeeded', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'x', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] });
    assert.equal(summarizePod(done, now).status, 'Completed');
    const failed = pod({}, { phase: 'Failed', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'x', imageID: '', state: { terminated: { exitCode: 2 } } }] });
    assert.equal(summarizePod(failed, now).status, 'ExitCode:2');
    const init = pod({ initContainers: [{ name: 'setup' }] }, {
      phase: 'Pending', initContainerStatuses: [{ name: 'setup', ready: false, restartCount: 0, image: 'x', imageID: '', state: { running: {} } }],
    });
    assert.deepEqual(summarizePod(init, now), { ready: '0/1', status: 'Init:0/1', restarts: '0' });
    const initError = pod({ initContainers: [{ name: 'setup' }] }, {
      phase: 'Pending', initContainerStatuses: [{ name: 'setup', ready: false, restartCount: 1, image: 'x', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } } }],
    });
    assert.deepEqual(summarizePod(initError, now), { ready: '0/1', status: 'Init:CrashLoopBackOff', restarts: '1' });
  });

  it('prints Terminating for a pod being deleted, but not for a finished one', () => {
    const deleting = pod({ nodeName: 'n1' }, { phase: 'Running', containerStatuses: [running('app')] }, { deletionTimestamp: created });
    assert.equal(summarizePod(deleting, now).status, 'Terminating');
    const finished = pod({}, { phase: 'Succeeded' }, { deletionTimestamp: created });
    assert.equal(summarizePod(finished, now).status, 'Succeeded');
  });
});
