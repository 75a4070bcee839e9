// RBAC against `arca up` with real kubectl and several identities: the admin kubeconfig
// (system:masters), a user certificate with the `view` ClusterRole in one namespace, a user bound to
// the guide's secret-reader Role (resourceNames), a static-token user with a custom Role, and a
// ServiceAccount token bound to secret-reader. `kubectl auth can-i` must agree with what the same
// user's real requests get; denials print Kubernetes' exact lines.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { startArcaUpProcess, tempDir, type ArcaUpProcess } from '../helpers/arca-process.js';
import { assertFailure, assertSuccess, createKubectl, type Kubectl, type KubectlResult } from '../helpers/kubectl.js';
import { userKubeconfig } from '../helpers/user-kubeconfig.js';

const NS = 'app-namespace';
const CM_EDITOR = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: cm-editor
  namespace: ${NS}
rules:
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
`;
const STATIC_TOKEN = 'tok-4f1c0b9e7d2a';
const SECRET_READER = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: secret-reader
  namespace: ${NS}
rules:
- apiGroups: [""]
  resources: ["secrets"]
  resourceNames: ["app-secrets", "db-credentials"]
  verbs: ["get"]
`;

describe('RBAC with kubectl', () => {
  let arca: ArcaUpProcess;
  let admin: Kubectl;
  const kubeconfigs: Record<string, string> = {};
  const as = (who: string, ...args: string[]) => admin.run(args, { kubeconfig: kubeconfigs[who]! });

  /** A kubeconfig presenting only a bearer token. */
  function tokenKubeconfig(name: string, token: string): string {
    const config = parse(readFileSync(arca.kubeconfig, 'utf8')) as { clusters: { cluster: { server: string; 'certificate-authority-data': string } }[] };
    const cluster = config.clusters[0]!.cluster;
    const path = join(arca.dataDir, `${name}.kubeconfig`);
    writeFileSync(path, [
      'apiVersion: v1', 'kind: Config', 'clusters:', '- name: arca', '  cluster:', `    server: ${cluster.server}`,
      `    certificate-authority-data: ${cluster['certificate-authority-data']}`, 'users:', `- name: ${name}`, '  user:', `    token: ${token}`,
      'contexts:', '- name: arca', '  context:', '    cluster: arca', `    user: ${name}`, `    namespace: ${NS}`, 'current-context: arca', '',
    ].join('\n'), { mode: 0o600 });
    return path;
  }

  before(async () => {
    const tokenFile = join(tempDir('arca-tokens-'), 'tokens.csv');
    writeFileSync(tokenFile, `${STATIC_TOKEN},tokenuser,u-1001,"ops"\n`);
    arca = await startArcaUpProcess({ args: ['--token-auth-file', tokenFile] });
    admin = createKubectl(arca.kubeconfig);
    kubeconfigs.viewer = await userKubeconfig(arca, 'viewer', ['devs'], NS);
    kubeconfigs.reader = await userKubeconfig(arca, 'reader', [], NS);
    kubeconfigs.tokenuser = tokenKubeconfig('tokenuser', STATIC_TOKEN);
    const setup = [
      ['create', 'namespace', NS],
      ['-n', NS, 'create', 'configmap', 'settings', '--from-literal=a=b'],
      ['-n', NS, 'create', 'secret', 'generic', 'app-secrets', '--from-literal=k=v'],
      ['-n', NS, 'create', 'secret', 'generic', 'other', '--from-literal=k=v'],
      ['apply', '-f', admin.file('secret-reader.yaml', SECRET_READER)],
      ['-n', NS, 'create', 'rolebinding', 'reader-secrets', '--role=secret-reader', '--user=reader'],
      ['-n', NS, 'create', 'rolebinding', 'viewer-view', '--clusterrole=view', '--user=viewer'],
      ['apply', '-f', admin.file('cm-editor.yaml', CM_EDITOR)],
      ['-n', NS, 'create', 'rolebinding', 'tokenuser-cm', '--role=cm-editor', '--user=tokenuser'],
      ['-n', NS, 'create', 'serviceaccount', 'builder'],
      ['-n', NS, 'create', 'rolebinding', 'builder-secrets', '--role=secret-reader', `--serviceaccount=${NS}:builder`],
    ];
    for (const args of setup) assert.equal((await admin.run(args)).code, 0, args.join(' '));
    const token = await admin.run(['-n', NS, 'create', 'token', 'builder']);
    assert.equal(token.code, 0);
    kubeconfigs.builder = tokenKubeconfig('builder', token.stdout.trim());
  });
  after(async () => {
    await arca?.cleanup();
    admin?.cleanup();
  });

  it('kubectl auth whoami names each identity', async () => {
    assertSuccess(await admin.run(['auth', 'whoami']), 'ATTRIBUTE   VALUE\nUsername    arca-admin\nGroups      [system:masters system:authenticated]\n');
    assertSuccess(await as('viewer', 'auth', 'whoami'), 'ATTRIBUTE   VALUE\nUsername    viewer\nGroups      [devs system:authenticated]\n');
    assertSuccess(await admin.run(['auth', 'whoami', '--as=jane', '--as-group=qa']), 'ATTRIBUTE   VALUE\nUsername    jane\nGroups      [qa system:authenticated]\n');
  });

  /** The real request behind one can-i question; exit code 0 when it was allowed. */
  const realRequest = (who: string, verb: string, resource: string, name?: string): Promise<KubectlResult> => {
    const base = `/api/v1/namespaces/${NS}/${resource}`;
    switch (verb) {
      case 'get': return as(who, 'get', resource, name!, '-o', 'name');
      case 'list': return as(who, 'get', resource, '-o', 'name');
      case 'watch': return as(who, 'get', '--raw', `${base}?watch=true&timeoutSeconds=1${name ? `&fieldSelector=metadata.name%3D${name}` : ''}`);
      case 'create': return resource === 'configmaps'
        ? as(who, 'create', 'configmap', 'new', '--from-literal=a=b', '--dry-run=server')
        : as(who, 'create', 'secret', 'generic', 'new', '--from-literal=a=b', '--dry-run=server');
      case 'patch': return as(who, 'patch', resource, name!, '--type=merge', '-p', '{"metadata":{"labels":{"x":"y"}}}', '--dry-run=server');
      case 'delete': return as(who, 'delete', resource, name!, '--dry-run=server');
      default: throw new Error(verb);
    }
  };

  const cases: [string, string, string | undefined][] = [];
  for (const resource of ['configmaps', 'secrets']) {
    const name = resource === 'configmaps' ? 'settings' : 'app-secrets';
    for (const verb of ['get', 'patch', 'delete']) cases.push([verb, resource, name]);
    for (const verb of ['list', 'watch', 'create']) cases.push([verb, resource, undefined]);
    cases.push(['watch', resource, name]);
  }
  cases.push(['get', 'secrets', 'other'], ['watch', 'secrets', 'other']);

  for (const who of ['viewer', 'reader', 'tokenuser', 'builder']) {
    it(`can-i agrees with real requests for ${who}`, async () => {
      const answers: string[] = [];
      for (const [verb, resource, name] of cases) {
        const question = await as(who, 'auth', 'can-i', verb, name ? `${resource}/${name}` : resource);
        const real = await realRequest(who, verb, resource, name);
        assert.equal(question.code === 0, real.code === 0, `${who} ${verb} ${resource}/${name ?? ''}: can-i says ${question.stdout.trim()}, request: ${real.stderr}`);
        answers.push(`${verb} ${resource}${name ? `/${name}` : ''}: ${question.stdout.trim()}`);
      }
      const expected: Record<string, string[]> = {
        viewer: [
          'get configmaps/settings: yes', 'patch configmaps/settings: no', 'delete configmaps/settings: no',
          'list configmaps: yes', 'watch configmaps: yes', 'create configmaps: no', 'watch configmaps/settings: yes',
          'get secrets/app-secrets: no', 'patch secrets/app-secrets: no', 'delete secrets/app-secrets: no',
          'list secrets: no', 'watch secrets: no', 'create secrets: no', 'watch secrets/app-secrets: no',
          'get secrets/other: no', 'watch secrets/other: no',
        ],
        reader: [
          'get configmaps/settings: no', 'patch configmaps/settings: no', 'delete configmaps/settings: no',
          'list configmaps: no', 'watch configmaps: no', 'create configmaps: no', 'watch configmaps/settings: no',
          'get secrets/app-secrets: yes', 'patch secrets/app-secrets: no', 'delete secrets/app-secrets: no',
          'list secrets: no', 'watch secrets: no', 'create secrets: no', 'watch secrets/app-secrets: no',
          'get secrets/other: no', 'watch secrets/other: no',
        ],
        tokenuser: [
          'get configmaps/settings: yes', 'patch configmaps/settings: yes', 'delete configmaps/settings: yes',
          'list configmaps: yes', 'watch configmaps: yes', 'create configmaps: yes', 'watch configmaps/settings: yes',
          'get secrets/app-secrets: no', 'patch secrets/app-secrets: no', 'delete secrets/app-secrets: no',
          'list secrets: no', 'watch secrets: no', 'create secrets: no', 'watch secrets/app-secrets: no',
          'get secrets/other: no', 'watch secrets/other: no',
        ],
      };
      // The ServiceAccount is bound to the same Role as `reader`.
      assert.deepEqual(answers, expected[who === 'builder' ? 'reader' : who]);
    });
  }

  it('prints Kubernetes\' forbidden lines', async () => {
    assertFailure(await as('viewer', 'get', 'secret', 'app-secrets'),
      `Error from server (Forbidden): secrets "app-secrets" is forbidden: User "viewer" cannot get resource "secrets" in API group "" in the namespace "${NS}"\n`);
    assertFailure(await as('reader', 'get', 'secrets'),
      `Error from server (Forbidden): secrets is forbidden: User "reader" cannot list resource "secrets" in API group "" in the namespace "${NS}"\n`);
    assertFailure(await as('viewer', 'get', 'namespaces'),
      'Error from server (Forbidden): namespaces is forbidden: User "viewer" cannot list resource "namespaces" in API group "" at the cluster scope\n');
    assertFailure(await as('viewer', 'get', '--raw', '/foo'),
      'Error from server (Forbidden): forbidden: User "viewer" cannot get path "/foo"\n');
    assertSuccess(await as('reader', 'get', 'secret', 'app-secrets', '-o', 'name'), 'secret/app-secrets\n');
  });

  it('can-i --as and --list follow the impersonated user', async () => {
    assertSuccess(await admin.run(['auth', 'can-i', 'get', 'secrets/app-secrets', '-n', NS, '--as=reader']), 'yes\n');
    assert.deepEqual(await admin.run(['auth', 'can-i', 'list', 'secrets', '-n', NS, '--as=reader']), { code: 1, stdout: 'no\n', stderr: '' });
    assert.deepEqual(await admin.run(['auth', 'can-i', 'get', 'configmaps', '-n', NS, '--as=system:serviceaccount:app-namespace:builder']), { code: 1, stdout: 'no\n', stderr: '' });
    assert.equal((await admin.run(['-n', NS, 'create', 'rolebinding', 'builder-view', '--clusterrole=view', '--serviceaccount=app-namespace:builder'])).code, 0);
    assertSuccess(await admin.run(['auth', 'can-i', 'get', 'configmaps', '-n', NS, '--as=system:serviceaccount:app-namespace:builder']), 'yes\n');
    // The RoleBinding counts only in its own namespace.
    assert.deepEqual(await admin.run(['auth', 'can-i', 'get', 'configmaps', '-n', 'default', '--as=system:serviceaccount:app-namespace:builder']), { code: 1, stdout: 'no\n', stderr: '' });
  });

  it('lists a user\'s rules', async () => {
    const list = await as('reader', 'auth', 'can-i', '--list');
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^secrets +\[\] +\[app-secrets\] +\[get\]$/m);
    assert.match(list.stdout, /^selfsubjectaccessreviews\.authorization\.k8s\.io +\[\] +\[\] +\[create\]$/m);
  });

  it('impersonation needs the impersonate verb', async () => {
    assertFailure(await as('viewer', 'get', 'configmaps', '--as=reader'),
      'Error from server (Forbidden): users "reader" is forbidden: User "viewer" cannot impersonate resource "users" in API group "" at the cluster scope\n');
    assertFailure(await as('viewer', 'get', 'configmaps', '--as=system:serviceaccount:app-namespace:builder'),
      `Error from server (Forbidden): serviceaccounts "builder" is forbidden: User "viewer" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "${NS}"\n`);
    assert.equal((await admin.run(['create', 'clusterrole', 'impersonate-reader', '--verb=impersonate', '--resource=users', '--resource-name=reader'])).code, 0);
    assert.equal((await admin.run(['create', 'clusterrolebinding', 'viewer-impersonates', '--clusterrole=impersonate-reader', '--user=viewer'])).code, 0);
    assertSuccess(await as('viewer', 'get', 'secret', 'app-secrets', '-o', 'name', '--as=reader'), 'secret/app-secrets\n');
    assertFailure(await as('viewer', 'get', 'configmaps', '--as=reader', '--as-group=admins'),
      'Error from server (Forbidden): groups "admins" is forbidden: User "viewer" cannot impersonate resource "groups" in API group "" at the cluster scope\n');
  });

  it('creates RBAC objects with kubectl create and prints them', async () => {
    assertSuccess(await admin.run(['create', 'clusterrole', 'cm-reader', '--verb=get,list', '--resource=configmaps']), 'clusterrole.rbac.authorization.k8s.io/cm-reader created\n');
    assertSuccess(await admin.run(['create', 'clusterrolebinding', 'devs-cm', '--clusterrole=cm-reader', '--group=devs', '--serviceaccount=kube-system:ci']),
      'clusterrolebinding.rbac.authorization.k8s.io/devs-cm created\n');
    const wide = await admin.run(['get', 'clusterrolebinding', 'devs-cm', '-o', 'wide']);
    assert.match(wide.stdout, /^NAME +ROLE +AGE +USERS +GROUPS +SERVICEACCOUNTS\ndevs-cm +ClusterRole\/cm-reader +\d+s +devs +kube-system\/ci\n$/);
    assertSuccess(await admin.run(['-n', NS, 'create', 'role', 'pod-logs', '--verb=get', '--resource=pods/log']), 'role.rbac.authorization.k8s.io/pod-logs created\n');
    assert.match((await admin.run(['-n', NS, 'get', 'role', 'pod-logs'])).stdout, /^NAME +CREATED AT\npod-logs +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
  });

  it('refuses to grant what the writer does not hold', async () => {
    // reader may create roles in the namespace, but holds only `get` on two secrets.
    assert.equal((await admin.run(['-n', NS, 'create', 'role', 'role-writer', '--verb=create', '--resource=roles,rolebindings'])).code, 0);
    assert.equal((await admin.run(['-n', NS, 'create', 'rolebinding', 'reader-writes-roles', '--role=role-writer', '--user=reader'])).code, 0);
    assertSuccess(await as('reader', 'create', 'role', 'narrow', '--verb=get', '--resource=secrets', '--resource-name=app-secrets'),
      'role.rbac.authorization.k8s.io/narrow created\n');
    assertFailure(await as('reader', 'create', 'role', 'wide', '--verb=get,list', '--resource=secrets'),
      'Error from server (Forbidden): roles.rbac.authorization.k8s.io "wide" is forbidden: user "reader" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n'
      + '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}\n');
    const grab = await as('reader', 'create', 'rolebinding', 'grab-view', '--clusterrole=view', '--user=reader');
    assert.equal(grab.code, 1);
    assert.equal(grab.stdout, '');
    assert.ok(grab.stderr.startsWith('error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "grab-view" is forbidden: user "reader" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["bindings"], Verbs:["get" "list" "watch"]}\n'), grab.stderr);
  });
});
