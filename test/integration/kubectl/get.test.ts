// `kubectl get` of ConfigMaps, Secrets and Namespaces against `arca up`: server-side tables
// (columns, -A, --show-labels, -L), -o yaml|json|jsonpath|name, selectors, and watch.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startArcaUpProcess, type ArcaUpProcess } from '../../helpers/arca-process.js';
import { describe, it } from '../../helpers/backend-tests.js';
import { assertFailure, assertLines, assertSuccess, createKubectl, maskGenerated, type Kubectl } from '../../helpers/kubectl.js';
import { guideManifests } from '../../helpers/seed-guide.js';

describe('kubectl get', () => {
  let arca: ArcaUpProcess;
  let kubectl: Kubectl;
  const run = (...args: string[]) => kubectl.run(args);

  before(async () => {
    arca = await startArcaUpProcess();
    kubectl = createKubectl(arca.kubeconfig);
    const files = ['app-config', 'app-secrets', 'immutable-config', 'mysecret']
      .map((name) => kubectl.file(`${name}.yaml`, guideManifests[name as keyof typeof guideManifests]));
    for (const file of files) assert.equal((await run('apply', '-f', file)).code, 0);
    assert.equal((await run('create', 'namespace', 'team-a')).code, 0);
    assert.equal((await run('create', 'configmap', 'team-config', '-n', 'team-a', '--from-literal=owner=team-a')).code, 0);
    assert.equal((await run('label', 'configmap', 'team-config', '-n', 'team-a', 'app=myapp')).code, 0);
    assert.equal((await run('create', 'secret', 'generic', 'team-secret', '-n', 'team-a', '--from-literal=token=t0ken')).code, 0);
  });
  after(async () => {
    await arca?.cleanup();
    kubectl?.cleanup();
  });

  it('lists ConfigMaps as a table: NAME DATA AGE', async () => {
    const res = await run('get', 'configmaps');
    assert.equal(res.stderr, '');
    assertLines(res.stdout, [
      'NAME               DATA   AGE',
      /^app-config         4      \d+s$/,
      /^immutable-config   1      \d+s$/,
      /^kube-root-ca\.crt   1      \d+s$/,
    ]);
  });

  it('lists Secrets as a table: NAME TYPE DATA AGE', async () => {
    const res = await run('get', 'secrets');
    assert.equal(res.stderr, '');
    assertLines(res.stdout, [
      'NAME          TYPE                        DATA   AGE',
      /^app-secrets   Opaque                      4      \d+s$/,
      /^mysecret      mycompany\.com\/secret-type   2      \d+s$/,
    ]);
  });

  it('lists Namespaces as a table: NAME STATUS AGE', async () => {
    const res = await run('get', 'ns');
    assert.equal(res.stderr, '');
    assertLines(res.stdout, [
      'NAME              STATUS   AGE',
      /^default           Active   \d+s$/,
      /^kube-node-lease   Active   \d+s$/,
      /^kube-public       Active   \d+s$/,
      /^kube-system       Active   \d+s$/,
      /^team-a            Active   \d+s$/,
    ]);
  });

  it('shows one object as a one-row table', async () => {
    const res = await run('get', 'secret', 'app-secrets');
    assert.equal(res.stderr, '');
    assertLines(res.stdout, ['NAME          TYPE     DATA   AGE', /^app-secrets   Opaque   4      \d+s$/]);
    // The guide's `kubectl get secret <name> -n <namespace>`.
    const other = await run('get', 'secret', 'team-secret', '-n', 'team-a');
    assert.equal(other.stderr, '');
    assertLines(other.stdout, ['NAME          TYPE     DATA   AGE', /^team-secret   Opaque   1      \d+s$/]);
    const wide = await run('get', 'cm', 'app-config', '-o', 'wide');
    assertLines(wide.stdout, ['NAME         DATA   AGE', /^app-config   4      \d+s$/]);
  });

  it('lists every namespace with -A', async () => {
    const res = await run('get', 'secrets', '-A');
    assert.equal(res.stderr, '');
    assertLines(res.stdout, [
      'NAMESPACE   NAME          TYPE                        DATA   AGE',
      /^default     app-secrets   Opaque                      4      \d+s$/,
      /^default     mysecret      mycompany\.com\/secret-type   2      \d+s$/,
      /^team-a      team-secret   Opaque                      1      \d+s$/,
    ]);
    const configMaps = await run('get', 'cm', '--all-namespaces', '-l', 'app=myapp');
    assertLines(configMaps.stdout, [
      'NAMESPACE   NAME          DATA   AGE',
      /^default     app-config    4      \d+s$/,
      /^team-a      team-config   1      \d+s$/,
    ]);
  });

  it('selects by label and by field', async () => {
    assertLines((await run('get', 'configmaps', '-l', 'app=myapp,environment in (production)')).stdout, [
      'NAME         DATA   AGE',
      /^app-config   4      \d+s$/,
    ]);
    assertLines((await run('get', 'configmaps', '-l', '!app')).stdout, [
      'NAME               DATA   AGE',
      /^immutable-config   1      \d+s$/,
      /^kube-root-ca\.crt   1      \d+s$/,
    ]);
    assertLines((await run('get', 'configmaps', '--field-selector', 'metadata.name=immutable-config')).stdout, [
      'NAME               DATA   AGE',
      /^immutable-config   1      \d+s$/,
    ]);
    assertLines((await run('get', 'secrets', '-A', '--field-selector', 'type=Opaque,metadata.namespace!=default')).stdout, [
      'NAMESPACE   NAME          TYPE     DATA   AGE',
      /^team-a      team-secret   Opaque   1      \d+s$/,
    ]);
    assertLines((await run('get', 'namespaces', '--field-selector', 'status.phase=Active', '-l', 'kubernetes.io/metadata.name=team-a')).stdout, [
      'NAME     STATUS   AGE',
      /^team-a   Active   \d+s$/,
    ]);
  });

  it('says so when nothing matches', async () => {
    assert.deepEqual(await run('get', 'configmaps', '-l', 'app=nothing'), { code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
    assert.deepEqual(await run('get', 'secrets', '-n', 'kube-system'), { code: 0, stdout: '', stderr: 'No resources found in kube-system namespace.\n' });
    assert.deepEqual(await run('get', 'ns', '-l', 'team=none'), { code: 0, stdout: '', stderr: 'No resources found\n' });
  });

  it('rejects field selectors a kind does not support, in each kind\'s words', async () => {
    assertFailure(await run('get', 'configmaps', '--field-selector', 'data.x=y'),
      'Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match label selector "", field selector "data.x=y": "data.x" is not a known field selector: only "metadata.name", "metadata.namespace"\n');
    assertFailure(await run('get', 'secrets', '--field-selector', 'data.x=y'),
      'Error from server (BadRequest): Unable to find "/v1, Resource=secrets" that match label selector "", field selector "data.x=y": field label not supported: data.x\n');
  });

  it('adds label columns with --show-labels and -L', async () => {
    const shown = await run('get', 'configmaps', '--show-labels');
    assertLines(shown.stdout, [
      /^NAME               DATA   AGE +LABELS$/,
      /^app-config         4      \d+s +app=myapp,environment=production$/,
      /^immutable-config   1      \d+s +version=v1\.2\.3$/,
      /^kube-root-ca\.crt   1      \d+s +<none>$/,
    ]);
    const columns = await run('get', 'configmaps', '-L', 'app', '-L', 'version');
    assertLines(columns.stdout, [
      /^NAME               DATA   AGE +APP     VERSION$/,
      /^app-config         4      \d+s +myapp   $/,
      /^immutable-config   1      \d+s +        v1\.2\.3$/,
      /^kube-root-ca\.crt   1      \d+s +        $/,
    ]);
  });

  it('prints one object as YAML and as JSON', async () => {
    const yaml = await run('get', 'configmap', 'immutable-config', '-o', 'yaml');
    assert.equal(yaml.stderr, '');
    assert.equal(maskGenerated(yaml.stdout), [
      'apiVersion: v1',
      'data:',
      '  app.properties: |',
      '    key=value',
      '    environment=production',
      '    feature.new=true',
      'immutable: true',
      'kind: ConfigMap',
      'metadata:',
      '  annotations:',
      '    kubectl.kubernetes.io/last-applied-configuration: |',
      '      {"apiVersion":"v1","data":{"app.properties":"key=value\\nenvironment=production\\nfeature.new=true\\n"},"immutable":true,"kind":"ConfigMap","metadata":{"annotations":{},"labels":{"version":"v1.2.3"},"name":"immutable-config","namespace":"default"}}',
      '  creationTimestamp: "<time>"',
      '  labels:',
      '    version: v1.2.3',
      '  name: immutable-config',
      '  namespace: default',
      '  resourceVersion: "<rv>"',
      '  uid: <uid>',
      '',
    ].join('\n'));
    const json = await run('get', 'secret', 'mysecret', '-o', 'json');
    assert.equal(json.stderr, '');
    assert.equal(maskGenerated(json.stdout), [
      '{',
      '    "apiVersion": "v1",',
      '    "data": {',
      '        "api-token": "ZXhhbXBsZS10b2tlbg==",',
      '        "custom-key": "dmFsdWU="',
      '    },',
      '    "kind": "Secret",',
      '    "metadata": {',
      '        "annotations": {',
      '            "kubectl.kubernetes.io/last-applied-configuration": "{\\"apiVersion\\":\\"v1\\",\\"data\\":{\\"api-token\\":\\"ZXhhbXBsZS10b2tlbg==\\",\\"custom-key\\":\\"dmFsdWU=\\"},\\"kind\\":\\"Secret\\",\\"metadata\\":{\\"annotations\\":{\\"my-company.com/secret-rotation\\":\\"30d\\"},\\"name\\":\\"mysecret\\",\\"namespace\\":\\"default\\"},\\"type\\":\\"mycompany.com/secret-type\\"}\\n",',
      '            "my-company.com/secret-rotation": "30d"',
      '        },',
      '        "creationTimestamp": "<time>",',
      '        "name": "mysecret",',
      '        "namespace": "default",',
      '        "resourceVersion": "<rv>",',
      '        "uid": "<uid>"',
      '    },',
      '    "type": "mycompany.com/secret-type"',
      '}',
      '',
    ].join('\n'));
  });

  it('prints a list as a YAML List', async () => {
    const res = await run('get', 'configmaps', '-n', 'team-a', '-l', 'app', '-o', 'yaml');
    assert.equal(res.stderr, '');
    assert.equal(maskGenerated(res.stdout), [
      'apiVersion: v1',
      'items:',
      '- apiVersion: v1',
      '  data:',
      '    owner: team-a',
      '  kind: ConfigMap',
      '  metadata:',
      '    creationTimestamp: "<time>"',
      '    labels:',
      '      app: myapp',
      '    name: team-config',
      '    namespace: team-a',
      '    resourceVersion: "<rv>"',
      '    uid: <uid>',
      'kind: List',
      'metadata:',
      '  resourceVersion: ""',
      '',
    ].join('\n'));
  });

  it('extracts values with jsonpath, and the guide pipeline decodes a secret', async () => {
    assertSuccess(await run('get', 'secret', 'app-secrets', '-o', 'jsonpath={.data.password}'), 'cGFzc3dvcmQ=');
    assertSuccess(await kubectl.shell("kubectl get secret app-secrets -o jsonpath='{.data.password}' | base64 --decode"), 'password');
    assertSuccess(await kubectl.shell("kubectl get secret app-secrets -o jsonpath='{.data.config\\.json}' | base64 --decode"),
      '{\n  "apiKey": "xyz123",\n  "environment": "production"\n}\n');
    assertSuccess(await run('get', 'configmap', 'app-config', '-o', 'jsonpath={.data.cache_ttl} {.metadata.labels.environment}'), '300 production');
    assertSuccess(await run('get', 'namespaces', '-o', 'jsonpath={.items[*].metadata.name}'), 'default kube-node-lease kube-public kube-system team-a');
    assertSuccess(await kubectl.shell('kubectl get secret team-secret -n team-a -o jsonpath="{.data.token}" | base64 --decode'), 't0ken');
  });

  it('prints names with -o name, also across kinds', async () => {
    assertSuccess(await run('get', 'configmaps', '-o', 'name'),
      'configmap/app-config\nconfigmap/immutable-config\nconfigmap/kube-root-ca.crt\n');
    assertSuccess(await run('get', 'cm,secrets', '-o', 'name'),
      'configmap/app-config\nconfigmap/immutable-config\nconfigmap/kube-root-ca.crt\nsecret/app-secrets\nsecret/mysecret\n');
    assertSuccess(await run('get', 'namespace', 'team-a', '-o', 'name'), 'namespace/team-a\n');
  });

  it('shows several kinds in one table each', async () => {
    const res = await run('get', 'configmap,secret', '-n', 'team-a');
    assert.equal(res.stderr, '');
    assertLines(res.stdout, [
      'NAME                         DATA   AGE',
      /^configmap\/kube-root-ca\.crt   1      \d+s$/,
      /^configmap\/team-config        1      \d+s$/,
      '',
      'NAME                 TYPE     DATA   AGE',
      /^secret\/team-secret   Opaque   1      \d+s$/,
    ]);
  });

  it('sorts (rows carry whole objects), pages with --chunk-size and prints custom columns', async () => {
    // Creation order: the namespace's kube-root-ca.crt first, then the guide's objects as applied.
    const sorted = await run('get', 'configmaps', '--sort-by=.metadata.resourceVersion');
    assert.equal(sorted.stderr, '');
    assertLines(sorted.stdout, [
      'NAME               DATA   AGE',
      /^kube-root-ca\.crt   1      \d+s$/,
      /^app-config         4      \d+s$/,
      /^immutable-config   1      \d+s$/,
    ]);
    const paged = await run('get', 'configmaps', '-A', '--chunk-size=1');
    assert.equal(paged.stderr, '');
    assertLines(paged.stdout, [
      'NAMESPACE         NAME               DATA   AGE',
      /^default           app-config         4      \d+s$/,
      /^default           immutable-config   1      \d+s$/,
      /^default           kube-root-ca\.crt   1      \d+s$/,
      /^kube-node-lease   kube-root-ca\.crt   1      \d+s$/,
      /^kube-public       kube-root-ca\.crt   1      \d+s$/,
      /^kube-system       kube-root-ca\.crt   1      \d+s$/,
      /^team-a            kube-root-ca\.crt   1      \d+s$/,
      /^team-a            team-config        1      \d+s$/,
    ]);
    assertSuccess(await run('get', 'secrets', '-o', 'custom-columns=NAME:.metadata.name,TYPE:.type,USER:.data.username'), [
      'NAME          TYPE                        USER',
      'app-secrets   Opaque                      YWRtaW4=',
      'mysecret      mycompany.com/secret-type   <none>',
      '',
    ].join('\n'));
  });

  it('watches changes with -w --output-watch-events until stopped', async () => {
    // A matching object first: once kubectl prints it, the list is done and the watch follows from it.
    assertSuccess(await run('create', 'configmap', 'watch-sentinel', '--from-literal=a=1'), 'configmap/watch-sentinel created\n');
    assertSuccess(await run('label', 'configmap', 'watch-sentinel', 'watched=yes'), 'configmap/watch-sentinel labeled\n');
    const watch = kubectl.start(['get', 'configmaps', '-w', '--output-watch-events', '-l', 'watched']);
    await watch.waitForStdout(/^ADDED +watch-sentinel /m);
    assertSuccess(await run('create', 'configmap', 'watched-config', '--from-literal=a=1'), 'configmap/watched-config created\n');
    assertSuccess(await run('label', 'configmap', 'watched-config', 'watched=yes'), 'configmap/watched-config labeled\n');
    assertSuccess(await run('patch', 'configmap', 'watched-config', '-p', '{"data":{"b":"2"}}'), 'configmap/watched-config patched\n');
    assertSuccess(await run('label', 'configmap', 'watched-config', 'watched-'), 'configmap/watched-config unlabeled\n');
    await watch.waitForStdout(/^DELETED/m);
    const result = await watch.stop();
    assert.equal(result.code, 1, 'kubectl exits 1 when interrupted');
    assert.equal(result.stderr, '');
    assertLines(result.stdout, [
      'EVENT      NAME             DATA   AGE',
      /^ADDED      watch-sentinel   1      \d+s$/,
      /^ADDED      watched-config   1      \d+s$/,
      /^MODIFIED   watched-config   2      \d+s$/,
      /^DELETED    watched-config   2      \d+s$/,
    ]);
  });

  it('watches a single object and the table of an existing list', async () => {
    const watch = kubectl.start(['get', 'secrets', '-w']);
    await watch.waitForStdout(/^mysecret /m);
    assertSuccess(await run('annotate', 'secret', 'mysecret', 'rotated=now'), 'secret/mysecret annotated\n');
    await watch.waitForStdout(/^mysecret .*\n(.*\n)*mysecret /m);
    const result = await watch.stop();
    assert.equal(result.stderr, '');
    assertLines(result.stdout, [
      'NAME          TYPE                        DATA   AGE',
      /^app-secrets   Opaque                      4      \d+s$/,
      /^mysecret      mycompany\.com\/secret-type   2      \d+s$/,
      /^mysecret      mycompany\.com\/secret-type   2      \d+s$/,
    ]);
  });
});
