// Imperative updates with kubectl against `arca up`: edit (EDITOR = a sed script), replace
// (optimistic concurrency), patch (strategic, merge, json; no-op), label and annotate.
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { startArcaUpProcess, type ArcaUpProcess } from '../../helpers/arca-process.js';
import { describe, it } from '../../helpers/backend-tests.js';
import { assertFailure, assertSuccess, createKubectl, type Kubectl } from '../../helpers/kubectl.js';
import { guideManifests } from '../../helpers/seed-guide.js';

const CONFLICT = 'Operation cannot be fulfilled on configmaps "web-config": the object has been modified; please apply your changes to the latest version and try again';

describe('kubectl edit, replace, patch, label, annotate', () => {
  let arca: ArcaUpProcess;
  let kubectl: Kubectl;
  const run = (...args: string[]) => kubectl.run(args);
  const dataOf = async (kind: string, name: string) => {
    const res = await run('get', kind, name, '-o', 'jsonpath={.data}');
    assert.equal(res.code, 0, res.stderr);
    return res.stdout;
  };
  /** An EDITOR that runs `sed -i <expression>` on the file kubectl hands it. */
  const sedEditor = (name: string, expression: string) => {
    const script = join(kubectl.workDir, kubectl.file(`${name}.sh`, `#!/bin/sh\nsed -i '${expression}' "$1"\n`));
    chmodSync(script, 0o755);
    return { EDITOR: script };
  };

  before(async () => {
    arca = await startArcaUpProcess();
    kubectl = createKubectl(arca.kubeconfig);
    assert.equal((await run('create', 'configmap', 'web-config', '--from-literal=LOG_LEVEL=info', '--from-literal=MODE=fast')).code, 0);
  });
  after(async () => {
    await arca?.cleanup();
    kubectl?.cleanup();
  });

  it('edits a ConfigMap in $EDITOR', async () => {
    assertSuccess(await kubectl.run(['edit', 'configmap', 'web-config'], { env: sedEditor('to-debug', 's/LOG_LEVEL: info/LOG_LEVEL: debug/') }),
      'configmap/web-config edited\n');
    assert.equal(await dataOf('configmap', 'web-config'), '{"LOG_LEVEL":"debug","MODE":"fast"}');
    assertSuccess(await run('get', 'configmap', 'web-config', '-o', 'jsonpath={.metadata.managedFields[*].manager}'),
      'kubectl-create kubectl-edit');
  });

  it('cancels an edit that changes nothing', async () => {
    assert.deepEqual(await kubectl.run(['edit', 'configmap', 'web-config'], { env: { EDITOR: 'true' } }),
      { code: 0, stdout: '', stderr: 'Edit cancelled, no changes made.\n' });
  });

  it('edits a Secret and a Namespace', async () => {
    assert.equal((await run('create', 'secret', 'generic', 'db-creds', '--from-literal=password=old')).code, 0);
    // `b2xk` is base64 of "old", `bmV3` of "new".
    assertSuccess(await kubectl.run(['edit', 'secret', 'db-creds'], { env: sedEditor('rotate', 's/password: b2xk/password: bmV3/') }),
      'secret/db-creds edited\n');
    assertSuccess(await kubectl.shell("kubectl get secret db-creds -o jsonpath='{.data.password}' | base64 --decode"), 'new');
    assertSuccess(await kubectl.run(['edit', 'namespace', 'default'], { env: sedEditor('ns-label', 's/^  labels:$/  labels:\\n    team: core/') }),
      'namespace/default edited\n');
    assertSuccess(await run('get', 'namespace', 'default', '-o', 'jsonpath={.metadata.labels}'),
      '{"kubernetes.io/metadata.name":"default","team":"core"}');
  });

  it('replaces from a file, and refuses a stale resourceVersion', async () => {
    const live = await run('get', 'configmap', 'web-config', '-o', 'yaml');
    const file = kubectl.file('web-live.yaml', live.stdout.replace('MODE: fast', 'MODE: safe'));
    assertSuccess(await run('replace', '-f', file), 'configmap/web-config replaced\n');
    assert.equal(await dataOf('configmap', 'web-config'), '{"LOG_LEVEL":"debug","MODE":"safe"}');
    // The file still carries the resourceVersion it was read at.
    assertFailure(await run('replace', '-f', file), `Error from server (Conflict): error when replacing "web-live.yaml": ${CONFLICT}\n`);

    // Without a resourceVersion kubectl replaces the latest version.
    const fresh = kubectl.file('web-fresh.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  LOG_LEVEL: warn\n');
    assertSuccess(await run('replace', '-f', fresh), 'configmap/web-config replaced\n');
    assert.equal(await dataOf('configmap', 'web-config'), '{"LOG_LEVEL":"warn"}');
    const missing = kubectl.file('missing.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: missing\ndata:\n  a: b\n');
    assertFailure(await run('replace', '-f', missing), 'Error from server (NotFound): error when replacing "missing.yaml": configmaps "missing" not found\n');
    assertSuccess(await run('replace', '--force', '-f', fresh), 'configmap "web-config" deleted\nconfigmap/web-config replaced\n');
  });

  it('patches with a strategic merge, a merge and a JSON patch', async () => {
    assertSuccess(await run('patch', 'configmap', 'web-config', '-p', '{"data":{"x":"y"}}'), 'configmap/web-config patched\n');
    assertSuccess(await run('patch', 'configmap', 'web-config', '-p', '{"data":{"x":"y"}}'), 'configmap/web-config patched (no change)\n');
    assertSuccess(await run('patch', 'configmap', 'web-config', '--type=merge', '-p', '{"data":{"x":null,"z":"1"}}'), 'configmap/web-config patched\n');
    assert.equal(await dataOf('configmap', 'web-config'), '{"LOG_LEVEL":"warn","z":"1"}');
    assertSuccess(await run('patch', 'configmap', 'web-config', '--type=json', '-p',
      '[{"op":"replace","path":"/data/z","value":"2"},{"op":"add","path":"/metadata/labels","value":{"app.kubernetes.io/name":"web"}}]'),
    'configmap/web-config patched\n');
    assertSuccess(await run('get', 'configmap', 'web-config', '-o', 'jsonpath={.data} {.metadata.labels}'),
      '{"LOG_LEVEL":"warn","z":"2"} {"app.kubernetes.io/name":"web"}');
    assertSuccess(await run('patch', 'configmap', 'web-config', '--type=json', '-p', '[{"op":"remove","path":"/metadata/labels/app.kubernetes.io~1name"}]'),
      'configmap/web-config patched\n');
    assertSuccess(await run('get', 'configmap', 'web-config', '-o', 'jsonpath={.metadata.labels}'), '');
    assertSuccess(await run('patch', 'secret', 'db-creds', '-p', '{"stringData":{"user":"admin"}}'), 'secret/db-creds patched\n');
    assertSuccess(await run('get', 'secret', 'db-creds', '-o', 'jsonpath={.data}'), '{"password":"bmV3","user":"YWRtaW4="}');
    assertSuccess(await run('patch', 'ns', 'default', '--type=merge', '-p', '{"metadata":{"labels":{"team":null}}}'), 'namespace/default patched\n');
    // kubectl 1.32's patch does not add "(server dry run)" to its message.
    assertSuccess(await run('patch', 'configmap', 'web-config', '--dry-run=server', '-p', '{"data":{"dry":"run"}}'),
      'configmap/web-config patched\n');
    assert.equal(await dataOf('configmap', 'web-config'), '{"LOG_LEVEL":"warn","z":"2"}');
  });

  it('reports patch errors as Kubernetes does', async () => {
    assertFailure(await run('patch', 'configmap', 'web-config', '-p', '{"data":{"bad key":"v"}}'),
      'The ConfigMap "web-config" is invalid: data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')\n');
    assertFailure(await run('patch', 'configmap', 'missing', '-p', '{"data":{"a":"b"}}'),
      'Error from server (NotFound): configmaps "missing" not found\n');
    assertFailure(await run('patch', 'configmap', 'web-config', '--type=merge', '-p', '{"metadata":{"resourceVersion":"1"},"data":{"a":"b"}}'),
      `Error from server (Conflict): ${CONFLICT}\n`);
    const immutable = kubectl.file('immutable-config.yaml', guideManifests['immutable-config']);
    assert.equal((await run('create', '-f', immutable)).code, 0);
    assertFailure(await run('patch', 'configmap', 'immutable-config', '-p', '{"data":{"app.properties":"changed"}}'),
      'The ConfigMap "immutable-config" is invalid: data: Forbidden: field is immutable when `immutable` is set\n');
    assertFailure(await run('patch', 'configmap', 'immutable-config', '--type=merge', '-p', '{"immutable":false}'),
      'The ConfigMap "immutable-config" is invalid: immutable: Forbidden: field is immutable when `immutable` is set\n');
  });

  it('labels: add, refuse to overwrite, --overwrite, remove', async () => {
    assertSuccess(await run('label', 'configmap', 'web-config', 'env=prod'), 'configmap/web-config labeled\n');
    assertFailure(await run('label', 'configmap', 'web-config', 'env=dev'), 'error: \'env\' already has a value (prod), and --overwrite is false\n');
    assertSuccess(await run('label', 'configmap', 'web-config', 'env=dev', '--overwrite'), 'configmap/web-config labeled\n');
    assertSuccess(await run('label', 'configmap', 'web-config', 'env=dev', '--overwrite'), 'configmap/web-config not labeled\n');
    assertSuccess(await run('get', 'configmap', 'web-config', '-o', 'jsonpath={.metadata.labels}'), '{"env":"dev"}');
    assertSuccess(await run('label', 'configmap', 'web-config', 'env-'), 'configmap/web-config unlabeled\n');
    assertSuccess(await run('get', 'configmap', 'web-config', '-o', 'jsonpath={.metadata.labels}'), '');
    assertFailure(await run('label', 'configmap', 'web-config', 'bad key=x'),
      'The ConfigMap "web-config" is invalid: metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')\n');
    assertFailure(await run('label', 'configmap', 'web-config', 'a=b=c'), 'error: invalid label spec: a=b=c\n');
    assertFailure(await run('label', 'configmap', 'web-config', 'tier=not valid'),
      'error: invalid label value: "tier=not valid": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')\n');
    assertSuccess(await run('label', 'secrets', '--all', 'tier=backend'), 'secret/db-creds labeled\n');
    assertSuccess(await run('label', 'namespace', 'default', 'team=core'), 'namespace/default labeled\n');
  });

  it('labels against a stale --resource-version with a Conflict', async () => {
    assertFailure(await run('label', 'configmap', 'web-config', 'stale=yes', '--resource-version=1'), `Error from server (Conflict): ${CONFLICT}\n`);
  });

  it('annotates: add, refuse to overwrite, --overwrite, remove', async () => {
    assertSuccess(await run('annotate', 'configmap', 'web-config', 'description=web tier settings'), 'configmap/web-config annotated\n');
    assertFailure(await run('annotate', 'configmap', 'web-config', 'description=other'),
      'error: --overwrite is false but found the following declared annotation(s): \'description\' already has a value (web tier settings)\n');
    assertSuccess(await run('annotate', 'configmap', 'web-config', '--overwrite', 'description=other'), 'configmap/web-config annotated\n');
    assertSuccess(await run('get', 'configmap', 'web-config', '-o', 'jsonpath={.metadata.annotations}'), '{"description":"other"}');
    assertSuccess(await run('annotate', 'configmap', 'web-config', 'description-'), 'configmap/web-config annotated\n');
    assertSuccess(await run('get', 'configmap', 'web-config', '-o', 'jsonpath={.metadata.annotations}'), '');
    assertSuccess(await run('annotate', 'secret', 'db-creds', 'rotated-by=ops'), 'secret/db-creds annotated\n');
  });
});
