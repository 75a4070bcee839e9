// The Node authorizer against `arca up` with real kubectl: a client certificate for
// system:node:n1 (group system:nodes) reads the Secrets of pods bound to n1 and nothing else,
// loses them when the pod goes, and `kubectl auth can-i` for the same identity agrees.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startArcaUpProcess, type ArcaUpProcess } from '../helpers/arca-process.js';
import { eventually } from '../helpers/eventually.js';
import { assertFailure, assertSuccess, createKubectl, type Kubectl } from '../helpers/kubectl.js';
import { userKubeconfig } from '../helpers/user-kubeconfig.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: on-n1
spec:
  nodeName: n1
  containers:
  - name: app
    image: myapp:1.0
    envFrom:
    - secretRef:
        name: referenced
`;

const NO_RELATIONSHIP = "no relationship found between node 'n1' and this object";
const forbidden = (name: string) =>
  `Error from server (Forbidden): secrets "${name}" is forbidden: User "system:node:n1" cannot get resource "secrets" in API group "" in the namespace "default": ${NO_RELATIONSHIP}\n`;

describe('the Node authorizer', () => {
  let arca: ArcaUpProcess;
  let admin: Kubectl;
  let nodeKubeconfig: string;
  const asNode = (...args: string[]) => admin.run(args, { kubeconfig: nodeKubeconfig });
  const canI = (...args: string[]) => admin.run(['auth', 'can-i', '--as=system:node:n1', '--as-group=system:nodes', ...args]);

  before(async () => {
    arca = await startArcaUpProcess();
    admin = createKubectl(arca.kubeconfig);
    nodeKubeconfig = await userKubeconfig(arca, 'system:node:n1', ['system:nodes']);
    for (const args of [
      ['create', 'secret', 'generic', 'referenced', '--from-literal=k=v'],
      ['create', 'secret', 'generic', 'x', '--from-literal=k=v'],
      ['apply', '-f', admin.file('pod.yaml', POD)],
    ]) assert.equal((await admin.run(args)).code, 0, args.join(' '));
  });
  after(async () => {
    await arca?.cleanup();
    admin?.cleanup();
  });

  it('lets the node read a Secret its pod references, and only that one', async () => {
    await eventually(async () => assertSuccess(await asNode('get', 'secret', 'referenced', '-o', 'name'), 'secret/referenced\n'));
    // The agent's per-object watch (fieldSelector metadata.name=<name>) is a read of that one name.
    const watch = await asNode('get', '--raw', '/api/v1/namespaces/default/secrets?fieldSelector=metadata.name%3Dreferenced&watch=true&timeoutSeconds=1');
    assert.equal(watch.code, 0, watch.stderr);
    assert.match(watch.stdout, /^\{"type":"ADDED","object":\{"kind":"Secret","apiVersion":"v1","metadata":\{"name":"referenced",/);
    assertFailure(await asNode('get', 'secret', 'x'), forbidden('x'));
    assertFailure(await asNode('get', 'secrets'), 'Error from server (Forbidden): secrets is forbidden: User "system:node:n1" cannot list resource "secrets" in API group "" in the namespace "default": No Object name found\n');
  });

  it('kubectl auth can-i agrees', async () => {
    assertSuccess(await canI('get', 'secret/referenced'), 'yes\n');
    assert.deepEqual(await canI('get', 'secret/x'), { code: 1, stdout: `no - ${NO_RELATIONSHIP}\n`, stderr: '' });
    assert.deepEqual(await canI('list', 'secrets'), { code: 1, stdout: 'no - No Object name found\n', stderr: '' });
    assertSuccess(await canI('get', 'pod/on-n1'), 'yes\n');
    assertSuccess(await canI('create', 'events'), 'yes\n');
  });

  it('takes the access away once the pod is deleted', async () => {
    assert.equal((await admin.run(['delete', 'pod', 'on-n1', '--grace-period=0', '--force'])).code, 0);
    await eventually(async () => assertFailure(await asNode('get', 'secret', 'referenced'), forbidden('referenced')));
    assert.deepEqual(await canI('get', 'secret/referenced'), { code: 1, stdout: `no - ${NO_RELATIONSHIP}\n`, stderr: '' });
  });
});
