// `kubectl delete` of ConfigMaps, Secrets and Namespaces against `arca up`: by name, file,
// selector and --all; a namespace delete empties the namespace and kubectl waits until it is gone.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startArcaUpProcess, type ArcaUpProcess } from '../../helpers/arca-process.js';
import { describe, it } from '../../helpers/backend-tests.js';
import { assertFailure, assertLines, assertSuccess, createKubectl, type Kubectl } from '../../helpers/kubectl.js';
import { guideManifests } from '../../helpers/seed-guide.js';

describe('kubectl delete', () => {
  let arca: ArcaUpProcess;
  let kubectl: Kubectl;
  const run = (...args: string[]) => kubectl.run(args);

  before(async () => {
    arca = await startArcaUpProcess();
    kubectl = createKubectl(arca.kubeconfig);
  });
  after(async () => {
    await arca?.cleanup();
    kubectl?.cleanup();
  });

  it('deletes a ConfigMap and a Secret by name', async () => {
    assertSuccess(await run('create', 'configmap', 'app-config', '--from-literal=a=b'), 'configmap/app-config created\n');
    assertSuccess(await run('create', 'secret', 'generic', 'app-secrets', '--from-literal=username=admin'), 'secret/app-secrets created\n');
    assertSuccess(await run('delete', 'configmap', 'app-config'), 'configmap "app-config" deleted\n');
    assertSuccess(await run('delete', 'secret', 'app-secrets'), 'secret "app-secrets" deleted\n');
    assertFailure(await run('get', 'configmap', 'app-config'), 'Error from server (NotFound): configmaps "app-config" not found\n');
    assertFailure(await run('get', 'secret', 'app-secrets'), 'Error from server (NotFound): secrets "app-secrets" not found\n');
  });

  it('reports a missing object, unless --ignore-not-found', async () => {
    assertFailure(await run('delete', 'configmap', 'app-config'), 'Error from server (NotFound): configmaps "app-config" not found\n');
    assertFailure(await run('delete', 'secret', 'nope', '-n', 'kube-system'), 'Error from server (NotFound): secrets "nope" not found\n');
    assertSuccess(await run('delete', 'configmap', 'app-config', '--ignore-not-found'), '');
  });

  it('deletes what a file declares', async () => {
    const files = (['app-config', 'app-secrets', 'mysecret'] as const).map((name) => kubectl.file(`${name}.yaml`, guideManifests[name]));
    for (const file of files) assert.equal((await run('apply', '-f', file)).code, 0);
    assertSuccess(await run('delete', '-f', files[0]!, '-f', files[1]!, '-f', files[2]!),
      'configmap "app-config" deleted\nsecret "app-secrets" deleted\nsecret "mysecret" deleted\n');
    assertFailure(await run('delete', '-f', files[0]!), 'Error from server (NotFound): error when deleting "app-config.yaml": configmaps "app-config" not found\n');
  });

  it('deletes by label selector and --all', async () => {
    for (const name of ['one', 'two', 'three']) {
      assert.equal((await run('create', 'configmap', name, '--from-literal=k=v')).code, 0);
    }
    assert.equal((await run('label', 'configmap', 'one', 'two', 'batch=x')).code, 0);
    assertSuccess(await run('delete', 'configmaps', '-l', 'batch=x'), 'configmap "one" deleted\nconfigmap "two" deleted\n');
    assertSuccess(await run('delete', 'configmaps', '--field-selector', 'metadata.name!=kube-root-ca.crt'), 'configmap "three" deleted\n');
    assertSuccess(await run('get', 'configmaps', '-o', 'name'), 'configmap/kube-root-ca.crt\n');
    for (const name of ['first', 'second']) assert.equal((await run('create', 'secret', 'generic', name, '--from-literal=k=v')).code, 0);
    assertSuccess(await run('delete', 'secrets', '--all'), 'secret "first" deleted\nsecret "second" deleted\n');
    // kubectl delete says this on stdout (kubectl get on stderr).
    assertSuccess(await run('delete', 'secrets', '--all'), 'No resources found\n');
  });

  it('lets kubectl wait --for=delete', async () => {
    assertSuccess(await run('create', 'configmap', 'doomed', '--from-literal=k=v'), 'configmap/doomed created\n');
    // -v=6 logs show when kubectl's informer has listed (its watch continues from that list).
    const waiting = kubectl.start(['wait', '--for=delete', 'configmap/doomed', '--timeout=10s', '-v=6']);
    await waiting.waitForStderr(/Caches populated/);
    assertSuccess(await run('delete', 'configmap', 'doomed'), 'configmap "doomed" deleted\n');
    const result = await waiting.exited();
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'configmap/doomed condition met\n');
  });

  it('answers --dry-run=server without deleting', async () => {
    assert.equal((await run('create', 'configmap', 'kept', '--from-literal=k=v')).code, 0);
    assertSuccess(await run('delete', 'configmap', 'kept', '--dry-run=server'), 'configmap "kept" deleted (server dry run)\n');
    assertSuccess(await run('get', 'configmap', 'kept', '-o', 'name'), 'configmap/kept\n');
  });

  it('deletes a Namespace with everything in it, and waits until it is gone', async () => {
    assertSuccess(await run('create', 'namespace', 'team-a'), 'namespace/team-a created\n');
    assertSuccess(await run('create', 'configmap', 'settings', '-n', 'team-a', '--from-literal=k=v'), 'configmap/settings created\n');
    assertSuccess(await run('create', 'secret', 'generic', 'creds', '-n', 'team-a', '--from-literal=k=v'), 'secret/creds created\n');
    assertSuccess(await run('delete', 'namespace', 'team-a'), 'namespace "team-a" deleted\n');
    assertFailure(await run('get', 'namespace', 'team-a'), 'Error from server (NotFound): namespaces "team-a" not found\n');
    // kubectl 1.32 looks the namespace up when an object is not found, and reports that instead.
    assertFailure(await run('get', 'secret', 'creds', '-n', 'team-a'), 'Error from server (NotFound): namespaces "team-a" not found\n');
    assert.deepEqual(await run('get', 'configmaps', '-n', 'team-a'), { code: 0, stdout: '', stderr: 'No resources found in team-a namespace.\n' });
  });

  it('keeps a Namespace Terminating while content has finalizers; kubectl waits for the end', async () => {
    assertSuccess(await run('create', 'namespace', 'team-b'), 'namespace/team-b created\n');
    assertSuccess(await run('create', 'configmap', 'held', '-n', 'team-b', '--from-literal=k=v'), 'configmap/held created\n');
    assertSuccess(await run('patch', 'configmap', 'held', '-n', 'team-b', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}'),
      'configmap/held patched\n');

    const deleting = kubectl.start(['delete', 'namespace', 'team-b']);
    await deleting.waitForStdout(/^namespace "team-b" deleted\n$/);
    const terminating = await run('get', 'namespace', 'team-b');
    assertLines(terminating.stdout, ['NAME     STATUS        AGE', /^team-b   Terminating   \d+s$/]);
    assertFailure(await run('create', 'configmap', 'late', '-n', 'team-b', '--from-literal=k=v'),
      'error: failed to create configmap: configmaps "late" is forbidden: unable to create new content in namespace team-b because it is being terminated\n');
    const apply = kubectl.file('late.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: late\n  namespace: team-b\n');
    assertFailure(await run('apply', '-f', apply),
      'Error from server (Forbidden): error when creating "late.yaml": configmaps "late" is forbidden: unable to create new content in namespace team-b because it is being terminated\n');
    assertSuccess(await run('get', 'configmap', 'held', '-n', 'team-b', '-o', 'jsonpath={.metadata.finalizers} {.metadata.deletionGracePeriodSeconds}'),
      '["example.com/hold"] 0');

    await new Promise((r) => setTimeout(r, 300));
    assert.equal(deleting.stdout(), 'namespace "team-b" deleted\n', 'kubectl is still waiting');
    assertSuccess(await run('patch', 'configmap', 'held', '-n', 'team-b', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]'),
      'configmap/held patched\n');
    const finished = await deleting.exited();
    assert.deepEqual(finished, { code: 0, stdout: 'namespace "team-b" deleted\n', stderr: '' });
    assertFailure(await run('get', 'namespace', 'team-b'), 'Error from server (NotFound): namespaces "team-b" not found\n');
  });

  it('refuses to delete the built-in namespaces', async () => {
    assertFailure(await run('delete', 'namespace', 'default'),
      'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted\n');
    assertFailure(await run('delete', 'namespace', 'kube-system'),
      'Error from server (Forbidden): namespaces "kube-system" is forbidden: this namespace may not be deleted\n');
  });
});
