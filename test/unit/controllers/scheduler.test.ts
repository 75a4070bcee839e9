import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failedSchedulingMessage } from '../../../src/controllers/scheduler.js';
import type { Node } from '../../../src/resources/node/schema.js';

describe('failedSchedulingMessage', () => {
  it('words the scheduler FitError', () => {
    assert.equal(failedSchedulingMessage([]), 'no nodes available to schedule pods');
    const notReady = { metadata: { name: 'a' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } } as Node;
    const cordoned = { metadata: { name: 'b' }, spec: { unschedulable: true } } as Node;
    assert.equal(failedSchedulingMessage([notReady, notReady]),
      '0/2 nodes are available: 2 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
    assert.equal(failedSchedulingMessage([notReady, cordoned]),
      '0/2 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
  });
});
