// `kubectl exec` against `arca up` (agent inside), with the real kubectl speaking WebSocket
// v5.channel.k8s.io: the command runs in the container's context (its configMap volume visible),
// exit codes, stdin, -c, and the NotFound / Forbidden answers kubectl prints.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startArcaUpProcess, type ArcaUpProcess } from '../../helpers/arca-process.js';
import { eventually } from '../../helpers/eventually.js';
import { createKubectl, type Kubectl } from '../../helpers/kubectl.js';
import { userKubeconfig } from '../../helpers/user-kubeconfig.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: exec-pod
spec:
  containers:
  - name: app
    image: busybox
    command: ["sleep", "3600"]
    workingDir: /etc/config
    volumeMounts:
    - name: config
      mountPath: /etc/config
  - name: sidecar
    image: busybox
    command: ["sleep", "3600"]
    env:
    - name: WHO
      value: sidecar
  volumes:
  - name: config
    configMap:
      name: exec-config
`;

describe('kubectl exec into pods run by the arca agent', () => {
  let arca: ArcaUpProcess;
  let kubectl: Kubectl;

  before(async () => {
    arca = await startArcaUpProcess();
    kubectl = createKubectl(arca.kubeconfig);
    const created = await kubectl.run(['create', 'configmap', 'exec-config', '--from-literal=key=the value\nsecond line']);
    assert.equal(created.code, 0, created.stderr);
    const applied = await kubectl.run(['apply', '-f', kubectl.file('pod.yaml', POD)]);
    assert.equal(applied.code, 0, applied.stderr);
    await eventually(async () => {
      const phase = await kubectl.run(['get', 'pod', 'exec-pod', '-o', 'jsonpath={.status.containerStatuses[*].state.running.startedAt}']);
      assert.equal(phase.stdout.split(' ').filter(Boolean).length, 2);
    }, 15_000, 100);
  });
  after(async () => {
    await arca?.cleanup();
    kubectl?.cleanup();
  });

  it('prints a file of the container\'s configMap volume', async () => {
    const result = await kubectl.run(['exec', 'exec-pod', '-c', 'app', '--', 'cat', '/etc/config/key']);
    assert.deepEqual(result, { code: 0, stdout: 'the value\nsecond line', stderr: '' });
  });

  it('runs in the container\'s working directory', async () => {
    const result = await kubectl.run(['exec', 'exec-pod', '-c', 'app', '--', 'sh', '-c', 'pwd; cat key']);
    assert.deepEqual(result, { code: 0, stdout: '/etc/config\nthe value\nsecond line', stderr: '' });
  });

  it('passes a non-zero exit code on, with kubectl\'s line', async () => {
    const result = await kubectl.run(['exec', 'exec-pod', '-c', 'app', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.deepEqual(result, { code: 3, stdout: 'out\n', stderr: 'err\ncommand terminated with exit code 3\n' });
  });

  it('feeds piped stdin with -i', async () => {
    const result = await kubectl.run(['exec', '-i', 'exec-pod', '-c', 'app', '--', 'cat'], { stdin: 'line one\nline two\n' });
    assert.deepEqual(result, { code: 0, stdout: 'line one\nline two\n', stderr: '' });
  });

  it('picks the container with -c: its environment and its mounts', async () => {
    const result = await kubectl.run(['exec', 'exec-pod', '-c', 'sidecar', '--', 'sh', '-c', 'echo $WHO; test -e /etc/config/key || echo no-config']);
    assert.deepEqual(result, { code: 0, stdout: 'sidecar\nno-config\n', stderr: '' });
  });

  it('answers NotFound for a missing pod', async () => {
    const result = await kubectl.run(['exec', 'missing', '-c', 'app', '--', 'true']);
    assert.deepEqual(result, { code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "missing" not found\n' });
  });

  it('forbids a user who may not create pods/exec', async () => {
    const bound = await kubectl.run(['create', 'rolebinding', 'viewer-view', '--clusterrole=view', '--user=viewer']);
    assert.equal(bound.code, 0, bound.stderr);
    const viewer = await userKubeconfig(arca, 'viewer', []);
    const result = await kubectl.run(['exec', 'exec-pod', '-c', 'app', '--', 'true'], { kubeconfig: viewer });
    assert.deepEqual(result, {
      code: 1, stdout: '',
      stderr: 'Error from server (Forbidden): pods "exec-pod" is forbidden: User "viewer" cannot create resource "pods/exec" in API group "" in the namespace "default"\n',
    });
  });
});
