import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../src/agent/pod-types.js';
import { containerConsumes, failedMountMessage, podReferences } from '../../../src/agent/pod-volumes.js';

const pod: Pod = {
  metadata: { name: 'p', namespace: 'default', uid: 'u' },
  spec: {
    volumes: [
      { name: 'cfg', configMap: { name: 'app-config' } },
      { name: 'both', projected: { sources: [{ secret: { name: 'creds' } }, { configMap: { name: 'app-config' } }] } },
      { name: 'scratch', emptyDir: {} },
    ],
    initContainers: [{ name: 'init', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'init-secret', key: 'k' } } }] }],
    containers: [
      { name: 'app', envFrom: [{ configMapRef: { name: 'env-config' } }], volumeMounts: [{ name: 'cfg', mountPath: '/etc/config' }] },
      { name: 'side', volumeMounts: [{ name: 'scratch', mountPath: '/tmp/s' }] },
    ],
  },
};

describe('podReferences', () => {
  it('lists every ConfigMap and Secret the pod reads, once', () => {
    assert.deepEqual(podReferences(pod), [
      { kind: 'configmap', name: 'app-config' }, { kind: 'secret', name: 'creds' },
      { kind: 'secret', name: 'init-secret' }, { kind: 'configmap', name: 'env-config' },
    ]);
  });
});

describe('containerConsumes', () => {
  it('counts env sources and mounted volumes only', () => {
    const [app, side] = pod.spec.containers;
    assert.equal(containerConsumes(pod, app!, { kind: 'configmap', name: 'app-config' }), true);
    assert.equal(containerConsumes(pod, app!, { kind: 'configmap', name: 'env-config' }), true);
    assert.equal(containerConsumes(pod, app!, { kind: 'secret', name: 'creds' }), false);
    assert.equal(containerConsumes(pod, side!, { kind: 'configmap', name: 'app-config' }), false);
  });
});

describe('failedMountMessage', () => {
  it('uses the kubelet words', () => {
    assert.equal(failedMountMessage({ volume: 'cfg', message: 'configmap "app-config" not found' }),
      'MountVolume.SetUp failed for volume "cfg" : configmap "app-config" not found');
  });
});
