import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderFieldError } from '../../../../src/machinery/field-errors.js';
import { applyPodDefaults } from '../../../../src/resources/pod/defaults.js';
import type { Binding, Pod } from '../../../../src/resources/pod/schema.js';
import { validatePod } from '../../../../src/resources/pod/validation/spec.js';
import { POD_UPDATE_FORBIDDEN, validateBinding, validatePodStatusUpdate, validatePodUpdate } from '../../../../src/resources/pod/validation/update.js';

const LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** A defaulted pod with `mutate` applied to its spec. */
function pod(mutate: (p: any) => void = () => undefined): Pod {
  const p: any = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], volumes: [] },
  };
  mutate(p);
  applyPodDefaults(p);
  return p as Pod;
}

const messages = (p: Pod) => validatePod(p).map(renderFieldError);

describe('validatePod', () => {
  it('accepts a defaulted pod, and the guide manifests', () => {
    assert.deepEqual(messages(pod()), []);
    assert.deepEqual(messages(pod((p) => {
      p.spec.containers[0].envFrom = [{ configMapRef: { name: 'app-config' }, prefix: 'CONFIG_' }];
      p.spec.containers[0].env = [{ name: 'SERVER_PORT', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'server.port', optional: true } } }];
      p.spec.containers[0].volumeMounts = [{ name: 'config-volume', mountPath: '/etc/config', readOnly: true }];
      p.spec.volumes = [{ name: 'config-volume', configMap: { name: 'app-config', items: [{ key: 'app.properties', path: 'application.properties' }], defaultMode: 0o400 } }];
    })), []);
  });

  it('requires containers, names and images', () => {
    assert.deepEqual(messages(pod((p) => { p.spec.containers = []; })), ['spec.containers: Required value']);
    assert.deepEqual(messages(pod((p) => { p.spec.containers = [{ name: 'App' }, { name: 'app', image: 'x' }, { name: 'app', image: 'y' }]; })), [
      `spec.containers[0].name: Invalid value: "App": ${LABEL}`,
      'spec.containers[0].image: Required value',
      'spec.containers[2].name: Duplicate value: "app"',
    ]);
    assert.deepEqual(messages(pod((p) => { p.spec.containers[0].image = ' nginx'; })), [
      'spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace',
    ]);
  });

  it('checks enumerations with upstream supported lists', () => {
    assert.deepEqual(messages(pod((p) => {
      p.spec.restartPolicy = 'Sometimes';
      p.spec.dnsPolicy = 'Cluster';
      p.spec.containers[0].imagePullPolicy = 'Maybe';
      p.spec.containers[0].terminationMessagePolicy = 'Log';
    })), [
      'spec.containers[0].terminationMessagePolicy: Unsupported value: "Log": supported values: "File", "FallbackToLogsOnError"',
      'spec.containers[0].imagePullPolicy: Unsupported value: "Maybe": supported values: "Always", "IfNotPresent", "Never"',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
  });

  it('validates env and envFrom', () => {
    assert.deepEqual(messages(pod((p) => {
      p.spec.containers[0].env = [
        { name: '' },
        { name: 'A=B', value: 'x' },
        { name: 'X', valueFrom: {} },
        { name: 'Y', value: 'v', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
        { name: 'Z', valueFrom: { secretKeyRef: { name: 's', key: 'k' }, configMapKeyRef: { name: 'c', key: 'k' } } },
        { name: 'W', valueFrom: { configMapKeyRef: { name: 'Bad_Name', key: '' } } },
        { name: 'F', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } },
        { name: 'G', valueFrom: { fieldRef: { fieldPath: 'spec.foo' } } },
      ];
      p.spec.containers[0].envFrom = [{}, { prefix: 'P=', secretRef: { name: 's' } }];
    })), [
      'spec.containers[0].env[0].name: Required value',
      'spec.containers[0].env[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
      'spec.containers[0].env[2].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      'spec.containers[0].env[3].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      'spec.containers[0].env[4].valueFrom: Invalid value: "": may not have more than one field specified at a time',
      `spec.containers[0].env[5].valueFrom.configMapKeyRef.name: Invalid value: "Bad_Name": ${SUBDOMAIN}`,
      'spec.containers[0].env[5].valueFrom.configMapKeyRef.key: Required value',
      'spec.containers[0].env[6].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.labels": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      'spec.containers[0].env[7].valueFrom.fieldRef.fieldPath: Invalid value: "spec.foo": error converting fieldPath: field label not supported: spec.foo',
      'spec.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`',
      'spec.containers[0].envFrom[1].prefix: Invalid value: "P=": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
    ]);
  });

  it('validates volumes and refuses the sources Arca cannot provide', () => {
    assert.deepEqual(messages(pod((p) => {
      p.spec.volumes = [
        { name: 'host', hostPath: { path: '/etc' } },
        { name: 'none' },
        { name: 'two', secret: { secretName: 's' }, configMap: { name: 'c' } },
        { name: 'cm', configMap: { name: '', defaultMode: 1000, items: [{ key: '', path: '../x' }] } },
        { name: 'dup', emptyDir: {} },
        { name: 'dup', emptyDir: {} },
        { name: 'Bad', emptyDir: {} },
        { name: 'dapi', downwardAPI: { items: [{ path: '/abs' }] } },
      ];
    })), [
      'spec.volumes[0]: Unsupported value: "hostPath": supported values: "configMap", "downwardAPI", "emptyDir", "projected", "secret"',
      'spec.volumes[1]: Required value: must specify a volume type',
      'spec.volumes[2].configMap: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[3].configMap.name: Required value',
      'spec.volumes[3].configMap.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive',
      'spec.volumes[3].configMap.items[0].key: Required value',
      "spec.volumes[3].configMap.items[0].path: Invalid value: \"../x\": must not contain '..'",
      'spec.volumes[5].name: Duplicate value: "dup"',
      `spec.volumes[6].name: Invalid value: "Bad": ${LABEL}`,
      'spec.volumes[7].downwardAPI.path: Invalid value: "/abs": must be a relative path',
      'spec.volumes[7].downwardAPI: Required value: one of fieldRef and resourceFieldRef is required',
    ]);
  });

  it('validates projected volumes: token rules, duplicate paths, one source per entry', () => {
    assert.deepEqual(messages(pod((p) => {
      p.spec.serviceAccountName = 'default';
      p.spec.volumes = [{
        name: 'proj',
        projected: {
          sources: [
            { serviceAccountToken: { path: 'token', expirationSeconds: 60 } },
            { configMap: { name: 'a', items: [{ key: 'k', path: 'same' }] }, secret: { name: 'b', items: [{ key: 'k', path: 'same' }] } },
          ],
        },
      }];
    })), [
      'spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
      'spec.volumes[0].projected: Invalid value: "a": conflicting duplicate paths',
      'spec.volumes[0].projected.sources[1]: Forbidden: may not specify more than 1 volume type per source',
    ]);
    assert.deepEqual(messages(pod((p) => {
      p.spec.volumes = [{ name: 'proj', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }];
    })), ['spec.volumes[0].projected.sources[0].serviceAccountToken: Forbidden: must not be specified when serviceAccountName is not set']);
  });

  it('validates volume mounts, ports and resources', () => {
    assert.deepEqual(messages(pod((p) => {
      p.spec.volumes = [{ name: 'data', emptyDir: {} }];
      p.spec.containers[0].volumeMounts = [
        { name: 'data', mountPath: '/data', subPath: '../up' },
        { name: 'missing', mountPath: '/data' },
        { name: 'data', mountPath: '/other', subPath: 'a', subPathExpr: 'b' },
      ];
      p.spec.containers[0].ports = [{ containerPort: 0 }, { containerPort: 70000, name: 'HTTP', protocol: 'ICMP' }];
      p.spec.containers[0].resources = { limits: { cpu: '500m' }, requests: { cpu: '1', gpu: '1' } };
    })), [
      'spec.containers[0].ports[0].containerPort: Required value',
      'spec.containers[0].ports[1].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[1].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
      'spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      "spec.containers[0].volumeMounts.subPath: Invalid value: \"../up\": must not contain '..'",
      'spec.containers[0].volumeMounts[1].name: Not found: "missing"',
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique',
      'spec.containers[0].volumeMounts[2].subPathExpr: Invalid value: "b": subPathExpr and subPath are mutually exclusive',
      'spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m',
      'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
    ]);
  });

  it('refuses pod and container features Arca cannot honour', () => {
    assert.deepEqual(messages(pod((p) => {
      p.spec.hostPID = true;
      p.spec.hostNetwork = true;
      p.spec.ephemeralContainers = [{ name: 'debug', image: 'busybox' }];
      p.spec.containers[0].livenessProbe = { exec: { command: ['true'] } };
    })), [
      'spec.containers[0].livenessProbe: Forbidden: not supported by Arca',
      'spec.hostNetwork: Forbidden: not supported by Arca',
      'spec.hostPID: Forbidden: not supported by Arca',
      'spec.ephemeralContainers: Forbidden: cannot be set on create',
    ]);
  });

  it('validates spec scalars and tolerations', () => {
    assert.deepEqual(messages(pod((p) => {
      p.spec.activeDeadlineSeconds = 0;
      p.spec.nodeName = 'Node_1';
      p.spec.hostname = 'Host';
      p.spec.tolerations = [{ operator: 'Equal', value: 'x' }, { key: 'k', operator: 'Exists', value: 'v', tolerationSeconds: 5, effect: 'NoSchedule' }];
      p.spec.initContainers = [{ name: 'app', image: 'x', restartPolicy: 'Never' }];
    })), [
      'spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"',
      'spec.initContainers[0].name: Duplicate value: "app"',
      `spec.nodeName: Invalid value: "Node_1": ${SUBDOMAIN}`,
      'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
      `spec.hostname: Invalid value: "Host": ${LABEL}`,
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      "spec.tolerations[1].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
      "spec.tolerations[1].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'",
    ]);
  });
});

describe('validatePodUpdate', () => {
  const old = pod((p) => { p.metadata.resourceVersion = '5'; p.spec.activeDeadlineSeconds = 100; });
  const update = (mutate: (p: any) => void) => {
    const next: any = structuredClone(old);
    mutate(next);
    return validatePodUpdate(next, old).map(renderFieldError);
  };

  it('allows image, activeDeadlineSeconds (down) and toleration additions', () => {
    assert.deepEqual(update((p) => {
      p.spec.containers[0].image = 'nginx:1.26';
      p.spec.activeDeadlineSeconds = 50;
      p.spec.tolerations = [{ key: 'k', operator: 'Exists' }];
    }), []);
  });

  it('forbids everything else with the upstream list', () => {
    assert.equal(POD_UPDATE_FORBIDDEN, 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)');
    assert.deepEqual(update((p) => { p.spec.containers[0].workingDir = '/tmp'; }), [`spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`]);
    assert.deepEqual(update((p) => { p.spec.containers.push({ ...p.spec.containers[0], name: 'b' }); }), [
      'spec.containers: Forbidden: pod updates may not add or remove containers',
    ]);
    assert.deepEqual(update((p) => { p.spec.activeDeadlineSeconds = 200; }), [
      'spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value',
    ]);
    assert.deepEqual(update((p) => { delete p.spec.activeDeadlineSeconds; }), [
      'spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value',
    ]);
  });

  it('status updates may not move the pod', () => {
    const next: any = structuredClone(old);
    next.spec.nodeName = 'n1';
    assert.deepEqual(validatePodStatusUpdate(next, old).map(renderFieldError), ['status.nodeName: Forbidden: may not be changed directly']);
  });
});

describe('validateBinding', () => {
  it('wants a Node target with a name', () => {
    const binding = (target: Binding['target']) => ({ metadata: { name: 'p' }, target }) as Binding;
    assert.deepEqual(validateBinding(binding({ kind: 'Node', name: 'n1' })), []);
    assert.deepEqual(validateBinding(binding({ kind: 'Pod' })).map(renderFieldError), [
      'target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"',
      'target.name: Required value',
    ]);
  });
});
