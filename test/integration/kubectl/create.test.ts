// `kubectl create configmap|secret|namespace` (typed clients: protobuf request bodies) against
// `arca up`, in every form the seed guide shows, checked through `kubectl get -o yaml`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { startArcaUpProcess, type ArcaUpProcess } from '../../helpers/arca-process.js';
import { describe, it } from '../../helpers/backend-tests.js';
import { assertFailure, assertSuccess, createKubectl, maskGenerated, type Kubectl } from '../../helpers/kubectl.js';

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

describe('kubectl create', () => {
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

  const run = (...args: string[]) => kubectl.run(args);
  const yamlOf = async (...args: string[]) => {
    const res = await run('get', ...args, '-o', 'yaml');
    assert.equal(res.code, 0, res.stderr);
    return maskGenerated(res.stdout);
  };

  it('creates a ConfigMap from literals (guide)', async () => {
    assertSuccess(await kubectl.shell(
      'kubectl create configmap app-config \\\n  --from-literal=database_url=mongodb://localhost:27017 \\\n  --from-literal=cache_ttl=300'),
    'configmap/app-config created\n');
    assert.equal(await yamlOf('configmap', 'app-config'), [
      'apiVersion: v1',
      'data:',
      '  cache_ttl: "300"',
      '  database_url: mongodb://localhost:27017',
      'kind: ConfigMap',
      'metadata:',
      '  creationTimestamp: "<time>"',
      '  name: app-config',
      '  namespace: default',
      '  resourceVersion: "<rv>"',
      '  uid: <uid>',
      '',
    ].join('\n'));
    assertSuccess(await run('delete', 'configmap', 'app-config'), 'configmap "app-config" deleted\n');
  });

  it('creates a ConfigMap from files (guide)', async () => {
    kubectl.file('app.properties', 'color.background=blue\ncolor.foreground=white\n');
    kubectl.file('app.yml', 'server:\n  port: 8080\n');
    assertSuccess(await kubectl.shell('kubectl create configmap app-config \\\n  --from-file=app.properties \\\n  --from-file=app.yml'),
      'configmap/app-config created\n');
    assert.equal(await yamlOf('configmap', 'app-config'), [
      'apiVersion: v1',
      'data:',
      '  app.properties: |',
      '    color.background=blue',
      '    color.foreground=white',
      '  app.yml: |',
      '    server:',
      '      port: 8080',
      'kind: ConfigMap',
      'metadata:',
      '  creationTimestamp: "<time>"',
      '  name: app-config',
      '  namespace: default',
      '  resourceVersion: "<rv>"',
      '  uid: <uid>',
      '',
    ].join('\n'));
    assertSuccess(await run('delete', 'configmap', 'app-config'), 'configmap "app-config" deleted\n');
  });

  it('creates a ConfigMap from a directory (guide)', async () => {
    kubectl.file('config-dir/one.properties', 'one=1\n');
    kubectl.file('config-dir/two.properties', 'two=2');
    kubectl.file('config-dir/nested/ignored.properties', 'not read: subfolders are skipped\n');
    assertSuccess(await kubectl.shell('kubectl create configmap app-config --from-file=config-dir/'), 'configmap/app-config created\n');
    assertSuccess(await run('get', 'configmap', 'app-config', '-o', 'jsonpath={.data}'), '{"one.properties":"one=1\\n","two.properties":"two=2"}');
  });

  it('names keys after --from-file=key=path and puts non-UTF-8 files into binaryData', async () => {
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe]);
    kubectl.file('logo.png', binary);
    kubectl.file('settings.ini', '[main]\nmode=fast\n');
    assertSuccess(await run('create', 'configmap', 'assets', '--from-file=config.ini=settings.ini', '--from-file=logo.png'),
      'configmap/assets created\n');
    assert.equal(await yamlOf('configmap', 'assets'), [
      'apiVersion: v1',
      'binaryData:',
      `  logo.png: ${b64(binary)}`,
      'data:',
      '  config.ini: |',
      '    [main]',
      '    mode=fast',
      'kind: ConfigMap',
      'metadata:',
      '  creationTimestamp: "<time>"',
      '  name: assets',
      '  namespace: default',
      '  resourceVersion: "<rv>"',
      '  uid: <uid>',
      '',
    ].join('\n'));
    assertSuccess(await run('get', 'configmap', 'assets', '-o', 'jsonpath={.binaryData.logo\\.png}'), b64(binary));
  });

  it('creates a ConfigMap from an env file', async () => {
    kubectl.file('app.env', '# settings\nLOG_LEVEL=debug\n\n  QUOTED="kept as is"\nEMPTY=\n');
    assertSuccess(await run('create', 'configmap', 'env-config', '--from-env-file=app.env'), 'configmap/env-config created\n');
    assertSuccess(await run('get', 'configmap', 'env-config', '-o', 'jsonpath={.data}'),
      '{"EMPTY":"","LOG_LEVEL":"debug","QUOTED":"\\"kept as is\\""}');
  });

  it('creates a generic Secret from literals and reads a value back (guide)', async () => {
    assertSuccess(await kubectl.shell(
      'kubectl create secret generic app-secrets \\\n  --from-literal=username=admin \\\n  --from-literal=password=password'),
    'secret/app-secrets created\n');
    assert.equal(await yamlOf('secret', 'app-secrets'), [
      'apiVersion: v1',
      'data:',
      '  password: cGFzc3dvcmQ=',
      '  username: YWRtaW4=',
      'kind: Secret',
      'metadata:',
      '  creationTimestamp: "<time>"',
      '  name: app-secrets',
      '  namespace: default',
      '  resourceVersion: "<rv>"',
      '  uid: <uid>',
      'type: Opaque',
      '',
    ].join('\n'));
    assertSuccess(await kubectl.shell("kubectl get secret app-secrets -o jsonpath='{.data.password}' | base64 --decode"), 'password');
  });

  it('creates a generic Secret from files (guide)', async () => {
    kubectl.file('cert.pem', '-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----\n');
    kubectl.file('key.pem', '-----BEGIN PRIVATE KEY-----\nnot really\n-----END PRIVATE KEY-----\n');
    assertSuccess(await kubectl.shell('kubectl create secret generic tls-certs \\\n  --from-file=cert.pem \\\n  --from-file=key.pem'),
      'secret/tls-certs created\n');
    assertSuccess(await run('get', 'secret', 'tls-certs', '-o', 'jsonpath={.type} {.data.cert\\.pem} {.data.key\\.pem}'),
      `Opaque ${b64(readFileSync(join(kubectl.workDir, 'cert.pem')))} ${b64(readFileSync(join(kubectl.workDir, 'key.pem')))}`);
  });

  it('creates a TLS Secret from a certificate and key made by openssl (guide)', async () => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tls.key', '-out', 'tls.crt',
      '-days', '1', '-subj', '/CN=example.com'], { cwd: kubectl.workDir, stdio: 'ignore' });
    assertSuccess(await kubectl.shell('kubectl create secret tls tls-secret \\\n  --cert=tls.crt \\\n  --key=tls.key'),
      'secret/tls-secret created\n');
    const cert = readFileSync(join(kubectl.workDir, 'tls.crt'));
    const key = readFileSync(join(kubectl.workDir, 'tls.key'));
    assert.equal(await yamlOf('secret', 'tls-secret'), [
      'apiVersion: v1',
      'data:',
      `  tls.crt: ${b64(cert)}`,
      `  tls.key: ${b64(key)}`,
      'kind: Secret',
      'metadata:',
      '  creationTimestamp: "<time>"',
      '  name: tls-secret',
      '  namespace: default',
      '  resourceVersion: "<rv>"',
      '  uid: <uid>',
      'type: kubernetes.io/tls',
      '',
    ].join('\n'));
  });

  it('creates a docker-registry Secret (guide)', async () => {
    assertSuccess(await kubectl.shell(
      'kubectl create secret docker-registry my-registry-creds --docker-server=REGISTRY_SERVER --docker-username=USERNAME --docker-password=PASSWORD'),
    'secret/my-registry-creds created\n');
    const config = '{"auths":{"REGISTRY_SERVER":{"username":"USERNAME","password":"PASSWORD","auth":"VVNFUk5BTUU6UEFTU1dPUkQ="}}}';
    assert.equal(await yamlOf('secret', 'my-registry-creds'), [
      'apiVersion: v1',
      'data:',
      `  .dockerconfigjson: ${b64(config)}`,
      'kind: Secret',
      'metadata:',
      '  creationTimestamp: "<time>"',
      '  name: my-registry-creds',
      '  namespace: default',
      '  resourceVersion: "<rv>"',
      '  uid: <uid>',
      'type: kubernetes.io/dockerconfigjson',
      '',
    ].join('\n'));
  });

  it('creates a Namespace, which gets its name label, finalizer and kube-root-ca.crt', async () => {
    assertSuccess(await run('create', 'namespace', 'team-a'), 'namespace/team-a created\n');
    assert.equal(await yamlOf('namespace', 'team-a'), [
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '  creationTimestamp: "<time>"',
      '  labels:',
      '    kubernetes.io/metadata.name: team-a',
      '  name: team-a',
      '  resourceVersion: "<rv>"',
      '  uid: <uid>',
      'spec:',
      '  finalizers:',
      '  - kubernetes',
      'status:',
      '  phase: Active',
      '',
    ].join('\n'));
    let published;
    for (let i = 0; i < 50; i++) {
      published = await run('get', 'configmap', 'kube-root-ca.crt', '-n', 'team-a', '-o', 'jsonpath={.data.ca\\.crt}');
      if (published.code === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const caPem = readFileSync(join(arca.dataDir, 'pki', 'ca.crt'), 'utf8');
    assertSuccess(published!, caPem);
  });

  it('creates into a namespace with -n', async () => {
    assertSuccess(await run('create', 'configmap', 'team-config', '-n', 'team-a', '--from-literal=owner=team-a'),
      'configmap/team-config created\n');
    assertSuccess(await run('get', 'configmap', 'team-config', '-n', 'team-a', '-o', 'jsonpath={.metadata.namespace}/{.data.owner}'),
      'team-a/team-a');
  });

  it('creates with --append-hash and --save-config', async () => {
    assertSuccess(await run('create', 'configmap', 'hashed', '--from-literal=a=b', '--append-hash'), 'configmap/hashed-4dk9m7dmmg created\n');
    assertSuccess(await run('create', 'secret', 'generic', 'saved', '--from-literal=a=b', '--save-config'), 'secret/saved created\n');
    assertSuccess(await run('get', 'secret', 'saved', '-o', 'jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}'),
      '{"kind":"Secret","apiVersion":"v1","metadata":{"name":"saved","creationTimestamp":null},"data":{"a":"Yg=="}}\n');
    // apply takes over: its own last-applied form differs from create's, so the first apply patches.
    const saved = kubectl.file('saved.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: saved\ndata:\n  a: Yg==\n');
    assertSuccess(await run('apply', '-f', saved), 'secret/saved configured\n');
    assertSuccess(await run('apply', '-f', saved), 'secret/saved unchanged\n');
  });

  it('answers --dry-run=server with the would-be object and stores nothing', async () => {
    assertSuccess(await run('create', 'configmap', 'dry', '--from-literal=a=b', '--dry-run=server'),
      'configmap/dry created (server dry run)\n');
    const namespace = await run('create', 'namespace', 'team-b', '--dry-run=server', '-o', 'yaml');
    assert.equal(namespace.code, 0, namespace.stderr);
    assert.equal(namespace.stderr, '');
    assert.equal(maskGenerated(namespace.stdout), [
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '  creationTimestamp: "<time>"',
      '  labels:',
      '    kubernetes.io/metadata.name: team-b',
      '  name: team-b',
      '  uid: <uid>',
      'spec:',
      '  finalizers:',
      '  - kubernetes',
      'status:',
      '  phase: Active',
      '',
    ].join('\n'));
    const secret = await run('create', 'secret', 'generic', 'dry-secret', '--from-literal=token=abc', '--dry-run=server', '-o', 'yaml');
    assert.equal(maskGenerated(secret.stdout), [
      'apiVersion: v1',
      'data:',
      '  token: YWJj',
      'kind: Secret',
      'metadata:',
      '  creationTimestamp: "<time>"',
      '  name: dry-secret',
      '  namespace: default',
      '  uid: <uid>',
      'type: Opaque',
      '',
    ].join('\n'));
    assertFailure(await run('get', 'configmap', 'dry'), 'Error from server (NotFound): configmaps "dry" not found\n');
    assertFailure(await run('get', 'namespace', 'team-b'), 'Error from server (NotFound): namespaces "team-b" not found\n');
    assertFailure(await run('get', 'secret', 'dry-secret'), 'Error from server (NotFound): secrets "dry-secret" not found\n');
  });
});
