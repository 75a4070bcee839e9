import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  containerResourceValue, extractFieldPathAsString, findContainer, formatMap, splitSubscriptedPath,
  withNodeAllocatableLimits,
} from '../../../src/agent/downward-api.js';
import type { Container, Pod } from '../../../src/agent/pod-types.js';

const pod: Pod = {
  metadata: {
    name: 'web-1', namespace: 'shop', uid: '8a1b2c3d-0000-4000-8000-000000000001',
    labels: { app: 'web', 'tier.example.com/role': 'front' },
    annotations: { 'note': 'say "hi"\nbye', 'Example.com/Owner': 'ops' },
  },
  spec: {
    containers: [
      { name: 'app', resources: { limits: { cpu: '250m', memory: '64Mi' }, requests: { cpu: '100m', memory: '32Mi' } } },
      { name: 'sidecar' },
    ],
    initContainers: [{ name: 'init', resources: { limits: { cpu: '2' } } }],
  },
};

describe('splitSubscriptedPath', () => {
  it('splits the key off a subscripted path', () => {
    assert.deepEqual(splitSubscriptedPath("metadata.labels['app']"), { path: 'metadata.labels', subscript: 'app' });
    assert.deepEqual(splitSubscriptedPath("metadata.annotations['a[b]c']"), { path: 'metadata.annotations', subscript: 'a[b]c' });
    assert.deepEqual(splitSubscriptedPath("metadata.labels['']"), { path: 'metadata.labels', subscript: '' });
  });
  it('leaves other paths alone', () => {
    assert.equal(splitSubscriptedPath('metadata.labels'), undefined);
    assert.equal(splitSubscriptedPath("['app']"), undefined);
    assert.equal(splitSubscriptedPath("metadata.labels[app']"), undefined);
  });
});

describe('formatMap', () => {
  it('renders sorted key="value" lines with Go-quoted values and no trailing newline', () => {
    assert.equal(formatMap({ b: '2', a: 'x"y', c: 'line\nbreak' }), 'a="x\\"y"\nb="2"\nc="line\\nbreak"');
  });
  it('renders nothing for no entries', () => {
    assert.equal(formatMap({}), '');
    assert.equal(formatMap(undefined), '');
  });
});

describe('extractFieldPathAsString', () => {
  const cases: Array<[string, string]> = [
    ['metadata.name', 'web-1'],
    ['metadata.namespace', 'shop'],
    ['metadata.uid', '8a1b2c3d-0000-4000-8000-000000000001'],
    ['metadata.labels', 'app="web"\ntier.example.com/role="front"'],
    ['metadata.annotations', 'Example.com/Owner="ops"\nnote="say \\"hi\\"\\nbye"'],
    ["metadata.labels['app']", 'web'],
    ["metadata.labels['tier.example.com/role']", 'front'],
    ["metadata.labels['missing']", ''],
    ["metadata.annotations['note']", 'say "hi"\nbye'],
    ["metadata.annotations['Example.com/Owner']", 'ops'],
  ];
  for (const [path, expected] of cases) {
    it(`${path} → ${JSON.stringify(expected)}`, () => assert.deepEqual(extractFieldPathAsString(pod, path), { value: expected }));
  }

  it('rejects an invalid label key (annotation keys are checked lower-cased)', () => {
    assert.deepEqual(extractFieldPathAsString(pod, "metadata.labels['a b']"), {
      error: "invalid key subscript in metadata.labels['a b']: name part must consist of alphanumeric characters, '-', '_' or '.', " +
        "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', " +
        "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    });
  });

  it('rejects subscripts on other paths and unsupported paths', () => {
    assert.deepEqual(extractFieldPathAsString(pod, "metadata.name['x']"), { error: 'fieldPath "metadata.name[\'x\']" does not support subscript' });
    assert.deepEqual(extractFieldPathAsString(pod, 'spec.nodeName'), { error: 'unsupported fieldPath: spec.nodeName' });
  });
});

describe('containers and node-allocatable limits', () => {
  it('finds regular containers before init containers', () => {
    assert.equal(findContainer(pod, 'sidecar')?.name, 'sidecar');
    assert.equal(findContainer(pod, 'init')?.name, 'init');
    assert.equal(findContainer(pod, 'nope'), undefined);
  });

  it('fills missing or zero cpu/memory/ephemeral-storage limits from the node, never huge pages', () => {
    const container: Container = { name: 'c', resources: { limits: { cpu: '0', 'hugepages-2Mi': '0' }, requests: { cpu: '1' } } };
    const allocatable = { cpu: '4', memory: '8Gi', 'ephemeral-storage': '100Gi', 'hugepages-2Mi': '1Gi' };
    assert.deepEqual(withNodeAllocatableLimits(container, allocatable), {
      name: 'c',
      resources: {
        limits: { cpu: '4', 'hugepages-2Mi': '0', memory: '8Gi', 'ephemeral-storage': '100Gi' },
        requests: { cpu: '1' },
      },
    });
    assert.deepEqual(container.resources?.limits, { cpu: '0', 'hugepages-2Mi': '0' }, 'the input is not modified');
  });

  it('keeps limits that are set', () => {
    const merged = withNodeAllocatableLimits(pod.spec.containers[0]!, { cpu: '4', memory: '8Gi' });
    assert.deepEqual(merged.resources?.limits, { cpu: '250m', memory: '64Mi' });
  });
});

describe('containerResourceValue', () => {
  const app: Container = {
    name: 'app',
    resources: {
      limits: { cpu: '250m', memory: '64Mi', 'ephemeral-storage': '1Gi', 'hugepages-2Mi': '4Mi' },
      requests: { cpu: '100m', memory: '32Mi' },
    },
  };
  const cases: Array<[string, string | number | undefined, string]> = [
    ['limits.cpu', undefined, '1'],
    ['limits.cpu', '1', '1'],
    ['limits.cpu', '1m', '250'],
    ['requests.cpu', '1m', '100'],
    ['requests.cpu', undefined, '1'],
    ['limits.memory', undefined, '67108864'],
    ['limits.memory', '1Mi', '64'],
    ['limits.memory', '1Ki', '65536'],
    ['requests.memory', '1Mi', '32'],
    ['limits.ephemeral-storage', '1Gi', '1'],
    ['requests.ephemeral-storage', undefined, '0'],
    ['limits.hugepages-2Mi', '1Mi', '4'],
    ['requests.hugepages-2Mi', '1Mi', '0'],
    ['limits.cpu', 1, '1'],
    ['limits.cpu', '0', '1'],
  ];
  for (const [resource, divisor, expected] of cases) {
    it(`${resource} / ${divisor ?? '(default)'} → ${expected}`, () => {
      assert.deepEqual(containerResourceValue({ resource, divisor }, app), { value: expected });
    });
  }

  it('rejects resources it does not know', () => {
    assert.deepEqual(containerResourceValue({ resource: 'limits.nvidia.com/gpu' }, app), {
      error: 'Unsupported container resource : limits.nvidia.com/gpu',
    });
    assert.deepEqual(containerResourceValue({ resource: 'cpu' }, app), { error: 'Unsupported container resource : cpu' });
  });

  it('reports an unparsable divisor', () => {
    assert.deepEqual(containerResourceValue({ resource: 'limits.cpu', divisor: 'x' }, app), {
      error: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    });
  });
});
