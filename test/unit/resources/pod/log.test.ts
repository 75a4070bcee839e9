import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError } from '../../../../src/machinery/status.js';
import { logContainer, nodeDaemonEndpoint, waitingContainerError } from '../../../../src/resources/pod/log.js';
import type { Pod } from '../../../../src/resources/pod/schema.js';

const pod = (containers: string[], inits: string[] = [], status: object = {}) =>
  ({ metadata: { name: 'web' }, spec: { containers: containers.map((name) => ({ name })), initContainers: inits.map((name) => ({ name })) }, status }) as Pod;

const badRequest = (fn: () => unknown) => {
  try { fn(); } catch (e) { assert.ok(e instanceof StatusError); return [e.code, e.message]; }
  assert.fail('no error');
};

describe('pods/log container choice', () => {
  it('picks the only container, or the named one', () => {
    assert.equal(logContainer(pod(['app']), ''), 'app');
    assert.equal(logContainer(pod(['app', 'side'], ['init']), 'init'), 'init');
  });
  it('answers the upstream BadRequests', () => {
    assert.deepEqual(badRequest(() => logContainer(pod(['app', 'side'], ['init']), '')),
      [400, 'a container name must be specified for pod web, choose one of: [init app side]']);
    assert.deepEqual(badRequest(() => logContainer(pod(['app']), 'nope')), [400, 'container nope is not valid for pod web']);
  });
  it('words a waiting container as the kubelet does', () => {
    const waiting = pod(['app'], [], { containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }] });
    assert.equal(waitingContainerError(waiting, 'app'), 'container "app" in pod "web" is waiting to start: ContainerCreating');
    assert.equal(waitingContainerError(pod(['app']), 'app'), 'container "app" in pod "web" is not available');
  });
  it('finds the daemon endpoint in Node status', () => {
    assert.equal(nodeDaemonEndpoint({ status: { daemonEndpoints: { kubeletEndpoint: { Port: 10250 } }, addresses: [{ type: 'Hostname', address: 'n1' }, { type: 'InternalIP', address: '10.0.0.2' }] } }), 'http://10.0.0.2:10250');
    assert.equal(nodeDaemonEndpoint({ status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }] } }), undefined);
  });
});
