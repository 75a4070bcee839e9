import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KubeconfigParams, renderKubeconfig, writeKubeconfig } from '../../../src/pki/kubeconfig.js';

const params: KubeconfigParams = {
  server: 'https://127.0.0.1:6443',
  caPem: 'CA\n',
  clientCertPem: 'CERT\n',
  clientKeyPem: 'KEY\n',
  clusterName: 'arca',
  userName: 'arca-admin',
  contextName: 'arca',
};

// base64 of "CA\n", "CERT\n" and "KEY\n"
const withoutNamespace = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: Q0EK
    server: https://127.0.0.1:6443
  name: arca
contexts:
- context:
    cluster: arca
    user: arca-admin
  name: arca
current-context: arca
kind: Config
preferences: {}
users:
- name: arca-admin
  user:
    client-certificate-data: Q0VSVAo=
    client-key-data: S0VZCg==
`;

describe('renderKubeconfig', () => {
  it('embeds the CA and the client credentials as base64 of their PEM text', () => {
    assert.equal(renderKubeconfig(params), withoutNamespace);
  });

  it("sets the context's namespace when given", () => {
    assert.equal(
      renderKubeconfig({ ...params, namespace: 'team-a', contextName: 'arca-team-a' }),
      withoutNamespace
        .replace('    cluster: arca\n    user: arca-admin\n  name: arca\n', '    cluster: arca\n    namespace: team-a\n    user: arca-admin\n  name: arca-team-a\n')
        .replace('current-context: arca\n', 'current-context: arca-team-a\n'),
    );
  });

  it('keeps long base64 values on one line', () => {
    const longPem = `-----BEGIN CERTIFICATE-----\n${'A'.repeat(64)}\n${'B'.repeat(64)}\n-----END CERTIFICATE-----\n`;
    const line = renderKubeconfig({ ...params, caPem: longPem })
      .split('\n')
      .find((text) => text.includes('certificate-authority-data'));
    assert.equal(line, `    certificate-authority-data: ${Buffer.from(longPem).toString('base64')}`);
  });
});

describe('writeKubeconfig', () => {
  it('writes the rendered kubeconfig owner-only, creating its directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arca-kubeconfig-'));
    try {
      const path = join(dir, '.kube', 'config');
      await writeKubeconfig(path, params);
      assert.equal(await readFile(path, 'utf8'), withoutNamespace);
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      assert.equal((await stat(join(dir, '.kube'))).mode & 0o777, 0o700);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('makes an existing world-readable file owner-only when overwriting it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arca-kubeconfig-'));
    try {
      const path = join(dir, 'config');
      await writeFile(path, 'old', { mode: 0o644 });
      await writeKubeconfig(path, params);
      assert.equal(await readFile(path, 'utf8'), withoutNamespace);
      assert.equal((await stat(path)).mode & 0o777, 0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
