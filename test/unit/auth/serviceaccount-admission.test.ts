import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceAccountAdmission, type AdmissionPod, type AdmissionServiceAccount } from '../../../src/auth/serviceaccount-admission.js';
import { StatusError } from '../../../src/machinery/status.js';

const pod = (spec: Partial<AdmissionPod['spec']> = {}): AdmissionPod => ({
  metadata: { name: 'web', namespace: 'team-a' },
  spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
});
const sa = (fields: Partial<AdmissionServiceAccount> = {}): AdmissionServiceAccount => ({ metadata: { name: 'default', namespace: 'team-a' }, ...fields });
const fixedSuffix = { volumeSuffix: () => 'x7k2p' };
const apiAccessVolume = {
  name: 'kube-api-access-x7k2p',
  projected: {
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
    defaultMode: 420,
  },
};
const apiAccessMount = { name: 'kube-api-access-x7k2p', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };

const admitted = (result: AdmissionPod | StatusError): AdmissionPod => {
  assert.ok(!(result instanceof StatusError), result instanceof StatusError ? result.message : '');
  return result as AdmissionPod;
};
const refused = (result: AdmissionPod | StatusError): StatusError => {
  assert.ok(result instanceof StatusError);
  return result;
};

describe('serviceAccountAdmission', () => {
  it('defaults to the default service account and mounts the API access volume in every container', () => {
    const input = pod({ initContainers: [{ name: 'init' }], containers: [{ name: 'app' }, { name: 'sidecar', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] });
    assert.deepEqual(admitted(serviceAccountAdmission(input, sa(), fixedSuffix)), {
      metadata: { name: 'web', namespace: 'team-a' },
      spec: {
        serviceAccountName: 'default',
        initContainers: [{ name: 'init', volumeMounts: [apiAccessMount] }],
        containers: [
          { name: 'app', volumeMounts: [apiAccessMount] },
          { name: 'sidecar', volumeMounts: [{ name: 'data', mountPath: '/data' }, apiAccessMount] },
        ],
        volumes: [apiAccessVolume],
        imagePullSecrets: [],
      },
    });
    assert.deepEqual(input.spec.volumes, undefined, 'the input pod is left as it was');
  });

  it('uses a random five-character suffix by default', () => {
    const volumes = admitted(serviceAccountAdmission(pod(), sa())).spec.volumes ?? [];
    assert.match(volumes[0]!.name, /^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('leaves containers that already mount the token path, and adds no volume when none needs it', () => {
    const own = { name: 'mine', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };
    const result = admitted(serviceAccountAdmission(pod({ containers: [{ name: 'app', volumeMounts: [own] }] }), sa(), fixedSuffix));
    assert.deepEqual(result.spec.containers, [{ name: 'app', volumeMounts: [own] }]);
    assert.equal(result.spec.volumes, undefined);
  });

  it('lets the pod, then the service account, turn automounting off', () => {
    assert.equal(admitted(serviceAccountAdmission(pod({ automountServiceAccountToken: false }), sa(), fixedSuffix)).spec.volumes, undefined);
    assert.equal(admitted(serviceAccountAdmission(pod(), sa({ automountServiceAccountToken: false }), fixedSuffix)).spec.volumes, undefined);
    assert.deepEqual(admitted(serviceAccountAdmission(pod({ automountServiceAccountToken: true }), sa({ automountServiceAccountToken: false }), fixedSuffix)).spec.volumes, [apiAccessVolume]);
  });

  it('copies image pull secrets from the service account only when the pod has none', () => {
    const withPull = sa({ imagePullSecrets: [{ name: 'registry' }] });
    assert.deepEqual(admitted(serviceAccountAdmission(pod(), withPull, fixedSuffix)).spec.imagePullSecrets, [{ name: 'registry' }]);
    assert.deepEqual(admitted(serviceAccountAdmission(pod({ imagePullSecrets: [{ name: 'own' }] }), withPull, fixedSuffix)).spec.imagePullSecrets, [{ name: 'own' }]);
  });

  it('refuses a pod whose service account does not exist', () => {
    const error = refused(serviceAccountAdmission(pod({ serviceAccountName: 'builder' }), undefined));
    assert.deepEqual(error.status, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'pods "web" is forbidden: error looking up service account team-a/builder: serviceaccount "builder" not found',
      reason: 'Forbidden', details: { name: 'web', kind: 'pods' }, code: 403,
    });
  });

  it('refuses secrets the service account does not list when it enforces mountable secrets', () => {
    const enforcing = (fields: Partial<AdmissionServiceAccount> = {}) =>
      sa({ metadata: { name: 'builder', namespace: 'team-a', annotations: { 'kubernetes.io/enforce-mountable-secrets': 'true' } }, secrets: [{ name: 'ok' }], ...fields });
    const message = (p: AdmissionPod, account = enforcing()) => refused(serviceAccountAdmission(p, account, fixedSuffix)).message;
    assert.equal(message(pod({ volumes: [{ name: 'v', secret: { secretName: 'db' } }] })),
      'pods "web" is forbidden: volume with secret.secretName="db" is not allowed because service account builder does not reference that secret');
    assert.equal(message(pod({ initContainers: [{ name: 'init', env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db' } } }] }] })),
      'pods "web" is forbidden: init container init with envVar PW referencing secret.secretName="db" is not allowed because service account builder does not reference that secret');
    assert.equal(message(pod({ containers: [{ name: 'app', envFrom: [{ secretRef: { name: 'db' } }] }] })),
      'pods "web" is forbidden: container app with envFrom referencing secret.secretName="db" is not allowed because service account builder does not reference that secret');
    assert.equal(message(pod({ imagePullSecrets: [{ name: 'registry' }] })),
      'pods "web" is forbidden: imagePullSecrets[0].name="registry" is not allowed because service account builder does not reference that imagePullSecret');
    admitted(serviceAccountAdmission(pod({ volumes: [{ name: 'v', secret: { secretName: 'ok' } }] }), enforcing(), fixedSuffix));
    const lenient = sa({ metadata: { name: 'builder', namespace: 'team-a', annotations: { 'kubernetes.io/enforce-mountable-secrets': 'no' } } });
    admitted(serviceAccountAdmission(pod({ volumes: [{ name: 'v', secret: { secretName: 'db' } }] }), lenient, fixedSuffix));
  });
});
