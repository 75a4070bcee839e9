// The error lines kubectl prints for what the API server refuses, against `arca up`: invalid keys
// and names, size limits, immutability, stale resourceVersions, NotFound, AlreadyExists, missing
// namespaces, decoding errors and per-type Secret rules.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startArcaUpProcess, type ArcaUpProcess } from '../../helpers/arca-process.js';
import { describe, it } from '../../helpers/backend-tests.js';
import { assertFailure, assertLines, assertSuccess, createKubectl, type Kubectl } from '../../helpers/kubectl.js';
import { guideManifests } from '../../helpers/seed-guide.js';

const CONFIG_KEY_RULE = 'a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')';
const MIB = 1024 * 1024;

describe('kubectl error lines', () => {
  let arca: ArcaUpProcess;
  let kubectl: Kubectl;
  const run = (...args: string[]) => kubectl.run(args);
  const manifest = (name: string, text: string) => kubectl.file(name, text);

  before(async () => {
    arca = await startArcaUpProcess();
    kubectl = createKubectl(arca.kubeconfig);
  });
  after(async () => {
    await arca?.cleanup();
    kubectl?.cleanup();
  });

  it('refuses invalid keys: kubectl checks its own flags, the server checks manifests', async () => {
    assertFailure(await run('create', 'configmap', 'bad', '--from-literal=a b=c'), `error: "a b" is not a valid key name for a ConfigMap: ${CONFIG_KEY_RULE}\n`);
    const file = manifest('bad-key.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad-key\ndata:\n  "db/url": x\n');
    assertFailure(await run('create', '-f', file), `The ConfigMap "bad-key" is invalid: data[db/url]: Invalid value: "db/url": ${CONFIG_KEY_RULE}\n`);
    assertFailure(await run('apply', '-f', file), `The ConfigMap "bad-key" is invalid: data[db/url]: Invalid value: "db/url": ${CONFIG_KEY_RULE}\n`);
    const secret = manifest('bad-secret-key.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: bad-key\nstringData:\n  "..": x\n');
    assertFailure(await run('apply', '-f', secret), 'The Secret "bad-key" is invalid: data[..]: Invalid value: "..": must not be \'..\'\n');
  });

  it('refuses invalid names', async () => {
    assertFailure(await run('create', 'configmap', 'Bad_Name', '--from-literal=a=b'),
      'error: failed to create configmap: ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')\n');
    assertFailure(await run('create', 'namespace', 'team.a'),
      'The Namespace "team.a" is invalid: metadata.name: Invalid value: "team.a": must not contain dots\n');
    assertFailure(await run('create', 'namespace', 'Team-A'),
      'The Namespace "Team-A" is invalid: metadata.name: Invalid value: "Team-A": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')\n');
  });

  it('refuses a ConfigMap or Secret over 1 MiB, and accepts exactly 1 MiB', async () => {
    kubectl.file('big.txt', 'a'.repeat(MIB + 1));
    kubectl.file('limit.txt', 'a'.repeat(MIB));
    assertFailure(await run('create', 'configmap', 'too-big', '--from-file=big.txt'),
      'error: failed to create configmap: ConfigMap "too-big" is invalid: []: Too long: may not be more than 1048576 bytes\n');
    assertFailure(await run('create', 'secret', 'generic', 'too-big', '--from-file=big.txt'),
      'error: failed to create secret Secret "too-big" is invalid: data: Too long: may not be more than 1048576 bytes\n');
    assertSuccess(await run('create', 'configmap', 'at-limit', '--from-file=limit.txt'), 'configmap/at-limit created\n');
    // A manifest applied client-side also carries itself in an annotation, which has its own limit.
    const file = manifest('big.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  big: ${'a'.repeat(MIB + 1)}\n`);
    assertFailure(await run('create', '-f', file), 'The ConfigMap "big" is invalid: []: Too long: may not be more than 1048576 bytes\n');
    assertFailure(await run('apply', '-f', file), [
      'The ConfigMap "big" is invalid: ',
      '* metadata.annotations: Too long: may not be more than 262144 bytes',
      '* []: Too long: may not be more than 1048576 bytes',
      '',
    ].join('\n'));
  });

  it('refuses changes to an immutable ConfigMap, whichever command makes them', async () => {
    const file = manifest('immutable-config.yaml', guideManifests['immutable-config']);
    assertSuccess(await run('apply', '-f', file), 'configmap/immutable-config created\n');
    const forbidden = 'The ConfigMap "immutable-config" is invalid: data: Forbidden: field is immutable when `immutable` is set\n';
    assertFailure(await run('patch', 'configmap', 'immutable-config', '-p', '{"data":{"extra":"x"}}'), forbidden);
    const live = await run('get', 'configmap', 'immutable-config', '-o', 'yaml');
    const replaced = manifest('immutable-replace.yaml', live.stdout.replace('key=value', 'key=other'));
    assertFailure(await run('replace', '-f', replaced), forbidden);
    assertFailure(await run('apply', '--server-side', '--force-conflicts', '-f', manifest('immutable-ssa.yaml', guideManifests['immutable-config'].replace('key=value', 'key=ssa'))),
      forbidden);

    const editor = kubectl.file('edit-immutable.sh', '#!/bin/sh\nsed -i \'s/key=value/key=edited/\' "$1"\n');
    const edit = await kubectl.run(['edit', 'configmap', 'immutable-config'], { env: { EDITOR: `/bin/sh ${kubectl.workDir}/${editor}` } });
    assert.equal(edit.code, 1);
    assert.equal(edit.stdout, '');
    assertLines(edit.stderr, [
      'error: configmaps "immutable-config" is invalid',
      /^A copy of your changes has been stored to "\/tmp\/kubectl-edit-\d+\.yaml"$/,
      'error: Edit cancelled, no valid changes were saved.',
    ]);
    assertSuccess(await run('get', 'configmap', 'immutable-config', '-o', 'jsonpath={.data.app\\.properties}'),
      'key=value\nenvironment=production\nfeature.new=true\n');
    // Metadata stays editable, and the object can be deleted.
    assertSuccess(await run('label', 'configmap', 'immutable-config', 'reviewed=yes'), 'configmap/immutable-config labeled\n');
    assertSuccess(await run('delete', 'configmap', 'immutable-config'), 'configmap "immutable-config" deleted\n');
  });

  it('refuses a write with a stale resourceVersion', async () => {
    assertSuccess(await run('create', 'secret', 'generic', 'rotating', '--from-literal=password=one'), 'secret/rotating created\n');
    const live = await run('get', 'secret', 'rotating', '-o', 'yaml');
    assertSuccess(await run('patch', 'secret', 'rotating', '-p', '{"stringData":{"password":"two"}}'), 'secret/rotating patched\n');
    const stale = manifest('rotating.yaml', live.stdout);
    assertFailure(await run('replace', '-f', stale),
      'Error from server (Conflict): error when replacing "rotating.yaml": Operation cannot be fulfilled on secrets "rotating": the object has been modified; please apply your changes to the latest version and try again\n');
  });

  it('reports objects that do not exist', async () => {
    assertFailure(await run('get', 'configmap', 'nope'), 'Error from server (NotFound): configmaps "nope" not found\n');
    assertFailure(await run('get', 'secret', 'nope', '-o', 'yaml'), 'Error from server (NotFound): secrets "nope" not found\n');
    assertFailure(await run('get', 'namespace', 'nope'), 'Error from server (NotFound): namespaces "nope" not found\n');
    assertFailure(await run('edit', 'configmap', 'nope'), 'Error from server (NotFound): configmaps "nope" not found\n');
    assertFailure(await run('label', 'secret', 'nope', 'a=b'), 'Error from server (NotFound): secrets "nope" not found\n');
    assertFailure(await run('annotate', 'namespace', 'nope', 'a=b'), 'Error from server (NotFound): namespaces "nope" not found\n');
  });

  it('reports objects that already exist', async () => {
    assertSuccess(await run('create', 'configmap', 'app-config', '--from-literal=a=b'), 'configmap/app-config created\n');
    assertFailure(await run('create', 'configmap', 'app-config', '--from-literal=a=b'),
      'error: failed to create configmap: configmaps "app-config" already exists\n');
    const file = manifest('app-config.yaml', guideManifests['app-config']);
    assertFailure(await run('create', '-f', file),
      'Error from server (AlreadyExists): error when creating "app-config.yaml": configmaps "app-config" already exists\n');
    assertSuccess(await run('create', 'secret', 'generic', 'app-secrets', '--from-literal=a=b'), 'secret/app-secrets created\n');
    assertFailure(await run('create', 'secret', 'generic', 'app-secrets', '--from-literal=a=b'),
      'error: failed to create secret secrets "app-secrets" already exists\n');
    assertFailure(await run('create', 'namespace', 'default'), 'Error from server (AlreadyExists): namespaces "default" already exists\n');
  });

  it('refuses writes into a namespace that does not exist', async () => {
    assertFailure(await run('create', 'configmap', 'x', '-n', 'nope', '--from-literal=a=b'),
      'error: failed to create configmap: namespaces "nope" not found\n');
    assertFailure(await run('create', 'secret', 'generic', 'x', '-n', 'nope', '--from-literal=a=b'),
      'error: failed to create secret namespaces "nope" not found\n');
    const file = manifest('elsewhere.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: nope\ndata:\n  a: b\n');
    assertFailure(await run('apply', '-f', file), 'Error from server (NotFound): error when creating "elsewhere.yaml": namespaces "nope" not found\n');
    assertFailure(await run('create', '-f', file), 'Error from server (NotFound): error when creating "elsewhere.yaml": namespaces "nope" not found\n');
  });

  it('reports manifests the server cannot decode', async () => {
    const number = manifest('number.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: number\ndata:\n  retries: 3\n');
    assertFailure(await run('apply', '-f', number),
      'Error from server (BadRequest): error when creating "number.yaml": ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string\n');
    const unknown = manifest('unknown.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: unknown\nstringdata:\n  a: b\n');
    assertFailure(await run('apply', '-f', unknown),
      'Error from server (BadRequest): error when creating "unknown.yaml": Secret in version "v1" cannot be handled as a Secret: strict decoding error: unknown field "stringdata"\n');
    assertSuccess(await run('apply', '--validate=false', '-f', unknown), 'secret/unknown created\n');
    const tls = manifest('tls-secret.yaml', guideManifests['tls-secret']);
    assertFailure(await run('create', '-f', tls),
      'Error from server (BadRequest): error when creating "tls-secret.yaml": Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 6\n');
  });

  it('applies the per-type Secret rules', async () => {
    const tls = manifest('tls-incomplete.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls-incomplete\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: cert\n');
    assertFailure(await run('apply', '-f', tls), 'The Secret "tls-incomplete" is invalid: data[tls.key]: Required value\n');
    const basic = manifest('basic.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: basic\ntype: kubernetes.io/basic-auth\nstringData:\n  username: admin\n');
    assertSuccess(await run('apply', '-f', basic), 'secret/basic created\n');
    const retyped = manifest('basic.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: basic\ntype: Opaque\nstringData:\n  username: admin\n');
    assertFailure(await run('apply', '-f', retyped), 'The Secret "basic" is invalid: type: Invalid value: "Opaque": field is immutable\n');
    const dockerconfig = manifest('docker.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: docker\ntype: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: not json\n');
    assertFailure(await run('apply', '-f', dockerconfig),
      'The Secret "docker" is invalid: data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character \'o\' in literal null (expecting \'u\')\n');
  });

  it('refuses to remove what Kubernetes keeps', async () => {
    assertFailure(await run('delete', 'namespace', 'kube-public'),
      'Error from server (Forbidden): namespaces "kube-public" is forbidden: this namespace may not be deleted\n');
    assertFailure(await run('patch', 'namespace', 'default', '--type=merge', '-p', '{"metadata":{"name":"other"}}'),
      'Error from server (BadRequest): the name of the object (other) does not match the name on the URL (default)\n');
    assertSuccess(await run('create', 'configmap', 'settled', '--from-literal=a=b'), 'configmap/settled created\n');
    assertFailure(await run('patch', 'configmap', 'settled', '--type=merge', '-p', '{"metadata":{"namespace":"kube-system"}}'),
      'Error from server (BadRequest): the namespace of the object (kube-system) does not match the namespace on the request (default)\n');
  });
});
