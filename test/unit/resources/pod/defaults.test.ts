import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyCreateAdmissionDefaults, applyPodDefaults, defaultPullPolicy } from '../../../../src/resources/pod/defaults.js';
import { podQOSClass } from '../../../../src/resources/pod/qos.js';
import type { Pod } from '../../../../src/resources/pod/schema.js';

describe('applyPodDefaults', () => {
  it('defaults what kubectl run leaves out, as the v1 API does', () => {
    const pod = {
      metadata: { name: 'debug', labels: { run: 'debug' } },
      spec: { containers: [{ name: 'debug', image: 'busybox', args: ['sleep', '3600'], resources: {} }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' },
    } as Pod;
    applyPodDefaults(pod);
    assert.deepEqual(pod.spec, {
      containers: [{
        name: 'debug', image: 'busybox', args: ['sleep', '3600'], resources: {},
        imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
      }],
      restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', securityContext: {}, terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler', enableServiceLinks: true,
    });
  });

  it('copies limits into missing requests, defaults ports, fieldRefs and volume modes', () => {
    const pod = {
      metadata: {},
      spec: {
        containers: [{
          name: 'a', image: 'app:1.0', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } },
          ports: [{ containerPort: 80 }], env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        }],
        volumes: [
          { name: 'c', configMap: { name: 'c' } }, { name: 's', secret: { secretName: 's', defaultMode: 256 } },
          { name: 'p', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }, { name: 'd', downwardAPI: {} },
        ],
      },
    } as unknown as Pod;
    applyPodDefaults(pod);
    const c = pod.spec!.containers![0]!;
    assert.deepEqual(c.resources, { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
    assert.deepEqual(c.ports, [{ containerPort: 80, protocol: 'TCP' }]);
    assert.deepEqual(c.env, [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } } }]);
    assert.equal(c.imagePullPolicy, 'IfNotPresent');
    assert.deepEqual(pod.spec!.volumes, [
      { name: 'c', configMap: { name: 'c', defaultMode: 420 } }, { name: 's', secret: { secretName: 's', defaultMode: 256 } },
      { name: 'p', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }], defaultMode: 420 } },
      { name: 'd', downwardAPI: { defaultMode: 420 } },
    ]);
  });

  it('pulls :latest and untagged images Always, tagged or digested ones IfNotPresent', () => {
    assert.deepEqual(['busybox', 'busybox:latest', 'busybox:1.36', 'localhost:5000/app', 'localhost:5000/app:v2', 'app@sha256:abc'].map(defaultPullPolicy),
      ['Always', 'Always', 'IfNotPresent', 'Always', 'IfNotPresent', 'IfNotPresent']);
  });
});

describe('applyCreateAdmissionDefaults', () => {
  it('adds priority, preemptionPolicy and the two 300s NoExecute tolerations once', () => {
    const pod = { metadata: {}, spec: { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }] } } as Pod;
    applyCreateAdmissionDefaults(pod);
    assert.deepEqual(pod.spec, {
      priority: 0, preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    });
  });
});

describe('podQOSClass', () => {
  const withResources = (...resources: object[]) => ({ metadata: {}, spec: { containers: resources.map((r, i) => ({ name: `c${i}`, resources: r })) } }) as Pod;
  it('classifies as upstream', () => {
    assert.equal(podQOSClass(withResources({})), 'BestEffort');
    assert.equal(podQOSClass(withResources({ requests: { cpu: '0' } })), 'BestEffort');
    assert.equal(podQOSClass(withResources({ requests: { cpu: '100m' } })), 'Burstable');
    assert.equal(podQOSClass(withResources({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1Gi' } })), 'Guaranteed');
    assert.equal(podQOSClass(withResources({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } }, {})), 'Burstable');
  });
});
