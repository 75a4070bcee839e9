import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandCommand, expandSubPathExpr, resolveEnvironment, sortPodIPs, type EnvironmentInput } from '../../../src/agent/env.js';
import type { ConfigMap, Container, EnvVar, Pod, Secret } from '../../../src/agent/pod-types.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

const configMapStore: Record<string, ConfigMap> = {
  'app-config': {
    data: { LOG_LEVEL: 'debug', MODE: 'from-config', '1st-key.with-dots': 'kept', REF: '$(LOG_LEVEL)', constructor: 'ctor' },
    binaryData: { BLOB: b64('binary') },
  },
  'overrides': { data: { MODE: 'from-overrides', EXTRA: 'x' } },
  'empty': {},
};
const secretStore: Record<string, Secret> = {
  'db': { data: { PASSWORD: b64('s3cr3t'), USER: b64('admin'), UNICODE: b64('héllo ✓') } },
};

function lookupIn<T>(store: Record<string, T>, calls?: string[]) {
  return (name: string): T | undefined | 'forbidden' => {
    calls?.push(name);
    if (name === 'locked') return 'forbidden';
    return Object.hasOwn(store, name) ? store[name] : undefined;
  };
}

const appContainer: Container = {
  name: 'app',
  resources: { limits: { cpu: '250m', memory: '64Mi' }, requests: { cpu: '100m', memory: '32Mi' } },
};

function podWith(container: Container, extra: Container[] = []): Pod {
  return {
    metadata: {
      name: 'web-1', namespace: 'shop', uid: '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
      labels: { app: 'web', 'example.com/tier': 'front' },
      annotations: { owner: 'team "a"', 'Example.com/Note': 'hi' },
    },
    spec: {
      nodeName: 'node-a', serviceAccountName: 'builder',
      containers: [container, { name: 'sidecar' }, ...extra],
      initContainers: [{ name: 'init', resources: { limits: { cpu: '3' } } }],
    },
  };
}

function input(container: Container, overrides: Partial<EnvironmentInput> = {}): EnvironmentInput {
  return {
    pod: podWith(container),
    container,
    configMaps: lookupIn(configMapStore),
    secrets: lookupIn(secretStore),
    node: { allocatable: { cpu: '2', memory: '8Gi', 'ephemeral-storage': '100Gi' }, hostIPs: ['192.168.1.10', 'fd00::10'] },
    podIPs: ['10.1.0.7', 'fd00:1::7'],
    ...overrides,
  };
}

const withEnv = (env: EnvVar[], envFrom: Container['envFrom'] = []): Container => ({ ...appContainer, env, envFrom });
const resolve = (container: Container, overrides: Partial<EnvironmentInput> = {}) => resolveEnvironment(input(container, overrides));
function envOf(result: ReturnType<typeof resolveEnvironment>): Record<string, string> {
  assert.ok('env' in result, JSON.stringify(result));
  return result.env;
}
const failure = (message: string) => ({ error: { reason: 'CreateContainerConfigError', message } });

describe('envFrom', () => {
  it('exposes every ConfigMap data key unfiltered, ignoring binaryData', () => {
    assert.deepEqual(resolve(withEnv([], [{ configMapRef: { name: 'app-config' } }])), {
      env: { LOG_LEVEL: 'debug', MODE: 'from-config', '1st-key.with-dots': 'kept', REF: '$(LOG_LEVEL)', constructor: 'ctor' },
    });
  });

  it('prefixes every key', () => {
    assert.deepEqual(resolve(withEnv([], [{ prefix: 'DB_', secretRef: { name: 'db' } }])), {
      env: { DB_PASSWORD: 's3cr3t', DB_USER: 'admin', DB_UNICODE: 'héllo ✓' },
    });
  });

  it('lets a later source overwrite an earlier one', () => {
    assert.equal(envOf(resolve(withEnv([], [{ configMapRef: { name: 'overrides' } }, { configMapRef: { name: 'app-config' } }]))).MODE,
      'from-config');
    assert.equal(envOf(resolve(withEnv([], [{ configMapRef: { name: 'app-config' } }, { configMapRef: { name: 'overrides' } }]))).MODE,
      'from-overrides');
  });

  it('skips a missing optional source', () => {
    assert.deepEqual(resolve(withEnv([], [{ configMapRef: { name: 'nope', optional: true } }, { secretRef: { name: 'gone', optional: true } }])),
      { env: {} });
  });

  it('fails on a missing required source with the singular resource name', () => {
    assert.deepEqual(resolve(withEnv([], [{ configMapRef: { name: 'nope' } }])), failure('configmap "nope" not found'));
    assert.deepEqual(resolve(withEnv([], [{ secretRef: { name: 'gone' } }])), failure('secret "gone" not found'));
    assert.deepEqual(resolve(withEnv([], [{ configMapRef: { name: 'nope', optional: false } }])), failure('configmap "nope" not found'));
  });

  it('fails on an unreadable source even when optional', () => {
    assert.deepEqual(resolve(withEnv([], [{ configMapRef: { name: 'locked', optional: true } }])),
      failure('failed to sync configmap cache: timed out waiting for the condition'));
    assert.deepEqual(resolve(withEnv([], [{ secretRef: { name: 'locked', optional: true } }])),
      failure('failed to sync secret cache: timed out waiting for the condition'));
  });

  it('treats an object without data as no variables', () => {
    assert.deepEqual(resolve(withEnv([], [{ configMapRef: { name: 'empty' } }])), { env: {} });
  });
});

describe('env values and $(VAR) expansion', () => {
  it('expands references to envFrom values and earlier env entries, not later ones', () => {
    const result = envOf(resolve(withEnv([
      { name: 'A', value: 'a' },
      { name: 'B', value: '$(A)-$(LOG_LEVEL)-$(C)' },
      { name: 'C', value: 'c' },
      { name: 'D', value: '$(B)+$(C)' },
    ], [{ configMapRef: { name: 'app-config' } }])));
    assert.equal(result.B, 'a-debug-$(C)');
    assert.equal(result.D, 'a-debug-$(C)+c');
  });

  it('keeps undefined references, escapes and unterminated references as Kubernetes does', () => {
    const result = envOf(resolve(withEnv([
      { name: 'EMPTY', value: '' },
      { name: 'X', value: '$(UNDEFINED)' },
      { name: 'Y', value: '$$(EMPTY)' },
      { name: 'Z', value: 'foo$(EMPTY)bar' },
      { name: 'W', value: '$(' },
      { name: 'V', value: '$(X)' },
    ])));
    assert.deepEqual(result, { EMPTY: '', X: '$(UNDEFINED)', Y: '$(EMPTY)', Z: 'foobar', W: '$(', V: '$(UNDEFINED)' });
  });

  it('never expands values taken from envFrom or valueFrom', () => {
    const result = envOf(resolve(withEnv([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'FROM_KEY', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'REF' } } },
    ], [{ configMapRef: { name: 'app-config' } }])));
    assert.equal(result.REF, '$(LOG_LEVEL)');
    assert.equal(result.FROM_KEY, '$(LOG_LEVEL)');
  });

  it('lets env override envFrom, and a later duplicate override an earlier one', () => {
    const result = envOf(resolve(withEnv([
      { name: 'MODE', value: 'from-env' },
      { name: 'DUP', value: 'first' },
      { name: 'DUP', value: 'second' },
    ], [{ configMapRef: { name: 'app-config' } }])));
    assert.equal(result.MODE, 'from-env');
    assert.equal(result.DUP, 'second');
  });

  it('sets an entry with neither value nor valueFrom to the empty string', () => {
    assert.deepEqual(resolve(withEnv([{ name: 'BLANK' }])), { env: { BLANK: '' } });
  });
});

describe('service links', () => {
  const serviceEnv = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', MODE: 'from-service' };

  it('adds service variables with the lowest precedence', () => {
    assert.deepEqual(resolve(withEnv([], [{ configMapRef: { name: 'overrides' } }]), { serviceEnv }), {
      env: { MODE: 'from-overrides', EXTRA: 'x', KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' },
    });
  });

  it('resolves references to service variables after container variables', () => {
    const result = envOf(resolve(withEnv([
      { name: 'URL', value: 'https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)/$(MODE)' },
    ]), { serviceEnv }));
    assert.equal(result.URL, 'https://10.96.0.1:443/from-service');
  });
});

describe('configMapKeyRef and secretKeyRef', () => {
  it('reads single keys; secrets decode to text', () => {
    assert.deepEqual(resolve(withEnv([
      { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'LOG_LEVEL' } } },
      { name: 'PASS', valueFrom: { secretKeyRef: { name: 'db', key: 'PASSWORD' } } },
    ])), { env: { LEVEL: 'debug', PASS: 's3cr3t' } });
  });

  it('fails on a missing key with the kubelet message', () => {
    assert.deepEqual(resolve(withEnv([{ name: 'X', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'MISSING' } } }])),
      failure("couldn't find key MISSING in ConfigMap shop/app-config"));
    assert.deepEqual(resolve(withEnv([{ name: 'X', valueFrom: { secretKeyRef: { name: 'db', key: 'MISSING' } } }])),
      failure("couldn't find key MISSING in Secret shop/db"));
  });

  it('looks keys up in data only: binaryData and Object.prototype names are missing', () => {
    assert.deepEqual(resolve(withEnv([{ name: 'X', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'BLOB' } } }])),
      failure("couldn't find key BLOB in ConfigMap shop/app-config"));
    assert.deepEqual(resolve(withEnv([{ name: 'X', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'toString' } } }])),
      failure("couldn't find key toString in ConfigMap shop/app-config"));
    assert.deepEqual(resolve(withEnv([{ name: 'X', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'constructor' } } }])),
      { env: { X: 'ctor' } });
  });

  it('fails on a missing object', () => {
    assert.deepEqual(resolve(withEnv([{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }])),
      failure('configmap "nope" not found'));
    assert.deepEqual(resolve(withEnv([{ name: 'X', valueFrom: { secretKeyRef: { name: 'gone', key: 'k' } } }])),
      failure('secret "gone" not found'));
  });

  it('leaves the variable out (not empty) when an optional object or key is missing', () => {
    assert.deepEqual(resolve(withEnv([
      { name: 'A', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k', optional: true } } },
      { name: 'B', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'MISSING', optional: true } } },
      { name: 'C', valueFrom: { secretKeyRef: { name: 'gone', key: 'k', optional: true } } },
      { name: 'D', valueFrom: { secretKeyRef: { name: 'db', key: 'MISSING', optional: true } } },
    ])), { env: {} });
  });

  it('keeps an envFrom value when an optional reference of the same name is skipped', () => {
    const result = envOf(resolve(withEnv([{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k', optional: true } } }],
      [{ configMapRef: { name: 'app-config' } }])));
    assert.equal(result.MODE, 'from-config');
  });

  it('fails on an unreadable object even when optional', () => {
    assert.deepEqual(resolve(withEnv([{ name: 'X', valueFrom: { secretKeyRef: { name: 'locked', key: 'k', optional: true } } }])),
      failure('failed to sync secret cache: timed out waiting for the condition'));
  });

  it('stops at the first failure', () => {
    assert.deepEqual(resolve(withEnv([
      { name: 'A', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'NOPE1' } } },
      { name: 'B', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'NOPE2' } } },
    ])), failure("couldn't find key NOPE1 in ConfigMap shop/app-config"));
  });

  it('fetches each object once per resolution', () => {
    const calls: string[] = [];
    resolve(withEnv([
      { name: 'A', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'LOG_LEVEL' } } },
      { name: 'B', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'MODE' } } },
    ], [{ configMapRef: { name: 'app-config' } }]), { configMaps: lookupIn(configMapStore, calls) });
    assert.deepEqual(calls, ['app-config']);
  });
});

describe('fieldRef', () => {
  const field = (fieldPath: string, apiVersion?: string): EnvVar => ({ name: 'V', valueFrom: { fieldRef: { fieldPath, apiVersion } } });
  const value = (fieldPath: string, overrides: Partial<EnvironmentInput> = {}) => resolve(withEnv([field(fieldPath)]), overrides);

  const cases: Array<[string, string]> = [
    ['metadata.name', 'web-1'],
    ['metadata.namespace', 'shop'],
    ['metadata.uid', '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b'],
    ['spec.nodeName', 'node-a'],
    ['spec.host', 'node-a'],
    ['spec.serviceAccountName', 'builder'],
    ['status.hostIP', '192.168.1.10'],
    ['status.hostIPs', '192.168.1.10,fd00::10'],
    ['status.podIP', '10.1.0.7'],
    ['status.podIPs', '10.1.0.7,fd00:1::7'],
    ["metadata.labels['app']", 'web'],
    ["metadata.labels['example.com/tier']", 'front'],
    ["metadata.labels['absent']", ''],
    ["metadata.annotations['owner']", 'team "a"'],
    ["metadata.annotations['Example.com/Note']", 'hi'],
    ['metadata.labels', 'app="web"\nexample.com/tier="front"'],
  ];
  for (const [path, expected] of cases) {
    it(`${path} → ${JSON.stringify(expected)}`, () => assert.deepEqual(value(path), { env: { V: expected } }));
  }

  it('accepts an explicit v1 apiVersion and rejects others', () => {
    assert.deepEqual(resolve(withEnv([field('metadata.name', 'v1')])), { env: { V: 'web-1' } });
    assert.deepEqual(resolve(withEnv([field('metadata.name', 'v2')])), failure('unsupported pod version: v2'));
  });

  it('rejects unsupported paths and subscripts on other paths', () => {
    assert.deepEqual(value('spec.containers'), failure('field label not supported: spec.containers'));
    assert.deepEqual(value("metadata.name['x']"), failure("field label does not support subscript: metadata.name['x']"));
    // Convertible labels the runtime extractor does not know.
    assert.deepEqual(value('status.phase'), failure('unsupported fieldPath: status.phase'));
    assert.deepEqual(value('spec.restartPolicy'), failure('unsupported fieldPath: spec.restartPolicy'));
  });

  it('orders pod IPs by the node family: first of each family, preferred first', () => {
    const ips = ['fd00:1::7', '10.1.0.7', '10.1.0.8', 'fd00:1::8'];
    assert.deepEqual(value('status.podIPs', { podIPs: ips }), { env: { V: '10.1.0.7,fd00:1::7' } });
    assert.deepEqual(value('status.podIP', { podIPs: ips, node: { allocatable: {}, hostIPs: ['fd00::10', '192.168.1.10'] } }),
      { env: { V: 'fd00:1::7' } });
    assert.deepEqual(value('status.podIPs', { podIPs: ips, node: { allocatable: {}, hostIPs: ['fd00::10'] } }),
      { env: { V: 'fd00:1::7,10.1.0.7' } });
    assert.deepEqual(value('status.podIP', { podIPs: [] }), { env: { V: '' } });
  });

  it('fails without host addresses', () => {
    assert.deepEqual(value('status.hostIP', { node: { allocatable: {}, hostIPs: [] } }), failure('host IP unknown; known addresses: []'));
  });
});

describe('sortPodIPs', () => {
  it('defaults to IPv4 first when the node has no addresses, and treats IPv4-mapped IPv6 as IPv4', () => {
    assert.deepEqual(sortPodIPs(['fd00::1', '::ffff:10.0.0.1'], []), ['::ffff:10.0.0.1', 'fd00::1']);
    assert.deepEqual(sortPodIPs(['fd00::1'], []), ['fd00::1']);
    assert.deepEqual(sortPodIPs(['not-an-ip', '10.0.0.2'], ['10.0.0.9']), ['10.0.0.2']);
  });
});

describe('resourceFieldRef', () => {
  const ref = (resource: string, divisor?: string, containerName?: string): EnvVar =>
    ({ name: 'R', valueFrom: { resourceFieldRef: { resource, divisor, containerName } } });
  const value = (variable: EnvVar, container: Container = appContainer) => resolve({ ...container, env: [variable] });

  const cases: Array<[EnvVar, string]> = [
    [ref('limits.cpu'), '1'],
    [ref('limits.cpu', '1'), '1'],
    [ref('limits.cpu', '1m'), '250'],
    [ref('requests.cpu', '1m'), '100'],
    [ref('limits.memory', '1Mi'), '64'],
    [ref('limits.memory'), '67108864'],
    [ref('requests.memory', '1Mi'), '32'],
    // No limit: the node's allocatable stands in.
    [ref('limits.ephemeral-storage', '1Gi'), '100'],
    [ref('limits.cpu', '1m', 'sidecar'), '2000'],
    [ref('limits.memory', '1Gi', 'sidecar'), '8'],
    // No request: zero.
    [ref('requests.cpu', '1m', 'sidecar'), '0'],
    [ref('requests.ephemeral-storage'), '0'],
    // Init containers named explicitly keep their own limits.
    [ref('limits.cpu', '1m', 'init'), '3000'],
    [ref('limits.memory', '1', 'init'), '0'],
  ];
  for (const [variable, expected] of cases) {
    const s = variable.valueFrom!.resourceFieldRef!;
    it(`${s.containerName ?? '(self)'} ${s.resource} / ${s.divisor ?? '1'} → ${expected}`, () => {
      assert.deepEqual(value(variable), { env: { R: expected } });
    });
  }

  it('uses the node allocatable for a zero limit and for a container without resources', () => {
    assert.deepEqual(value(ref('limits.cpu', '1m'), { name: 'app', resources: { limits: { cpu: '0' } } }), { env: { R: '2000' } });
    assert.deepEqual(value(ref('limits.memory', '1Mi'), { name: 'app' }), { env: { R: '8192' } });
  });

  it('fails for an unknown container or resource', () => {
    assert.deepEqual(value(ref('limits.cpu', undefined, 'ghost')), failure('container ghost not found'));
    assert.deepEqual(value(ref('limits.gpu')), failure('Unsupported container resource : limits.gpu'));
  });
});

describe('precedence, all together', () => {
  it('env > later envFrom > earlier envFrom > service links', () => {
    const result = envOf(resolve(withEnv([{ name: 'EXTRA', value: 'env' }], [
      { configMapRef: { name: 'app-config' } },
      { configMapRef: { name: 'overrides' } },
    ]), { serviceEnv: { EXTRA: 'svc', MODE: 'svc', LOG_LEVEL: 'svc', ONLY_SVC: 'svc' } }));
    assert.deepEqual(result, {
      LOG_LEVEL: 'debug', MODE: 'from-overrides', '1st-key.with-dots': 'kept', REF: '$(LOG_LEVEL)', constructor: 'ctor',
      EXTRA: 'env', ONLY_SVC: 'svc',
    });
  });

  it('keeps a variable named __proto__ as an ordinary entry', () => {
    const result = envOf(resolve(withEnv([{ name: '__proto__', value: 'p' }])));
    assert.equal(Object.getOwnPropertyDescriptor(result, '__proto__')?.value, 'p');
    assert.equal(Object.getPrototypeOf(result), Object.prototype);
  });
});

describe('expandCommand', () => {
  it('expands command and args against the final environment', () => {
    const env = { GREETING: 'hello', TARGET: 'world', EMPTY: '' };
    assert.deepEqual(expandCommand(['sh', '-c', 'echo $(GREETING) $$(GREETING) $(MISSING)'], ['$(TARGET)$(EMPTY)!', '$(', '$$$(TARGET)'], env), {
      command: ['sh', '-c', 'echo hello $(GREETING) $(MISSING)'],
      args: ['world!', '$(', '$world'],
    });
  });

  it('returns empty lists for absent command and args', () => {
    assert.deepEqual(expandCommand(undefined, undefined, {}), { command: [], args: [] });
  });
});

describe('expandSubPathExpr', () => {
  it('expands against the final environment', () => {
    assert.deepEqual(expandSubPathExpr('logs/$(POD_NAME)/$$(x)', { POD_NAME: 'web-1' }), { path: 'logs/web-1/$(x)' });
  });

  it('fails on undefined or empty variables, listing them sorted', () => {
    assert.deepEqual(expandSubPathExpr('$(Z)/$(A)/$(EMPTY)/$(OK)', { EMPTY: '', OK: 'ok' }), { error: 'missing value for A, EMPTY, Z' });
  });
});
