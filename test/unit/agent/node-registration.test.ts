import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeResources, nodeStatus } from '../../../src/agent/node-registration.js';

const facts = { nodeName: 'n1', hostIP: '127.0.0.1', kubeletPort: 41000, cpuCount: 2, memoryBytes: 25_769_803_776 };

describe('node registration', () => {
  it('reports the host as allocatable', () => {
    assert.deepEqual(nodeResources(facts), { cpu: '2', memory: '25165824Ki', pods: '110' });
  });

  it('is Ready, reachable on 127.0.0.1 and names its log port', () => {
    const status = nodeStatus(facts, 'now', 'since') as any;
    assert.deepEqual(status.conditions.at(-1), {
      type: 'Ready', status: 'True', lastHeartbeatTime: 'now', lastTransitionTime: 'since', reason: 'KubeletReady', message: 'kubelet is posting ready status',
    });
    assert.deepEqual(status.addresses, [{ type: 'InternalIP', address: '127.0.0.1' }, { type: 'Hostname', address: 'n1' }]);
    assert.deepEqual(status.daemonEndpoints, { kubeletEndpoint: { Port: 41000 } });
  });
});
