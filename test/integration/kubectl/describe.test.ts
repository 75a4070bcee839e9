// `kubectl describe configmap|secret|namespace` against `arca up`. kubectl 1.32 prints the keys
// of data maps in Go map order (random), so multi-key sections are compared as sorted lines.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startArcaUpProcess, type ArcaUpProcess } from '../../helpers/arca-process.js';
import { describe, it } from '../../helpers/backend-tests.js';
import { assertFailure, assertSuccess, createKubectl, type Kubectl, type KubectlResult } from '../../helpers/kubectl.js';
import { guideManifests } from '../../helpers/seed-guide.js';

/** Splits describe output at `marker`: the part before it exactly, the lines after it sorted. */
function withSortedTail(result: KubectlResult, marker: string): { head: string; tail: string[] } {
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  const at = result.stdout.indexOf(marker);
  assert.ok(at >= 0, `no ${JSON.stringify(marker)} in:\n${result.stdout}`);
  return { head: result.stdout.slice(0, at + marker.length), tail: result.stdout.slice(at + marker.length).split('\n').sort() };
}

describe('kubectl describe', () => {
  let arca: ArcaUpProcess;
  let kubectl: Kubectl;
  const run = (...args: string[]) => kubectl.run(args);

  before(async () => {
    arca = await startArcaUpProcess();
    kubectl = createKubectl(arca.kubeconfig);
    for (const name of ['app-secrets', 'immutable-config', 'mysecret'] as const) {
      assert.equal((await run('apply', '-f', kubectl.file(`${name}.yaml`, guideManifests[name]))).code, 0);
    }
  });
  after(async () => {
    await arca?.cleanup();
    kubectl?.cleanup();
  });

  it('describes a ConfigMap: data values, binary sizes, no events', async () => {
    assertSuccess(await run('describe', 'configmap', 'immutable-config'), [
      'Name:         immutable-config',
      'Namespace:    default',
      'Labels:       version=v1.2.3',
      'Annotations:  <none>',
      '',
      'Data',
      '====',
      'app.properties:',
      '----',
      'key=value',
      'environment=production',
      'feature.new=true',
      '',
      '',
      '',
      'BinaryData',
      '====',
      '',
      'Events:  <none>',
      '',
    ].join('\n'));

    kubectl.file('blob.bin', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]));
    assert.equal((await run('create', 'configmap', 'mixed', '--from-literal=mode=fast', '--from-file=blob.bin')).code, 0);
    assert.equal((await run('annotate', 'configmap', 'mixed', 'owner=platform-team', 'note=hand made')).code, 0);
    assertSuccess(await run('describe', 'cm', 'mixed'), [
      'Name:         mixed',
      'Namespace:    default',
      'Labels:       <none>',
      'Annotations:  note: hand made',
      '              owner: platform-team',
      '',
      'Data',
      '====',
      'mode:',
      '----',
      'fast',
      '',
      '',
      'BinaryData',
      '====',
      'blob.bin: 5 bytes',
      '',
      'Events:  <none>',
      '',
    ].join('\n'));
  });

  it('lists the Events whose involvedObject is the described ConfigMap', async () => {
    const uid = (await run('get', 'configmap', 'mixed', '-o', 'jsonpath={.metadata.uid}')).stdout;
    const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const event = (name: string, objectUid: string) => kubectl.file(`${name}.yaml`, [
      'apiVersion: v1',
      'kind: Event',
      'metadata:',
      `  name: ${name}`,
      'involvedObject:',
      '  apiVersion: v1',
      '  kind: ConfigMap',
      '  name: mixed',
      '  namespace: default',
      `  uid: ${objectUid}`,
      'reason: Rotated',
      'message: rotated by the test',
      'type: Normal',
      'source:',
      '  component: config-rotator',
      `firstTimestamp: "${ago(7200)}"`,
      `lastTimestamp: "${ago(3600)}"`,
      'count: 3',
      '',
    ].join('\n'));
    assertSuccess(await run('create', '-f', event('mixed.rotated', uid)), 'event/mixed.rotated created\n');
    // An event about an earlier ConfigMap of the same name (another uid) is not listed.
    assertSuccess(await run('create', '-f', event('mixed.old', '00000000-0000-0000-0000-000000000000')), 'event/mixed.old created\n');
    const described = await run('describe', 'configmap', 'mixed');
    assert.equal(described.stderr, '');
    assert.equal(described.stdout.slice(described.stdout.indexOf('Events:')), [
      'Events:',
      '  Type    Reason   Age                 From            Message',
      '  ----    ------   ----                ----            -------',
      '  Normal  Rotated  60m (x3 over 120m)  config-rotator  rotated by the test',
      '',
    ].join('\n'));
  });

  it('describes a Secret with byte counts, never values', async () => {
    const custom = withSortedTail(await run('describe', 'secret', 'mysecret'), 'Data\n====\n');
    assert.equal(custom.head, [
      'Name:         mysecret',
      'Namespace:    default',
      'Labels:       <none>',
      'Annotations:  my-company.com/secret-rotation: 30d',
      '',
      'Type:  mycompany.com/secret-type',
      '',
      'Data',
      '====',
      '',
    ].join('\n'));
    assert.deepEqual(custom.tail, ['', 'api-token:   13 bytes', 'custom-key:  5 bytes']);

    const guide = withSortedTail(await run('describe', 'secret', 'app-secrets'), 'Data\n====\n');
    assert.equal(guide.head, [
      'Name:         app-secrets',
      'Namespace:    default',
      'Labels:       app=myapp',
      'Annotations:  <none>',
      '',
      'Type:  Opaque',
      '',
      'Data',
      '====',
      '',
    ].join('\n'));
    assert.deepEqual(guide.tail, ['', 'api_token:    11 bytes', 'config.json:  56 bytes', 'password:     8 bytes', 'username:     5 bytes']);
  });

  it('describes a Namespace', async () => {
    assert.equal((await run('create', 'namespace', 'team-a')).code, 0);
    assert.equal((await run('label', 'namespace', 'team-a', 'tier=backend')).code, 0);
    assertSuccess(await run('describe', 'namespace', 'team-a'), [
      'Name:         team-a',
      'Labels:       kubernetes.io/metadata.name=team-a',
      '              tier=backend',
      'Annotations:  <none>',
      'Status:       Active',
      '',
      'No resource quota.',
      '',
      'No LimitRange resource.',
      '',
    ].join('\n'));
  });

  it('reports a missing object as Kubernetes does', async () => {
    assertFailure(await run('describe', 'configmap', 'nope'), 'Error from server (NotFound): configmaps "nope" not found\n');
    assertFailure(await run('describe', 'secret', 'nope'), 'Error from server (NotFound): secrets "nope" not found\n');
    assertFailure(await run('describe', 'ns', 'nope'), 'Error from server (NotFound): namespaces "nope" not found\n');
  });
});
