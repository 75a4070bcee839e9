import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podPhase, podStatus, type ContainerRecord } from '../../../src/agent/pod-status.js';
import type { Pod } from '../../../src/agent/pod-types.js';

const pod = (restartPolicy: string, init: string[] = []): Pod => ({
  metadata: { name: 'p', namespace: 'default', uid: 'u' },
  spec: { restartPolicy, containers: [{ name: 'app' }], initContainers: init.map((name) => ({ name })) },
});
const waiting = (name: string, reason = 'ContainerCreating'): ContainerRecord => ({ name, image: 'busybox', restartCount: 0, state: { waiting: { reason } } });
const running = (name: string): ContainerRecord => ({ name, image: 'busybox', restartCount: 0, state: { running: { startedAt: 't0' } } });
const exited = (name: string, exitCode: number): ContainerRecord =>
  ({ name, image: 'busybox', restartCount: 0, state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', finishedAt: 't1' } } });
const crashLooping = (name: string, exitCode: number): ContainerRecord =>
  ({ ...waiting(name, 'CrashLoopBackOff'), lastState: { terminated: { exitCode, reason: 'Error', finishedAt: 't1' } } });

describe('podPhase', () => {
  it('follows the kubelet getPhase', () => {
    assert.equal(podPhase(pod('Always'), [], [waiting('app')]), 'Pending');
    assert.equal(podPhase(pod('Always'), [], [running('app')]), 'Running');
    assert.equal(podPhase(pod('Always'), [], [crashLooping('app', 1)]), 'Running');
    assert.equal(podPhase(pod('Always'), [], [exited('app', 0)]), 'Running');
    assert.equal(podPhase(pod('OnFailure'), [], [exited('app', 0)]), 'Succeeded');
    assert.equal(podPhase(pod('OnFailure'), [], [exited('app', 2)]), 'Running');
    assert.equal(podPhase(pod('Never'), [], [exited('app', 2)]), 'Failed');
    assert.equal(podPhase(pod('Never'), [], [exited('app', 0)]), 'Succeeded');
    assert.equal(podPhase(pod('Always', ['init']), [running('init')], [waiting('app', 'PodInitializing')]), 'Pending');
    assert.equal(podPhase(pod('Never', ['init']), [exited('init', 1)], [waiting('app', 'PodInitializing')]), 'Failed');
    assert.equal(podPhase(pod('Always', ['init']), [crashLooping('init', 1)], [waiting('app', 'PodInitializing')]), 'Pending');
    assert.equal(podPhase(pod('Always', ['init']), [exited('init', 0)], [running('app')]), 'Running');
  });
});

describe('podStatus', () => {
  const base = { hostIP: '127.0.0.1', podIP: '127.0.0.1', startTime: 't0', now: 't9' };

  it('reports a pod blocked on its init container', () => {
    const status = podStatus({ ...base, pod: pod('Always', ['init']), initContainers: [running('init')], containers: [waiting('app', 'PodInitializing')], sandboxReady: true });
    assert.deepEqual(status, {
      phase: 'Pending',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: 't9' },
        { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [init]', lastProbeTime: null, lastTransitionTime: 't9' },
        { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]', lastProbeTime: null, lastTransitionTime: 't9' },
        { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]', lastProbeTime: null, lastTransitionTime: 't9' },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: 't9' },
      ],
      hostIP: '127.0.0.1', hostIPs: [{ ip: '127.0.0.1' }], podIP: '127.0.0.1', podIPs: [{ ip: '127.0.0.1' }], startTime: 't0',
      containerStatuses: [{ name: 'app', state: { waiting: { reason: 'PodInitializing' } }, lastState: {}, ready: false, restartCount: 0, image: 'busybox', imageID: '', started: false }],
      initContainerStatuses: [{ name: 'init', state: { running: { startedAt: 't0' } }, lastState: {}, ready: true, restartCount: 0, image: 'busybox', imageID: '', started: true }],
    });
  });

  it('keeps transition times of unchanged conditions and marks a completed pod', () => {
    const previous = [{ type: 'Initialized', status: 'True' as const, lastProbeTime: null, lastTransitionTime: 't1' },
      { type: 'Ready', status: 'True' as const, lastProbeTime: null, lastTransitionTime: 't1' }];
    const status = podStatus({ ...base, pod: pod('Never'), initContainers: [], containers: [exited('app', 0)], sandboxReady: true, previousConditions: previous });
    assert.equal(status.phase, 'Succeeded');
    assert.deepEqual(status.conditions, [
      { type: 'PodReadyToStartContainers', status: 'False', lastProbeTime: null, lastTransitionTime: 't9' },
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: 't1' },
      { type: 'Ready', status: 'False', reason: 'PodCompleted', lastProbeTime: null, lastTransitionTime: 't9' },
      { type: 'ContainersReady', status: 'False', reason: 'PodCompleted', lastProbeTime: null, lastTransitionTime: 't9' },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: 't9' },
    ]);
    assert.equal(status.initContainerStatuses, undefined);
  });
});
