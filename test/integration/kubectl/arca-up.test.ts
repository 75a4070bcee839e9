// `arca up`: what it prints, the kubeconfig it writes, the PKI it keeps across restarts, the
// public health endpoints over HTTPS, and 401 for callers without a valid client certificate.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { parse, stringify } from 'yaml';
import { startArcaUpProcess, startSharedStorage, tempDir, type ArcaUpProcess } from '../../helpers/arca-process.js';
import { describe, it } from '../../helpers/backend-tests.js';
import { assertFailure, assertLines, assertSuccess, createKubectl, type Kubectl } from '../../helpers/kubectl.js';

interface HttpsAnswer { status: number; contentType: string | undefined; body: string }

function httpsGet(url: string, ca: string, client?: { cert: string; key: string }): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, ...client }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('arca up', () => {
  let arca: ArcaUpProcess;
  let kubectl: Kubectl;
  let storage: Awaited<ReturnType<typeof startSharedStorage>>;
  const dataDir = tempDir('arca-up-');
  const pki = (file: string) => readFileSync(join(dataDir, 'pki', file), 'utf8');

  before(async () => {
    storage = await startSharedStorage();
    arca = await startArcaUpProcess({ dataDir, ...storage.options });
    kubectl = createKubectl(arca.kubeconfig);
  });
  after(async () => {
    await arca?.stop();
    await storage?.stop();
    kubectl?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints where it serves and the export line for kubectl', () => {
    assert.match(arca.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(arca.kubeconfig, join(dataDir, 'kubeconfig'));
    assert.equal(arca.stdout(), [
      `Arca is up: ${arca.url} (data in ${dataDir})`,
      'To use it with kubectl:',
      `  export KUBECONFIG=${dataDir}/kubeconfig`,
      '',
    ].join('\n'));
  });

  it('writes an owner-only kubeconfig with the cluster CA and the admin client certificate', () => {
    assert.equal(statSync(arca.kubeconfig).mode & 0o777, 0o600);
    const config = parse(readFileSync(arca.kubeconfig, 'utf8'));
    const b64 = (pem: string) => Buffer.from(pem).toString('base64');
    assert.deepEqual(config, {
      apiVersion: 'v1',
      clusters: [{ cluster: { 'certificate-authority-data': b64(pki('ca.crt')), server: arca.url }, name: 'arca' }],
      contexts: [{ context: { cluster: 'arca', namespace: 'default', user: 'arca-admin' }, name: 'arca' }],
      'current-context': 'arca',
      kind: 'Config',
      preferences: {},
      users: [{ name: 'arca-admin', user: { 'client-certificate-data': b64(pki('admin.crt')), 'client-key-data': b64(pki('admin.key')) } }],
    });
  });

  it('serves kubectl with the written kubeconfig, as Kubernetes 1.32', async () => {
    const version = await kubectl.run(['version']);
    assert.equal(version.code, 0, version.stderr);
    assert.match(version.stdout, /^Server Version: v1\.32\.0-arca\.\d+\.\d+\.\d+$/m);
    assertSuccess(await kubectl.run(['get', 'namespace', 'default', '-o', 'name']), 'namespace/default\n');
  });

  it('answers /healthz, /livez and /readyz with ok over HTTPS, without a client certificate', async () => {
    for (const path of ['/healthz', '/livez', '/readyz']) {
      assert.deepEqual(await httpsGet(arca.url + path, pki('ca.crt')), { status: 200, contentType: 'text/plain; charset=utf-8', body: 'ok' });
    }
  });

  it('answers 401 Unauthorized to a request without a client certificate', async () => {
    const answer = await httpsGet(`${arca.url}/api/v1/namespaces/default/configmaps`, pki('ca.crt'));
    assert.equal(answer.status, 401);
    assert.deepEqual(JSON.parse(answer.body), {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401,
    });
    const admin = await httpsGet(`${arca.url}/api/v1/namespaces/default`, pki('ca.crt'), { cert: pki('admin.crt'), key: pki('admin.key') });
    assert.equal(admin.status, 200);
  });

  it('tells kubectl users without a valid credential to log in', async () => {
    const config = parse(readFileSync(arca.kubeconfig, 'utf8'));
    config.users = [{ name: 'arca-admin', user: { token: 'not-a-credential-arca-knows' } }];
    const tokenOnly = kubectl.file('token-only.kubeconfig', stringify(config));

    assertFailure(await kubectl.run(['get', '--raw', '/api/v1/namespaces/default/configmaps'], { kubeconfig: tokenOnly }),
      'error: You must be logged in to the server (Unauthorized)\n');
    // With discovery cached (the cache is per server), the list itself is refused.
    assertFailure(await kubectl.run(['get', 'configmaps'], { kubeconfig: tokenOnly }),
      'error: You must be logged in to the server (Unauthorized)\n');
    // With a cold cache, discovery is refused first and kubectl reports it from the discovery client.
    const get = await kubectl.run(['get', 'configmaps', '--cache-dir', join(kubectl.home, 'cold-cache')], { kubeconfig: tokenOnly });
    assert.equal(get.code, 1);
    assert.equal(get.stdout, '');
    assertLines(get.stderr, [
      ...Array.from({ length: 5 }, () =>
        /^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ memcache\.go:265\] "Unhandled Error" err="couldn't get current server API group list: the server has asked for the client to provide credentials"$/),
      'error: You must be logged in to the server (the server has asked for the client to provide credentials)',
    ]);
  });

  it('cannot be reached by kubectl with a kubeconfig that has no credentials at all', async () => {
    // kubectl prompts for a basic-auth username before sending anything (client-go's
    // PromptingAuthLoader), whatever the server; with stdin at EOF it gives up.
    const config = parse(readFileSync(arca.kubeconfig, 'utf8'));
    config.users = [{ name: 'arca-admin', user: {} }];
    const anonymous = kubectl.file('no-user.kubeconfig', stringify(config));
    assert.deepEqual(await kubectl.run(['get', 'configmaps'], { kubeconfig: anonymous }),
      { code: 1, stdout: 'Please enter Username: ', stderr: 'error: EOF\n' });
  });

  it('does not trust a client certificate from another CA', async () => {
    const key = join(kubectl.workDir, 'stranger.key');
    const cert = join(kubectl.workDir, 'stranger.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=arca-admin/O=system:masters'], { stdio: 'ignore' });
    const config = parse(readFileSync(arca.kubeconfig, 'utf8'));
    config.users = [{ name: 'arca-admin', user: {
      'client-certificate-data': readFileSync(cert).toString('base64'), 'client-key-data': readFileSync(key).toString('base64'),
    } }];
    const stranger = kubectl.file('stranger.kubeconfig', stringify(config));
    assertFailure(await kubectl.run(['get', '--raw', '/api/v1/namespaces'], { kubeconfig: stranger }),
      'error: You must be logged in to the server (Unauthorized)\n');
  });

  it('keeps its CA and credentials across a restart', async () => {
    const caBefore = readFileSync(join(dataDir, 'pki', 'ca.crt'));
    const adminBefore = readFileSync(join(dataDir, 'pki', 'admin.crt'));
    assertSuccess(await kubectl.run(['create', 'configmap', 'survivor', '--from-literal=k=v']), 'configmap/survivor created\n');
    await arca.stop();

    arca = await startArcaUpProcess({ dataDir, ...storage.options });
    assert.deepEqual(readFileSync(join(dataDir, 'pki', 'ca.crt')), caBefore);
    assert.deepEqual(readFileSync(join(dataDir, 'pki', 'admin.crt')), adminBefore);
    assert.doesNotMatch(arca.stderr(), /generated cluster CA|issued /, 'a restart makes no new CA and issues no certificates');
    assert.equal(statSync(arca.kubeconfig).mode & 0o777, 0o600);
    assertSuccess(await kubectl.run(['get', 'configmap', 'survivor', '-o', 'jsonpath={.data.k}']), 'v');
  });
});
