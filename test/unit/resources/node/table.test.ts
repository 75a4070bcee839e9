import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node } from '../../../../src/resources/node/schema.js';
import { nodeTable } from '../../../../src/resources/node/table.js';

const now = new Date('2025-01-02T00:00:00Z');

describe('node table cells', () => {
  it('prints a Ready worker with its addresses and versions', () => {
    const node = {
      metadata: { name: 'n1', creationTimestamp: '2025-01-01T00:00:00Z', labels: { 'node-role.kubernetes.io/worker': '', 'kubernetes.io/role': 'edge' } },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '10.0.0.2' }],
        nodeInfo: { kubeletVersion: 'v1.32.0-arca', osImage: 'Debian', kernelVersion: '6.1', containerRuntimeVersion: 'arca://0.1.0' },
      },
    } as Node;
    assert.deepEqual(nodeTable.cells(node, now), ['n1', 'Ready', 'edge,worker', '24h', 'v1.32.0-arca', '10.0.0.2', '<none>', 'Debian', '6.1', 'arca://0.1.0']);
  });

  it('prints NotReady, Unknown and SchedulingDisabled', () => {
    const cells = (status: object, spec: object = {}) => nodeTable.cells({ metadata: { name: 'n' }, spec, status } as Node, now).slice(1, 3);
    assert.deepEqual(cells({ conditions: [{ type: 'Ready', status: 'False' }] }), ['NotReady', '<none>']);
    assert.deepEqual(cells({}, { unschedulable: true }), ['Unknown,SchedulingDisabled', '<none>']);
  });
});
