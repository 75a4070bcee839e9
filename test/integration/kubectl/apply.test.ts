// Declarative kubectl against `arca up`: client-side apply (created / configured / unchanged and
// the last-applied annotation), server-side apply (conflicts, --force-conflicts), kustomize
// (`apply -k` with generators and the guide's overlay) and `kubectl diff`.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startArcaUpProcess, type ArcaUpProcess } from '../../helpers/arca-process.js';
import { describe, it } from '../../helpers/backend-tests.js';
import { assertFailure, assertLines, assertSuccess, createKubectl, maskGenerated, type Kubectl } from '../../helpers/kubectl.js';
import { guideKustomization, guideManifests } from '../../helpers/seed-guide.js';

const LAST_APPLIED = 'jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}';

const SSA_CONFLICT_HELP = [
  'Please review the fields above--they currently have other managers. Here',
  'are the ways you can resolve this warning:',
  '* If you intend to manage all of these fields, please re-run the apply',
  '  command with the `--force-conflicts` flag.',
  '* If you do not intend to manage all of the fields, please edit your',
  '  manifest to remove references to the fields that should keep their',
  '  current managers.',
  '* You may co-own fields by updating your manifest to match the existing',
  '  value; in this case, you\'ll become the manager if the other manager(s)',
  '  stop managing the field (remove it from their configuration).',
  'See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts',
  '',
].join('\n');

describe('kubectl apply and diff', () => {
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

  it('applies the guide ConfigMap: created, unchanged, configured', async () => {
    const file = kubectl.file('app-config.yaml', guideManifests['app-config']);
    assertSuccess(await run('apply', '-f', file), 'configmap/app-config created\n');
    assertSuccess(await run('get', 'configmap', 'app-config', '-o', LAST_APPLIED),
      '{"apiVersion":"v1","data":{"app.properties":"color.background=blue\\ncolor.foreground=white\\napp.mode=production\\nretry.count=3\\n","app.yml":"server:\\n  port: 8080\\n  timeout: 30s\\nlogging:\\n  level: info\\n","cache_ttl":"300","database_url":"mongodb://localhost:27017"},"kind":"ConfigMap","metadata":{"annotations":{},"labels":{"app":"myapp","environment":"production"},"name":"app-config","namespace":"default"}}\n');
    assertSuccess(await run('apply', '-f', file), 'configmap/app-config unchanged\n');

    kubectl.file('app-config.yaml', guideManifests['app-config'].replace('cache_ttl: "300"', 'cache_ttl: "600"').replace('    environment: production\n', ''));
    assertSuccess(await run('apply', '-f', file), 'configmap/app-config configured\n');
    assertSuccess(await run('get', 'configmap', 'app-config', '-o', 'jsonpath={.data.cache_ttl} {.metadata.labels}'), '600 {"app":"myapp"}');
  });

  it('applies the guide Secret with stringData: configured on every run, as upstream', async () => {
    const file = kubectl.file('app-secrets.yaml', guideManifests['app-secrets']);
    assertSuccess(await run('apply', '-f', file), 'secret/app-secrets created\n');
    assertSuccess(await run('apply', '-f', file), 'secret/app-secrets configured\n');
    assertSuccess(await run('get', 'secret', 'app-secrets', '-o', 'jsonpath={.data}'),
      '{"api_token":"dG9rZW4xMjM0NTY=","config.json":"ewogICJhcGlLZXkiOiAieHl6MTIzIiwKICAiZW52aXJvbm1lbnQiOiAicHJvZHVjdGlvbiIKfQo=","password":"cGFzc3dvcmQ=","username":"YWRtaW4="}');
    assertSuccess(await run('get', 'secret', 'app-secrets', '-o', 'jsonpath={.stringData}'), '');
  });

  it('applies the guide custom-type Secret and immutable ConfigMap', async () => {
    const secret = kubectl.file('mysecret.yaml', guideManifests.mysecret);
    assertSuccess(await run('apply', '-f', secret), 'secret/mysecret created\n');
    assertSuccess(await run('apply', '-f', secret), 'secret/mysecret unchanged\n');
    assertSuccess(await run('get', 'secret', 'mysecret', '-o', 'jsonpath={.type}'), 'mycompany.com/secret-type');

    const immutable = kubectl.file('immutable-config.yaml', guideManifests['immutable-config']);
    assertSuccess(await run('apply', '-f', immutable), 'configmap/immutable-config created\n');
    kubectl.file('immutable-config.yaml', guideManifests['immutable-config'].replace('key=value', 'key=changed'));
    assertFailure(await run('apply', '-f', immutable),
      'The ConfigMap "immutable-config" is invalid: data: Forbidden: field is immutable when `immutable` is set\n');
    // Metadata stays editable.
    kubectl.file('immutable-config.yaml', guideManifests['immutable-config'].replace('version: "v1.2.3"', 'version: "v1.2.4"'));
    assertSuccess(await run('apply', '-f', immutable), 'configmap/immutable-config configured\n');
  });

  it('rejects the guide TLS Secret, whose placeholders are not base64', async () => {
    const file = kubectl.file('tls-secret.yaml', guideManifests['tls-secret']);
    assertFailure(await run('apply', '-f', file),
      'Error from server (BadRequest): error when creating "tls-secret.yaml": Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 6\n');
    assertFailure(await run('get', 'secret', 'tls-secret'), 'Error from server (NotFound): secrets "tls-secret" not found\n');
  });

  it('applies with --dry-run=server without storing anything', async () => {
    const file = kubectl.file('dry.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dry-config\ndata:\n  a: "1"\n');
    assertSuccess(await run('apply', '--dry-run=server', '-f', file), 'configmap/dry-config created (server dry run)\n');
    assertSuccess(await run('apply', '--server-side', '--dry-run=server', '-f', file), 'configmap/dry-config serverside-applied (server dry run)\n');
    assertFailure(await run('get', 'configmap', 'dry-config'), 'Error from server (NotFound): configmaps "dry-config" not found\n');
    assertSuccess(await run('apply', '-f', file), 'configmap/dry-config created\n');
    kubectl.file('dry.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dry-config\ndata:\n  a: "2"\n');
    assertSuccess(await run('apply', '--dry-run=server', '-f', file), 'configmap/dry-config configured (server dry run)\n');
    assertSuccess(await run('get', 'configmap', 'dry-config', '-o', 'jsonpath={.data}'), '{"a":"1"}');
  });

  it('applies a multi-document file in order', async () => {
    const file = kubectl.file('bundle.yaml', [
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bundle\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bundled\n  namespace: bundle\ndata:\n  a: "1"\n',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: bundled\n  namespace: bundle\nstringData:\n  b: "2"\n',
    ].join('---\n'));
    assertSuccess(await run('apply', '-f', file), 'namespace/bundle created\nconfigmap/bundled created\nsecret/bundled created\n');
    assertSuccess(await run('apply', '-f', file), 'namespace/bundle unchanged\nconfigmap/bundled unchanged\nsecret/bundled configured\n');
  });

  it('applies server-side: create, update, a conflict with another manager, --force-conflicts', async () => {
    const file = kubectl.file('ssa.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa-config\ndata:\n  LOG_LEVEL: info\n  OWNER: kubectl\n');
    assertSuccess(await run('apply', '--server-side', '-f', file), 'configmap/ssa-config serverside-applied\n');
    assertSuccess(await run('apply', '--server-side', '-f', file), 'configmap/ssa-config serverside-applied\n');
    assertSuccess(await run('get', 'configmap', 'ssa-config', '-o', 'jsonpath={.metadata.managedFields[*].manager} {.metadata.managedFields[*].operation}'),
      'kubectl Apply');

    const other = kubectl.file('ssa-other.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa-config\ndata:\n  LOG_LEVEL: debug\n');
    assertFailure(await run('apply', '--server-side', '--field-manager=ops', '-f', other),
      `error: Apply failed with 1 conflict: conflict with "kubectl": .data.LOG_LEVEL\n${SSA_CONFLICT_HELP}`);
    assertSuccess(await run('apply', '--server-side', '--field-manager=ops', '--force-conflicts', '-f', other),
      'configmap/ssa-config serverside-applied\n');
    assertSuccess(await run('get', 'configmap', 'ssa-config', '-o', 'jsonpath={.data}'), '{"LOG_LEVEL":"debug","OWNER":"kubectl"}');

    // kubectl no longer owns LOG_LEVEL: its next apply conflicts with ops, and with an Update manager too.
    assertSuccess(await run('patch', 'configmap', 'ssa-config', '-p', '{"data":{"OWNER":"patched"}}'), 'configmap/ssa-config patched\n');
    assertFailure(await run('apply', '--server-side', '-f', file), [
      'error: Apply failed with 2 conflicts: conflicts with "kubectl-patch" using v1:',
      '- .data.OWNER',
      'conflicts with "ops":',
      '- .data.LOG_LEVEL',
      SSA_CONFLICT_HELP,
    ].join('\n'));
  });

  it('server-side applies the guide manifests', async () => {
    const file = kubectl.file('ssa-guide.yaml', guideManifests['app-config'].replace('name: app-config', 'name: ssa-app-config'));
    assertSuccess(await run('apply', '--server-side', '-f', file), 'configmap/ssa-app-config serverside-applied\n');
    assertSuccess(await run('get', 'configmap', 'ssa-app-config', '-o', 'jsonpath={.data.cache_ttl}'), '300');
    // Objects that client-side apply made can be taken over server-side.
    const secret = kubectl.file('mysecret-ssa.yaml', guideManifests.mysecret);
    assertSuccess(await run('apply', '--server-side', '-f', secret), 'secret/mysecret serverside-applied\n');
  });

  it('applies a kustomization with generators: hash-suffixed names', async () => {
    kubectl.file('generated/kustomization.yaml', [
      'configMapGenerator:',
      '- name: gen-config',
      '  literals:',
      '  - LOG_LEVEL=info',
      'secretGenerator:',
      '- name: gen-secret',
      '  literals:',
      '  - password=s3cr3t',
      '',
    ].join('\n'));
    assertSuccess(await run('apply', '-k', 'generated'),
      'configmap/gen-config-hf678c7m2b created\nsecret/gen-secret-25k92892fb created\n');
    assertSuccess(await run('apply', '-k', 'generated'),
      'configmap/gen-config-hf678c7m2b unchanged\nsecret/gen-secret-25k92892fb unchanged\n');
    assertSuccess(await kubectl.shell('kubectl get secret gen-secret-25k92892fb -o jsonpath="{.data.password}" | base64 --decode'), 's3cr3t');
  });

  it('applies the guide overlay (patchesStrategicMerge) over the earlier app-config', async () => {
    for (const [path, text] of Object.entries(guideKustomization)) kubectl.file(path, text);
    kubectl.file('base/kustomization.yaml', 'resources:\n- configmap.yaml\n');
    const res = await kubectl.shell('kubectl apply -k ./overlay/production');
    assert.deepEqual(res, {
      code: 0,
      stdout: 'configmap/app-config configured\n',
      stderr: '# Warning: \'patchesStrategicMerge\' is deprecated. Please use \'patches\' instead. Run \'kustomize edit fix\' to update your Kustomization automatically.\n',
    });
    // A three-way merge: keys and labels only the previous apply had are gone.
    assertSuccess(await run('get', 'configmap', 'app-config', '-o', 'jsonpath={.data} {.metadata.labels}'),
      '{"database.url":"mongodb://prod-db:27017"} ');
    assertSuccess(await run('create', 'namespace', 'production'), 'namespace/production created\n');
    assert.equal((await run('apply', '-k', 'overlay/production', '-n', 'production')).stdout, 'configmap/app-config created\n');
  });

  it('diffs a manifest against the live object: exit 1 with the diff, 0 when equal', async () => {
    const file = kubectl.file('web.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  LOG_LEVEL: info\n');
    assertSuccess(await run('apply', '-f', file), 'configmap/web-config created\n');
    assertSuccess(await run('diff', '-f', file), '');

    kubectl.file('web.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  LOG_LEVEL: debug\n  NEW_KEY: "1"\n');
    const changed = await run('diff', '-f', file);
    assert.equal(changed.code, 1, changed.stderr);
    assert.equal(changed.stderr, '');
    assertLines(changed.stdout, [
      /^diff -u -N \/tmp\/LIVE-\d+\/v1\.ConfigMap\.default\.web-config \/tmp\/MERGED-\d+\/v1\.ConfigMap\.default\.web-config$/,
      /^--- \/tmp\/LIVE-\d+\/v1\.ConfigMap\.default\.web-config\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \+0000$/,
      /^\+\+\+ \/tmp\/MERGED-\d+\/v1\.ConfigMap\.default\.web-config\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \+0000$/,
      '@@ -1,6 +1,7 @@',
      ' apiVersion: v1',
      ' data:',
      '-  LOG_LEVEL: info',
      '+  LOG_LEVEL: debug',
      '+  NEW_KEY: "1"',
      ' kind: ConfigMap',
      ' metadata:',
      '   annotations:',
    ]);
    // A diff is a dry run: nothing changed.
    assertSuccess(await run('get', 'configmap', 'web-config', '-o', 'jsonpath={.data}'), '{"LOG_LEVEL":"info"}');
  });

  it('diffs a Secret with its values masked, and a new object in full', async () => {
    const file = kubectl.file('diff-secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: diff-secret\nstringData:\n  token: abc\n');
    const created = await run('diff', '-f', file);
    assert.equal(created.code, 1, created.stderr);
    assertLines(maskGenerated(created.stdout), [
      /^diff -u -N \/tmp\/LIVE-\d+\/v1\.Secret\.default\.diff-secret \/tmp\/MERGED-\d+\/v1\.Secret\.default\.diff-secret$/,
      /^--- \/tmp\/LIVE-\d+\/v1\.Secret\.default\.diff-secret\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \+0000$/,
      /^\+\+\+ \/tmp\/MERGED-\d+\/v1\.Secret\.default\.diff-secret\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \+0000$/,
      // kubectl writes the absent live object as `null`.
      '@@ -1 +1,10 @@',
      '-null',
      '+apiVersion: v1',
      '+data:',
      '+  token: \'***\'',
      '+kind: Secret',
      '+metadata:',
      '+  creationTimestamp: "<time>"',
      '+  name: diff-secret',
      '+  namespace: default',
      '+  uid: <uid>',
      '+type: Opaque',
    ]);
    assertFailure(await run('get', 'secret', 'diff-secret'), 'Error from server (NotFound): secrets "diff-secret" not found\n');
  });
});
