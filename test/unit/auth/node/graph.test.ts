import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NodeGraph } from '../../../../src/auth/node/graph.js';
import { podReferences } from '../../../../src/auth/node/pod-references.js';
import type { KubeObject } from '../../../../src/machinery/object.js';

const pod = (name: string, spec: Record<string, unknown>): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec } as KubeObject);

test('a pod references its env, envFrom, volume, image pull and service account objects, each once', () => {
  const p = pod('web', {
    nodeName: 'n1',
    serviceAccountName: 'runner',
    imagePullSecrets: [{ name: 'registry' }],
    initContainers: [{ name: 'init', envFrom: [{ secretRef: { name: 'init-env' } }] }],
    containers: [{ name: 'app', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'settings', key: 'a' } } }, { name: 'B', valueFrom: { secretKeyRef: { name: 'db', key: 'p' } } }] }],
    ephemeralContainers: [{ name: 'debug', envFrom: [{ configMapRef: { name: 'debug-env' } }] }],
    volumes: [
      { name: 'c', configMap: { name: 'settings' } },
      { name: 's', secret: { secretName: 'tls' } },
      { name: 'p', projected: { sources: [{ configMap: { name: 'kube-root-ca.crt' } }, { secret: { name: 'db' } }, { serviceAccountToken: { path: 'token' } }] } },
      { name: 'scratch', emptyDir: {} },
    ],
  });
  assert.deepEqual(podReferences(p), [
    { type: 'secret', name: 'registry' },
    { type: 'secret', name: 'init-env' },
    { type: 'configmap', name: 'settings' },
    { type: 'secret', name: 'db' },
    { type: 'configmap', name: 'debug-env' },
    { type: 'secret', name: 'tls' },
    { type: 'configmap', name: 'kube-root-ca.crt' },
    { type: 'serviceaccount', name: 'runner' },
  ]);
});

test('a node reaches what its bound pods reference, and loses it with the last such pod', () => {
  const graph = new NodeGraph();
  graph.setPod(pod('a', { nodeName: 'n1', containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'x' } }] }] }));
  graph.setPod(pod('b', { nodeName: 'n1', volumes: [{ name: 'v', secret: { secretName: 'x' } }] }));
  graph.setPod(pod('pending', { containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'y' } }] }] }));
  assert.equal(graph.related('n1', 'secret', 'default', 'x'), true);
  assert.equal(graph.related('n1', 'pod', 'default', 'a'), true);
  assert.equal(graph.related('n2', 'secret', 'default', 'x'), false);
  assert.equal(graph.related('n1', 'secret', 'other', 'x'), false);
  assert.equal(graph.related('n1', 'configmap', 'default', 'x'), false);
  assert.equal(graph.related('n1', 'secret', 'default', 'y'), false);
  assert.equal(graph.related('n1', 'pod', 'default', 'pending'), false);
  graph.deletePod('default', 'a');
  assert.equal(graph.related('n1', 'secret', 'default', 'x'), true);
  assert.equal(graph.related('n1', 'pod', 'default', 'a'), false);
  graph.deletePod('default', 'b');
  assert.equal(graph.related('n1', 'secret', 'default', 'x'), false);
});

test('a changed pod replaces its references, and a rebound pod moves to its new node', () => {
  const graph = new NodeGraph();
  graph.setPod(pod('a', { nodeName: 'n1', volumes: [{ name: 'v', configMap: { name: 'old' } }] }));
  graph.setPod(pod('a', { nodeName: 'n2', volumes: [{ name: 'v', configMap: { name: 'new' } }] }));
  assert.equal(graph.related('n1', 'configmap', 'default', 'old'), false);
  assert.equal(graph.related('n1', 'configmap', 'default', 'new'), false);
  assert.equal(graph.related('n2', 'configmap', 'default', 'new'), true);
  assert.equal(graph.related('n2', 'configmap', 'default', 'old'), false);
});
