// Pods get their ServiceAccount the Kubernetes way, end to end against `arca up` with the real
// kubectl: admission mounts kube-api-access, the agent fills it (token bound to the pod, CA,
// namespace), the token authenticates as the service account until the pod is deleted.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { startArcaUpProcess, type ArcaUpProcess } from '../../helpers/arca-process.js';
import { eventually } from '../../helpers/eventually.js';
import { assertFailure, assertSuccess, createKubectl, type Kubectl } from '../../helpers/kubectl.js';

const TOKEN_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

const pod = (name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:${extra}
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "cat ${TOKEN_DIR}/namespace; echo; ls ${TOKEN_DIR}; sleep 3600"]
`;

describe('pods get their ServiceAccount token', () => {
  let arca: ArcaUpProcess;
  let kubectl: Kubectl;
  const run = async (...args: string[]) => {
    const result = await kubectl.run(args);
    assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const apply = (name: string, yaml: string) => kubectl.run(['apply', '-f', kubectl.file(`${name}.yaml`, yaml)]);
  /** A kubeconfig with the cluster's server and CA but no client certificate: only the token speaks. */
  let tokenKubeconfig: string;
  const asToken = (token: string, ...args: string[]) => kubectl.run(['--token', token, ...args], { kubeconfig: tokenKubeconfig });

  before(async () => {
    arca = await startArcaUpProcess({ args: ['--agent-backoff-ms', '200'] });
    kubectl = createKubectl(arca.kubeconfig);
    const admin = parse(readFileSync(arca.kubeconfig, 'utf8'));
    tokenKubeconfig = kubectl.file('token-kubeconfig.yaml', stringify({
      apiVersion: 'v1', kind: 'Config', clusters: admin.clusters, 'current-context': 'token',
      contexts: [{ name: 'token', context: { cluster: admin.clusters[0].name, user: 'token' } }], users: [{ name: 'token', user: {} }],
    }));
    await eventually(async () => assert.match(await run('get', 'nodes'), / Ready /), 10_000, 100);
  });
  after(async () => {
    await arca?.cleanup();
    kubectl?.cleanup();
  });

  it('mounts namespace, ca.crt and a token that authenticates as the service account until the pod is deleted', async () => {
    assertSuccess(await apply('sa-pod', pod('sa-pod')), 'pod/sa-pod created\n');
    await eventually(async () => assert.equal(await run('logs', 'sa-pod'), 'default\nca.crt\nnamespace\ntoken\n'), 10_000, 100);
    const [uid, volume, mode] = (await run('get', 'pod', 'sa-pod', '-o',
      'jsonpath={.metadata.uid} {.spec.volumes[0].name} {.spec.volumes[0].projected.defaultMode}')).split(' ');
    assert.match(volume!, /^kube-api-access-[a-z0-9]{5}$/);
    assert.equal(mode, '420');
    const token = readFileSync(join(arca.dataDir, 'agent', 'pods', uid!, 'volumes', volume!, 'token'), 'utf8');

    const whoami = await asToken(token, 'auth', 'whoami', '-o',
      'jsonpath={.status.userInfo.username}|{.status.userInfo.extra.authentication\\.kubernetes\\.io/pod-name}|{.status.userInfo.extra.authentication\\.kubernetes\\.io/pod-uid}');
    assertSuccess(whoami, `system:serviceaccount:default:default|["sa-pod"]|["${uid}"]`);

    assertSuccess(await kubectl.run(['delete', 'pod', 'sa-pod', '--grace-period=1']), 'pod "sa-pod" deleted\n');
    assertFailure(await asToken(token, 'auth', 'whoami'), 'error: You must be logged in to the server (Unauthorized)\n');
  });

  it('mounts nothing when the pod or its service account opts out', async () => {
    assertSuccess(await apply('no-automount', pod('no-automount', '\n  automountServiceAccountToken: false')), 'pod/no-automount created\n');
    assert.equal(await run('get', 'pod', 'no-automount', '-o', 'jsonpath={.spec.serviceAccountName}|{.spec.volumes}|{.spec.containers[0].volumeMounts}'), 'default||');
    // stdout and stderr interleave in any order; `ls` may find an empty host directory another pod mounts over.
    await eventually(async () => {
      const lines = (await run('logs', 'no-automount')).split('\n').filter((line) => !line.startsWith('ls: ')).sort();
      assert.deepEqual(lines, ['', '', `cat: ${TOKEN_DIR}/namespace: No such file or directory`]);
    }, 10_000, 100);

    kubectl.file('quiet-sa.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: quiet\nautomountServiceAccountToken: false\n');
    await run('apply', '-f', 'quiet-sa.yaml');
    assertSuccess(await apply('quiet-pod', pod('quiet-pod', '\n  serviceAccountName: quiet')), 'pod/quiet-pod created\n');
    assert.equal(await run('get', 'pod', 'quiet-pod', '-o', 'jsonpath={.spec.serviceAccountName}|{.spec.volumes}'), 'quiet|');
    await run('delete', 'pod', 'no-automount', 'quiet-pod', '--grace-period=1');
  });

  it('refuses a pod whose service account does not exist', async () => {
    assertFailure(await apply('orphan', pod('orphan', '\n  serviceAccountName: missing-sa')),
      'Error from server (Forbidden): error when creating "orphan.yaml": pods "orphan" is forbidden: error looking up service account default/missing-sa: serviceaccount "missing-sa" not found\n');
  });
});
