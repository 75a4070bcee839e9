import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigMap, Pod, Secret, Volume } from '../../../src/agent/pod-types.js';
import {
  aggregateErrors, DEFAULT_VOLUME_MODE, isConfigurationVolume, isImmutableSource, volumePayload, volumeReferences,
  type VolumeInput, type VolumePayloadResult,
} from '../../../src/agent/volumes.js';

const b64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64');
const BINARY = Buffer.from([0x00, 0xff, 0x10, 0x80]);

const configMaps: Record<string, ConfigMap> = {
  'app-config': { data: { 'app.yml': 'port: 80\n', LOG_LEVEL: 'debug' }, binaryData: { 'logo.png': b64(BINARY) } },
  'kube-root-ca.crt': { data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\n' } },
  'frozen': { data: { a: '1' }, immutable: true },
};
const secrets: Record<string, Secret> = {
  'db': { data: { password: b64('s3cr3t'), 'tls.key': b64(BINARY) } },
};

const lookup = <T>(store: Record<string, T>) => (name: string): T | undefined | 'forbidden' =>
  name === 'locked' ? 'forbidden' : Object.hasOwn(store, name) ? store[name] : undefined;

const pod: Pod = {
  metadata: {
    name: 'web-1', namespace: 'shop', uid: '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
    labels: { app: 'web', 'example.com/tier': 'front' },
    annotations: { owner: 'team "a"' },
  },
  spec: {
    serviceAccountName: 'builder',
    containers: [
      { name: 'app', resources: { limits: { cpu: '250m', memory: '64Mi' } } },
      { name: 'sidecar' },
    ],
  },
};

function payload(volume: Volume, overrides: Partial<VolumeInput> = {}): VolumePayloadResult {
  return volumePayload({
    pod, volume, configMaps: lookup(configMaps), secrets: lookup(secrets),
    node: { allocatable: { cpu: '2', memory: '8Gi' }, hostIPs: ['192.168.1.10'] },
    serviceAccountToken: (audience, seconds) => `token(aud=${audience},exp=${seconds})`,
    ...overrides,
  });
}

/** path → [text (or hex for binary), octal mode] */
function files(result: VolumePayloadResult): Record<string, [string, string]> {
  assert.ok('files' in result, JSON.stringify(result));
  const out: Record<string, [string, string]> = {};
  for (const [path, file] of result.files) {
    const text = file.content.toString('utf8');
    const printable = Buffer.from(text, 'utf8').equals(file.content) ? text : `hex:${file.content.toString('hex')}`;
    out[path] = [printable, file.mode.toString(8).padStart(4, '0')];
  }
  return out;
}

describe('configMap volumes', () => {
  it('writes every data and binaryData key with the default mode 0644', () => {
    assert.equal(DEFAULT_VOLUME_MODE, 420);
    assert.deepEqual(files(payload({ name: 'cfg', configMap: { name: 'app-config' } })), {
      'app.yml': ['port: 80\n', '0644'],
      LOG_LEVEL: ['debug', '0644'],
      'logo.png': ['hex:00ff1080', '0644'],
    });
  });

  it('applies defaultMode (decimal on the wire) to every file', () => {
    assert.deepEqual(files(payload({ name: 'cfg', configMap: { name: 'app-config', defaultMode: 256 } })), {
      'app.yml': ['port: 80\n', '0400'],
      LOG_LEVEL: ['debug', '0400'],
      'logo.png': ['hex:00ff1080', '0400'],
    });
  });

  it('writes only listed items, at their paths, with per-item modes', () => {
    assert.deepEqual(files(payload({
      name: 'cfg',
      configMap: {
        name: 'app-config', defaultMode: 0o440,
        items: [
          { key: 'app.yml', path: 'config/app.yml', mode: 0o600 },
          { key: 'logo.png', path: 'img/logo.png' },
          { key: 'LOG_LEVEL', path: './level//now' },
        ],
      },
    })), {
      'config/app.yml': ['port: 80\n', '0600'],
      'img/logo.png': ['hex:00ff1080', '0440'],
      'level/now': ['debug', '0440'],
    });
  });

  it('lets the last of two items with one path win (no duplicate check outside projected volumes)', () => {
    assert.deepEqual(files(payload({
      name: 'cfg',
      configMap: { name: 'app-config', items: [{ key: 'app.yml', path: 'x' }, { key: 'LOG_LEVEL', path: 'x' }] },
    })), { x: ['debug', '0644'] });
  });

  it('treats an empty item list as no list', () => {
    assert.deepEqual(Object.keys(files(payload({ name: 'cfg', configMap: { name: 'app-config', items: [] } }))),
      ['app.yml', 'LOG_LEVEL', 'logo.png']);
  });

  it('fails on a missing key unless optional', () => {
    const volume = (optional?: boolean): Volume => ({
      name: 'cfg', configMap: { name: 'app-config', optional, items: [{ key: 'missing', path: 'm' }, { key: 'LOG_LEVEL', path: 'l' }] },
    });
    assert.deepEqual(payload(volume()), { error: 'configmap references non-existent config key: missing' });
    assert.deepEqual(files(payload(volume(true))), { l: ['debug', '0644'] });
  });

  it('fails on a missing object unless optional, which yields an empty volume', () => {
    assert.deepEqual(payload({ name: 'cfg', configMap: { name: 'nope' } }), { error: 'configmap "nope" not found' });
    assert.deepEqual(files(payload({ name: 'cfg', configMap: { name: 'nope', optional: true } })), {});
    assert.deepEqual(files(payload({ name: 'cfg', configMap: { name: 'nope', optional: true, items: [{ key: 'k', path: 'p' }] } })), {});
  });

  it('fails on an unreadable object even when optional', () => {
    assert.deepEqual(payload({ name: 'cfg', configMap: { name: 'locked', optional: true } }),
      { error: 'failed to sync configmap cache: timed out waiting for the condition' });
  });

  it('rejects item paths the atomic writer would refuse', () => {
    assert.deepEqual(payload({ name: 'cfg', configMap: { name: 'app-config', items: [{ key: 'LOG_LEVEL', path: '../escape' }] } }),
      { error: "invalid path: must not contain '..': ../escape" });
    assert.deepEqual(payload({ name: 'cfg', configMap: { name: 'app-config', items: [{ key: 'LOG_LEVEL', path: '/abs' }] } }),
      { error: 'invalid path: must be relative path: /abs' });
    assert.deepEqual(payload({ name: 'cfg', configMap: { name: 'app-config', items: [{ key: 'LOG_LEVEL', path: '..data' }] } }),
      { error: "invalid path: must not start with '..': ..data" });
  });
});

describe('secret volumes', () => {
  it('writes decoded bytes', () => {
    assert.deepEqual(files(payload({ name: 's', secret: { secretName: 'db', defaultMode: 0o400 } })), {
      password: ['s3cr3t', '0400'],
      'tls.key': ['hex:00ff1080', '0400'],
    });
  });

  it('writes listed items and fails on a missing key unless optional', () => {
    assert.deepEqual(files(payload({ name: 's', secret: { secretName: 'db', items: [{ key: 'password', path: 'db/pass', mode: 0o600 }] } })),
      { 'db/pass': ['s3cr3t', '0600'] });
    assert.deepEqual(payload({ name: 's', secret: { secretName: 'db', items: [{ key: 'user', path: 'u' }] } }),
      { error: 'references non-existent secret key: user' });
    assert.deepEqual(files(payload({ name: 's', secret: { secretName: 'db', optional: true, items: [{ key: 'user', path: 'u' }] } })), {});
  });

  it('fails on a missing secret unless optional', () => {
    assert.deepEqual(payload({ name: 's', secret: { secretName: 'gone' } }), { error: 'secret "gone" not found' });
    assert.deepEqual(files(payload({ name: 's', secret: { secretName: 'gone', optional: true } })), {});
    assert.deepEqual(payload({ name: 's', secret: { secretName: 'locked', optional: true } }),
      { error: 'failed to sync secret cache: timed out waiting for the condition' });
  });
});

describe('downwardAPI volumes', () => {
  it('renders metadata files; maps as sorted key="value" lines without a trailing newline', () => {
    assert.deepEqual(files(payload({
      name: 'info',
      downwardAPI: {
        items: [
          { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
          { path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } },
          { path: 'uid', fieldRef: { fieldPath: 'metadata.uid' } },
          { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
          { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' }, mode: 0o400 },
          { path: 'meta/app', fieldRef: { fieldPath: "metadata.labels['app']" } },
          { path: './meta//absent', fieldRef: { fieldPath: "metadata.labels['absent']" } },
        ],
      },
    })), {
      name: ['web-1', '0644'],
      namespace: ['shop', '0644'],
      uid: ['0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b', '0644'],
      labels: ['app="web"\nexample.com/tier="front"', '0644'],
      annotations: ['owner="team \\"a\\""', '0400'],
      'meta/app': ['web', '0644'],
      'meta/absent': ['', '0644'],
    });
  });

  it('renders resource values, with node allocatable for unset limits', () => {
    assert.deepEqual(files(payload({
      name: 'res',
      downwardAPI: {
        defaultMode: 0o444,
        items: [
          { path: 'cpu', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu' } },
          { path: 'cpu_m', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu', divisor: '1m' } },
          { path: 'mem', resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' } },
          { path: 'sidecar_mem', resourceFieldRef: { containerName: 'sidecar', resource: 'limits.memory', divisor: '1Mi' } },
        ],
      },
    })), {
      cpu: ['1', '0444'],
      cpu_m: ['250', '0444'],
      mem: ['64', '0444'],
      sidecar_mem: ['8192', '0444'],
    });
  });

  it('reports every failing item together', () => {
    assert.deepEqual(payload({
      name: 'res',
      downwardAPI: {
        items: [
          { path: 'a', fieldRef: { fieldPath: 'spec.nodeName' } },
          { path: 'b', resourceFieldRef: { containerName: 'ghost', resource: 'limits.cpu' } },
          { path: 'c', resourceFieldRef: { resource: 'limits.cpu' } },
        ],
      },
    }), { error: '[unsupported fieldPath: spec.nodeName, container ghost not found, container  not found]' });
  });
});

describe('projected volumes', () => {
  const serviceAccountVolume: Volume = {
    name: 'kube-api-access-abcde',
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };

  it('builds the service-account volume the admission plugin injects', () => {
    assert.deepEqual(files(payload(serviceAccountVolume)), {
      token: ['token(aud=,exp=3607)', '0644'],
      'ca.crt': ['-----BEGIN CERTIFICATE-----\n', '0644'],
      namespace: ['shop', '0644'],
    });
  });

  it('passes the audience and the default expiration to the token source', () => {
    assert.deepEqual(files(payload({ name: 'p', projected: { sources: [{ serviceAccountToken: { path: 't', audience: 'vault' } }] } })),
      { t: ['token(aud=vault,exp=3600)', '0644'] });
  });

  it('combines sources in order; a later source wins a shared path', () => {
    assert.deepEqual(files(payload({
      name: 'p',
      projected: {
        defaultMode: 0o440,
        sources: [
          { configMap: { name: 'app-config', items: [{ key: 'LOG_LEVEL', path: 'shared' }, { key: 'app.yml', path: 'config/app.yml' }] } },
          { secret: { name: 'db', items: [{ key: 'password', path: 'shared', mode: 0o400 }] } },
        ],
      },
    })), {
      shared: ['s3cr3t', '0400'],
      'config/app.yml': ['port: 80\n', '0440'],
    });
  });

  it('aggregates errors from all sources, without duplicates', () => {
    assert.deepEqual(payload({
      name: 'p',
      projected: {
        sources: [
          { configMap: { name: 'nope' } },
          { secret: { name: 'db', items: [{ key: 'user', path: 'u' }] } },
          { configMap: { name: 'nope' } },
          { configMap: { name: 'app-config', optional: true } },
        ],
      },
    }), { error: '[configmap "nope" not found, references non-existent secret key: user]' });
    assert.deepEqual(payload({ name: 'p', projected: { sources: [{ secret: { name: 'gone' } }] } }), { error: 'secret "gone" not found' });
  });

  it('reports token failures', () => {
    assert.deepEqual(payload(serviceAccountVolume, { serviceAccountToken: () => { throw new Error('serviceaccounts "builder" not found'); } }),
      { error: 'serviceaccounts "builder" not found' });
    assert.deepEqual(payload(serviceAccountVolume, { serviceAccountToken: undefined }),
      { error: 'cannot setup projected volume kube-api-access-abcde because kube client is not configured' });
  });

  it('treats a missing optional source as empty', () => {
    assert.deepEqual(files(payload({ name: 'p', projected: { sources: [{ secret: { name: 'gone', optional: true } }] } })), {});
  });
});

describe('other volume types and helpers', () => {
  it('refuses volumes it does not build', () => {
    assert.equal(isConfigurationVolume({ name: 'scratch' }), false);
    assert.equal(isConfigurationVolume({ name: 'cfg', configMap: { name: 'x' } }), true);
    assert.deepEqual(payload({ name: 'scratch' }), { error: 'volume "scratch" is not a configMap, secret, projected or downwardAPI volume' });
  });

  it('knows immutable sources', () => {
    assert.equal(isImmutableSource(configMaps['frozen']!), true);
    assert.equal(isImmutableSource(configMaps['app-config']!), false);
    assert.equal(isImmutableSource({ immutable: false }), false);
  });

  it('lists the objects a volume reads', () => {
    assert.deepEqual(volumeReferences({
      name: 'p',
      projected: { sources: [{ configMap: { name: 'a' } }, { secret: { name: 'b' } }, { downwardAPI: {} }] },
    }), { configMaps: ['a'], secrets: ['b'] });
    assert.deepEqual(volumeReferences({ name: 's', secret: { secretName: 'db' } }), { configMaps: [], secrets: ['db'] });
  });

  it('aggregates like utilerrors.NewAggregate', () => {
    assert.equal(aggregateErrors(['a']), 'a');
    assert.equal(aggregateErrors(['a', 'a']), 'a');
    assert.equal(aggregateErrors(['a', 'b', 'a']), '[a, b]');
  });
});
