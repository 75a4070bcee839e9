// Warning response headers reach the kubectl user as `Warning: …` lines, as with Kubernetes:
// unknown fields under --validate=warn, and a kubernetes.io/tls Secret whose pair does not parse.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startArcaUpProcess, type ArcaUpProcess } from '../../helpers/arca-process.js';
import { describe, it } from '../../helpers/backend-tests.js';
import { createKubectl, type Kubectl } from '../../helpers/kubectl.js';

describe('kubectl warnings', () => {
  let arca: ArcaUpProcess;
  let kubectl: Kubectl;

  before(async () => {
    arca = await startArcaUpProcess();
    kubectl = createKubectl(arca.kubeconfig);
  });
  after(async () => {
    await arca?.cleanup();
    kubectl?.cleanup();
  });

  it('prints unknown fields as warnings with --validate=warn and still creates the object', async () => {
    const file = kubectl.file('warn.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: warned\ndata:\n  a: b\ncolour: blue\n');
    const result = await kubectl.run(['create', '-f', file, '--validate=warn']);
    assert.deepEqual(result, { code: 0, stdout: 'configmap/warned created\n', stderr: 'Warning: unknown field "colour"\n' });
  });

  it('warns about a TLS Secret whose certificate and key do not parse', async () => {
    const file = kubectl.file('tls.yaml', [
      'apiVersion: v1', 'kind: Secret', 'metadata:', '  name: not-a-pair', 'type: kubernetes.io/tls', 'data:',
      `  tls.crt: ${Buffer.from('not a certificate').toString('base64')}`,
      `  tls.key: ${Buffer.from('not a key').toString('base64')}`, '',
    ].join('\n'));
    const result = await kubectl.run(['create', '-f', file]);
    assert.deepEqual(result, {
      code: 0, stdout: 'secret/not-a-pair created\n', stderr: 'Warning: tls: failed to find any PEM data in certificate input\n',
    });
  });
});
