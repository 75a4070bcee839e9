// A second real client against `arca up`: Debian's python3-kubernetes (under /usr/bin/python3),
// configured from the kubeconfig `arca up` wrote (client certificate over HTTPS).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before } from 'node:test';
import { startArcaUpProcess, type ArcaUpProcess } from '../../helpers/arca-process.js';
import { describe, it } from '../../helpers/backend-tests.js';

const PYTHON = '/usr/bin/python3';

/** Runs a Python script with `v1` (CoreV1Api) and `ApiException` in scope; it prints one JSON document. */
function python(kubeconfig: string, body: string): Promise<unknown> {
  const script = [
    'import json, sys',
    'from kubernetes import client, config',
    'from kubernetes.client.exceptions import ApiException',
    `config.load_kube_config(config_file=${JSON.stringify(kubeconfig)})`,
    'v1 = client.CoreV1Api()',
    'def error_of(call):',
    '    try:',
    '        call()',
    '    except ApiException as e:',
    '        return {"status": e.status, "body": json.loads(e.body)}',
    '    return None',
    body,
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = execFile(PYTHON, ['-'], { env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent' } }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`python3 failed (${err.message}); is python3-kubernetes installed for ${PYTHON}?\n${stderr}`));
        return;
      }
      resolve(JSON.parse(stdout));
    });
    child.stdin!.end(script);
  });
}

describe('python3-kubernetes against arca up', () => {
  let arca: ArcaUpProcess;
  before(async () => { arca = await startArcaUpProcess(); });
  after(async () => { await arca?.cleanup(); });

  it('creates, reads, lists, patches and deletes a ConfigMap', async () => {
    const result = await python(arca.kubeconfig, `
body = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="py-config", labels={"client": "python"}),
                          data={"LOG_LEVEL": "info", "cache_ttl": "300"})
created = v1.create_namespaced_config_map("default", body)
read = v1.read_namespaced_config_map("py-config", "default")
listed = v1.list_namespaced_config_map("default", label_selector="client=python")
patched = v1.patch_namespaced_config_map("py-config", "default", {"data": {"LOG_LEVEL": "debug", "cache_ttl": None}})
stale = error_of(lambda: v1.replace_namespaced_config_map("py-config", "default", client.V1ConfigMap(
    metadata=client.V1ObjectMeta(name="py-config", resource_version=created.metadata.resource_version), data={})))
deleted = v1.delete_namespaced_config_map("py-config", "default")
gone = error_of(lambda: v1.read_namespaced_config_map("py-config", "default"))
print(json.dumps({
    "created": [created.kind, created.metadata.name, created.metadata.namespace, created.data, created.metadata.resource_version.isdigit(), len(created.metadata.uid)],
    "read": [read.data, read.metadata.labels, read.metadata.uid == created.metadata.uid],
    "listed": [listed.kind, [i.metadata.name for i in listed.items], listed.metadata.resource_version.isdigit()],
    "patched": [patched.data, int(patched.metadata.resource_version) > int(created.metadata.resource_version)],
    "stale": stale,
    "deleted": [deleted.kind, deleted.status, deleted.details.name, deleted.details.kind, deleted.details.uid == created.metadata.uid],
    "gone": gone,
}))
`);
    assert.deepEqual(result, {
      created: ['ConfigMap', 'py-config', 'default', { LOG_LEVEL: 'info', cache_ttl: '300' }, true, 36],
      read: [{ LOG_LEVEL: 'info', cache_ttl: '300' }, { client: 'python' }, true],
      listed: ['ConfigMapList', ['py-config'], true],
      patched: [{ LOG_LEVEL: 'debug' }, true],
      stale: {
        status: 409,
        body: {
          kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Conflict', code: 409,
          message: 'Operation cannot be fulfilled on configmaps "py-config": the object has been modified; please apply your changes to the latest version and try again',
          details: { name: 'py-config', kind: 'configmaps' },
        },
      },
      deleted: ['Status', 'Success', 'py-config', 'configmaps', true],
      gone: {
        status: 404,
        body: {
          kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404,
          message: 'configmaps "py-config" not found', details: { name: 'py-config', kind: 'configmaps' },
        },
      },
    });
  });

  it('writes a Secret with stringData and reads it back base64-encoded; lists namespaces', async () => {
    const result = await python(arca.kubeconfig, `
v1.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name="py-team")))
secret = v1.create_namespaced_secret("py-team", client.V1Secret(metadata=client.V1ObjectMeta(name="py-secret"), string_data={"password": "s3cr3t"}))
read = v1.read_namespaced_secret("py-secret", "py-team")
missing_ns = error_of(lambda: v1.create_namespaced_secret("nope", client.V1Secret(metadata=client.V1ObjectMeta(name="x"))))
print(json.dumps({
    "secret": [secret.type, secret.data, secret.string_data],
    "read": [read.data, read.type],
    "namespaces": [n.metadata.name for n in v1.list_namespace().items],
    "missing_ns": missing_ns,
}))
`);
    assert.deepEqual(result, {
      secret: ['Opaque', { password: 'czNjcjN0' }, null],
      read: [{ password: 'czNjcjN0' }, 'Opaque'],
      namespaces: ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'py-team'],
      missing_ns: {
        status: 404,
        body: {
          kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404,
          message: 'namespaces "nope" not found', details: { name: 'nope', kind: 'namespaces' },
        },
      },
    });
  });
});
