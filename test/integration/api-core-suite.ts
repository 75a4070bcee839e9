// The API core against the real `arca server` process (on each storage backend), driven by the official client
// (@kubernetes/client-node): every verb on ConfigMaps, Secrets and Namespaces, exact objects and errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, PatchStrategy, setHeaderOptions, Watch, makeInformer, type V1ConfigMap, type KubeConfig } from '@kubernetes/client-node';
import { startArcaServerProcess, type ArcaProcess, type Backend } from '../helpers/arca-process.js';
import { coreApi, expectApiError, kubeConfigFor } from '../helpers/client-node.js';
import { rawRequest } from '../helpers/http.js';
import { eventually } from '../helpers/eventually.js';

/** The API core suite, run once per storage backend (api-core-*.test.ts). */
export function describeApiCore(backend: Backend): void {
let arca: ArcaProcess;
let api: CoreV1Api;
let kc: KubeConfig;

before(async () => {
  arca = await startArcaServerProcess({ backend });
  kc = kubeConfigFor(arca.url);
  api = coreApi(arca.url);
});
after(async () => { await arca.cleanup(); });

const cm = (name: string, data: Record<string, string>, labels?: Record<string, string>): V1ConfigMap =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data });

describe('namespaces', () => {
  it('has the built-in namespaces, Active, with the name label', async () => {
    const list = await api.listNamespace();
    assert.deepEqual(list.items.map((n) => n.metadata!.name), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    for (const ns of list.items) {
      assert.equal(ns.status!.phase, 'Active');
      assert.deepEqual(ns.spec!.finalizers, ['kubernetes']);
      assert.deepEqual(ns.metadata!.labels, { 'kubernetes.io/metadata.name': ns.metadata!.name });
    }
  });

  it('gives every namespace the kube-root-ca.crt ConfigMap holding the cluster CA', async () => {
    await api.createNamespace({ body: { metadata: { name: 'team-ca' } } });
    const rootCa = await eventually(() => api.readNamespacedConfigMap({ name: 'kube-root-ca.crt', namespace: 'team-ca' }));
    assert.match(rootCa.data!['ca.crt']!, /^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n?$/);
    assert.equal(rootCa.metadata!.annotations!['kubernetes.io/description'],
      'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.');
  });

  it('refuses to delete default, kube-system and kube-public', async () => {
    const { code, body } = await expectApiError(() => api.deleteNamespace({ name: 'kube-system' }));
    assert.equal(code, 403);
    assert.deepEqual(body, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'namespaces "kube-system" is forbidden: this namespace may not be deleted',
      reason: 'Forbidden', details: { name: 'kube-system', kind: 'namespaces' }, code: 403,
    });
  });

  it('deletes a namespace by terminating it, emptying it, then removing it', async () => {
    await api.createNamespace({ body: { metadata: { name: 'doomed' } } });
    await api.createNamespacedConfigMap({ namespace: 'doomed', body: cm('c1', { a: 'b' }) });
    // Deleting a namespace answers the Namespace itself (client-node expects a Status here, so go raw).
    const res = await rawRequest(arca.url, 'DELETE', '/api/v1/namespaces/doomed');
    assert.equal(res.status, 200);
    const marked = res.json();
    assert.equal(marked.kind, 'Namespace');
    assert.equal(marked.status.phase, 'Terminating');
    assert.match(marked.metadata.deletionTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await eventually(async () => {
      const { code } = await expectApiError(() => api.readNamespace({ name: 'doomed' }));
      assert.equal(code, 404);
    });
    const left = await api.listNamespacedConfigMap({ namespace: 'doomed' });
    assert.deepEqual(left.items, []);
  });

  it('answers 404 for writes into a missing namespace', async () => {
    const { code, body } = await expectApiError(() => api.createNamespacedConfigMap({ namespace: 'nowhere', body: cm('x', {}) }));
    assert.equal(code, 404);
    assert.deepEqual(body, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'namespaces "nowhere" not found',
      reason: 'NotFound', details: { name: 'nowhere', kind: 'namespaces' }, code: 404,
    });
  });
});

describe('configmaps', () => {
  it('creates with server-set metadata and reads it back', async () => {
    const created = await api.createNamespacedConfigMap({ namespace: 'default', body: cm('app-config', { 'app.properties': 'color=blue\n', cache_ttl: '300' }, { app: 'myapp' }) });
    assert.equal(created.metadata!.name, 'app-config');
    assert.equal(created.metadata!.namespace, 'default');
    assert.match(created.metadata!.uid!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(created.metadata!.resourceVersion!, /^\d+$/);
    assert.deepEqual(created.data, { 'app.properties': 'color=blue\n', cache_ttl: '300' });
    const read = await api.readNamespacedConfigMap({ name: 'app-config', namespace: 'default' });
    assert.deepEqual(read, created);
  });

  it('rejects a duplicate with AlreadyExists', async () => {
    const { code, body } = await expectApiError(() => api.createNamespacedConfigMap({ namespace: 'default', body: cm('app-config', {}) }));
    assert.equal(code, 409);
    assert.equal(body.message, 'configmaps "app-config" already exists');
    assert.equal(body.reason, 'AlreadyExists');
    assert.deepEqual(body.details, { name: 'app-config', kind: 'configmaps' });
  });

  it('replaces with optimistic concurrency: a stale resourceVersion is a Conflict', async () => {
    const current = await api.readNamespacedConfigMap({ name: 'app-config', namespace: 'default' });
    const replaced = await api.replaceNamespacedConfigMap({ name: 'app-config', namespace: 'default', body: { ...current, data: { cache_ttl: '600' } } });
    assert.deepEqual(replaced.data, { cache_ttl: '600' });
    assert.ok(Number(replaced.metadata!.resourceVersion) > Number(current.metadata!.resourceVersion));
    const { code, body } = await expectApiError(() =>
      api.replaceNamespacedConfigMap({ name: 'app-config', namespace: 'default', body: { ...current, data: { x: 'y' } } }));
    assert.equal(code, 409);
    assert.equal(body.message, 'Operation cannot be fulfilled on configmaps "app-config": the object has been modified; please apply your changes to the latest version and try again');
    assert.equal(body.reason, 'Conflict');
  });

  it('keeps the resourceVersion on a no-op update', async () => {
    const current = await api.readNamespacedConfigMap({ name: 'app-config', namespace: 'default' });
    const again = await api.replaceNamespacedConfigMap({ name: 'app-config', namespace: 'default', body: current });
    assert.equal(again.metadata!.resourceVersion, current.metadata!.resourceVersion);
  });

  it('patches with merge, strategic-merge and JSON patches', async () => {
    const ns = 'default';
    const merged = await api.patchNamespacedConfigMap({ name: 'app-config', namespace: ns, body: { data: { a: '1', cache_ttl: null } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    assert.deepEqual(merged.data, { a: '1' });
    const strategic = await api.patchNamespacedConfigMap({ name: 'app-config', namespace: ns, body: { data: { b: '2' }, metadata: { labels: { tier: 'web' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    assert.deepEqual(strategic.data, { a: '1', b: '2' });
    assert.deepEqual(strategic.metadata!.labels, { app: 'myapp', tier: 'web' });
    const json = await api.patchNamespacedConfigMap({ name: 'app-config', namespace: ns, body: [{ op: 'remove', path: '/data/a' }, { op: 'add', path: '/data/c.d', value: '3' }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch));
    assert.deepEqual(json.data, { b: '2', 'c.d': '3' });
  });

  it('lists with label selectors, field selectors and pages', async () => {
    for (const [name, tier] of [['p1', 'a'], ['p2', 'b'], ['p3', 'a'], ['p4', 'a']] as const) {
      await api.createNamespacedConfigMap({ namespace: 'default', body: cm(name, { k: name }, { page: 'yes', tier }) });
    }
    const names = (l: { items: V1ConfigMap[] }) => l.items.map((i) => i.metadata!.name);
    assert.deepEqual(names(await api.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'page=yes,tier in (a)' })), ['p1', 'p3', 'p4']);
    assert.deepEqual(names(await api.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'page,tier!=a' })), ['p2']);
    assert.deepEqual(names(await api.listNamespacedConfigMap({ namespace: 'default', fieldSelector: 'metadata.name=p3' })), ['p3']);
    const first = await api.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'page=yes', limit: 3 });
    assert.deepEqual(names(first), ['p1', 'p2', 'p3']);
    assert.ok(first.metadata!._continue);
    assert.equal(first.metadata!.remainingItemCount, undefined);
    const second = await api.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'page=yes', limit: 3, _continue: first.metadata!._continue });
    assert.deepEqual(names(second), ['p4']);
    assert.equal(second.metadata!._continue, undefined);
    assert.equal(second.metadata!.resourceVersion, first.metadata!.resourceVersion);
  });

  it('reports remainingItemCount on unselective pages', async () => {
    const page = await api.listNamespacedConfigMap({ namespace: 'default', limit: 1 });
    const all = await api.listNamespacedConfigMap({ namespace: 'default' });
    assert.equal(page.items.length, 1);
    assert.equal(page.metadata!.remainingItemCount, all.items.length - 1);
  });

  it('streams a LIST without limit: chunked, byte for byte the paged items in the list envelope', async () => {
    const path = '/api/v1/namespaces/default/configmaps';
    const whole = await rawRequest(arca.url, 'GET', path);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers['transfer-encoding'], 'chunked');
    assert.equal(whole.headers['content-length'], undefined);
    const resourceVersion = whole.json().metadata.resourceVersion as string;
    const items: unknown[] = [];
    let token = '';
    do {
      const query = token ? `continue=${encodeURIComponent(token)}` : `resourceVersion=${resourceVersion}&resourceVersionMatch=Exact`;
      const page = await rawRequest(arca.url, 'GET', `${path}?limit=2&${query}`);
      assert.equal(page.headers['content-length'], String(Buffer.byteLength(page.text)));
      items.push(...page.json().items);
      token = page.json().metadata.continue ?? '';
    } while (token);
    assert.ok(items.length >= 4);
    assert.equal(whole.text, JSON.stringify({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion }, items }));
  });

  it('rejects an unsupported field selector with the ConfigMap wording', async () => {
    const { code, body } = await expectApiError(() => api.listNamespacedConfigMap({ namespace: 'default', fieldSelector: 'data.k=p1' }));
    assert.equal(code, 400);
    assert.equal(body.message, '"data.k" is not a known field selector: only "metadata.name", "metadata.namespace"');
  });

  it('validates keys and reports Invalid with causes', async () => {
    const { code, body } = await expectApiError(() => api.createNamespacedConfigMap({ namespace: 'default', body: cm('bad', { 'a b': 'x' }) }));
    assert.equal(code, 422);
    assert.deepEqual(body, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'ConfigMap "bad" is invalid: data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')',
      reason: 'Invalid',
      details: {
        name: 'bad', kind: 'ConfigMap',
        causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: "a b": a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')', field: 'data[a b]' }],
      },
      code: 422,
    });
  });

  it('enforces the 1 MiB limit on the sum of values', async () => {
    await api.createNamespacedConfigMap({ namespace: 'default', body: cm('exactly-1mib', { a: 'x'.repeat(1024 * 1024) }) });
    const { code, body } = await expectApiError(() => api.createNamespacedConfigMap({ namespace: 'default', body: cm('over', { a: 'x'.repeat(1024 * 1024), b: 'y' }) }));
    assert.equal(code, 422);
    assert.equal(body.message, 'ConfigMap "over" is invalid: []: Too long: may not be more than 1048576 bytes');
  });

  it('freezes data of an immutable ConfigMap but lets metadata change', async () => {
    await api.createNamespacedConfigMap({ namespace: 'default', body: { ...cm('frozen', { k: 'v' }), immutable: true } });
    const { code, body } = await expectApiError(() => api.patchNamespacedConfigMap({ name: 'frozen', namespace: 'default', body: { data: { k: 'w' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch)));
    assert.equal(code, 422);
    assert.equal(body.message, 'ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set');
    const relabelled = await api.patchNamespacedConfigMap({ name: 'frozen', namespace: 'default', body: { metadata: { labels: { v: '2' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    assert.deepEqual(relabelled.metadata!.labels, { v: '2' });
    const unfreeze = await expectApiError(() => api.patchNamespacedConfigMap({ name: 'frozen', namespace: 'default', body: { immutable: false } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch)));
    assert.equal(unfreeze.body.message, 'ConfigMap "frozen" is invalid: immutable: Forbidden: field is immutable when `immutable` is set');
    await api.deleteNamespacedConfigMap({ name: 'frozen', namespace: 'default' });
  });

  it('deletes with a success Status, then 404s', async () => {
    const created = await api.createNamespacedConfigMap({ namespace: 'default', body: cm('short-lived', { a: 'b' }) });
    const res = await rawRequest(arca.url, 'DELETE', '/api/v1/namespaces/default/configmaps/short-lived');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'short-lived', kind: 'configmaps', uid: created.metadata!.uid } });
    const { code, body } = await expectApiError(() => api.readNamespacedConfigMap({ name: 'short-lived', namespace: 'default' }));
    assert.equal(code, 404);
    assert.deepEqual(body, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'configmaps "short-lived" not found',
      reason: 'NotFound', details: { name: 'short-lived', kind: 'configmaps' }, code: 404,
    });
  });

  it('checks delete preconditions', async () => {
    const created = await api.createNamespacedConfigMap({ namespace: 'default', body: cm('guarded', { a: 'b' }) });
    const { code, body } = await expectApiError(() => api.deleteNamespacedConfigMap({ name: 'guarded', namespace: 'default', body: { preconditions: { resourceVersion: '1' } } }));
    assert.equal(code, 409);
    assert.equal(body.message, `Operation cannot be fulfilled on ConfigMap "guarded": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${created.metadata!.resourceVersion}). The object might have been modified`);
    await api.deleteNamespacedConfigMap({ name: 'guarded', namespace: 'default', body: { preconditions: { uid: created.metadata!.uid } } });
  });

  it('deletes a collection by label and returns what it deleted', async () => {
    // deletecollection answers the deleted objects as a list (client-node types it as a Status: go raw).
    const res = await rawRequest(arca.url, 'DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=tier%3Da');
    const list = res.json();
    assert.equal(list.kind, 'ConfigMapList');
    assert.deepEqual(list.items.map((i: V1ConfigMap) => i.metadata!.name), ['p1', 'p3', 'p4']);
    const left = await api.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'page=yes' });
    assert.deepEqual(left.items.map((i) => i.metadata!.name), ['p2']);
  });

  it('does nothing on dryRun=All', async () => {
    const created = await api.createNamespacedConfigMap({ namespace: 'default', body: cm('dry', { a: 'b' }), dryRun: 'All' });
    assert.equal(created.metadata!.resourceVersion, undefined);
    assert.match(created.metadata!.uid!, /^[0-9a-f-]{36}$/);
    const { code } = await expectApiError(() => api.readNamespacedConfigMap({ name: 'dry', namespace: 'default' }));
    assert.equal(code, 404);
  });

  it('generates names from generateName', async () => {
    const created = await api.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { generateName: 'gen-' }, data: {} } });
    assert.match(created.metadata!.name!, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});

describe('secrets', () => {
  it('merges stringData into data, defaults the type, never returns stringData', async () => {
    const created = await api.createNamespacedSecret({ namespace: 'default', body: {
      metadata: { name: 'app-secrets' },
      data: { username: 'YWRtaW4=', password: 'cGFzc3dvcmQ=' },
      stringData: { 'config.json': '{"apiKey":"xyz123"}', password: 'override' },
    } });
    assert.equal(created.type, 'Opaque');
    assert.equal((created as any).stringData, undefined);
    assert.deepEqual(created.data, {
      username: 'YWRtaW4=', password: Buffer.from('override').toString('base64'),
      'config.json': Buffer.from('{"apiKey":"xyz123"}').toString('base64'),
    });
  });

  it('keeps the type immutable, and an omitted type keeps the stored one', async () => {
    const current = await api.readNamespacedSecret({ name: 'app-secrets', namespace: 'default' });
    const kept = await api.replaceNamespacedSecret({ name: 'app-secrets', namespace: 'default', body: { ...current, type: undefined } });
    assert.equal(kept.type, 'Opaque');
    const { code, body } = await expectApiError(() => api.replaceNamespacedSecret({ name: 'app-secrets', namespace: 'default', body: { ...kept, type: 'kubernetes.io/tls' } }));
    assert.equal(code, 422);
    assert.equal(body.message, 'Secret "app-secrets" is invalid: [type: Invalid value: "kubernetes.io/tls": field is immutable, data[tls.crt]: Required value, data[tls.key]: Required value]');
  });

  it('validates the keys each built-in type requires', async () => {
    const { body } = await expectApiError(() => api.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'tls' }, type: 'kubernetes.io/tls', data: {} } }));
    assert.equal(body.message, 'Secret "tls" is invalid: [data[tls.crt]: Required value, data[tls.key]: Required value]');
    const basic = await expectApiError(() => api.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'basic' }, type: 'kubernetes.io/basic-auth' } }));
    assert.equal(basic.body.message, 'Secret "basic" is invalid: [data[username]: Required value, data[password]: Required value]');
  });

  it('rejects invalid base64 as Kubernetes does', async () => {
    const { code, body } = await expectApiError(() => api.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'b64' }, data: { a: 'YWJj=' } } }));
    assert.equal(code, 400);
    assert.equal(body.message, 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4');
  });

  it('selects secrets by type', async () => {
    await api.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'custom' }, type: 'mycompany.com/secret-type', data: { k: 'dmFsdWU=' } } });
    const list = await api.listNamespacedSecret({ namespace: 'default', fieldSelector: 'type=mycompany.com/secret-type' });
    assert.deepEqual(list.items.map((s) => s.metadata!.name), ['custom']);
    const { body } = await expectApiError(() => api.listNamespacedSecret({ namespace: 'default', fieldSelector: 'data.k=x' }));
    assert.equal(body.message, 'field label not supported: data.k');
  });
});

describe('watch', () => {
  it('streams ADDED, MODIFIED and DELETED from a resourceVersion', async () => {
    await api.createNamespace({ body: { metadata: { name: 'watched' } } });
    const start = await api.listNamespacedConfigMap({ namespace: 'watched', fieldSelector: 'metadata.name=w1' });
    const events: string[] = [];
    const watch = new Watch(kc);
    const req = await watch.watch('/api/v1/namespaces/watched/configmaps', { resourceVersion: start.metadata!.resourceVersion, fieldSelector: 'metadata.name=w1' },
      (type, obj) => events.push(`${type} ${obj.metadata.name} ${JSON.stringify(obj.data ?? {})}`), () => {});
    await api.createNamespacedConfigMap({ namespace: 'watched', body: cm('w1', { v: '1' }) });
    await api.createNamespacedConfigMap({ namespace: 'watched', body: cm('w2', { v: '1' }) });
    await api.patchNamespacedConfigMap({ name: 'w1', namespace: 'watched', body: { data: { v: '2' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await api.deleteNamespacedConfigMap({ name: 'w1', namespace: 'watched' });
    await eventually(() => assert.equal(events.length, 3));
    req.abort();
    assert.deepEqual(events, ['ADDED w1 {"v":"1"}', 'MODIFIED w1 {"v":"2"}', 'DELETED w1 {"v":"2"}']);
  });

  it('ends a watch after timeoutSeconds, and sends bookmarks only when allowed', async () => {
    const started = Date.now();
    const res = await rawRequest(arca.url, 'GET', '/api/v1/namespaces/watched/configmaps?watch=true&timeoutSeconds=1&fieldSelector=metadata.name%3Dw2');
    assert.equal(res.status, 200);
    assert.ok(Date.now() - started >= 900, 'the stream ended before its timeout');
    const lines = res.text.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED w2']);
    const withBookmark = await rawRequest(arca.url, 'GET',
      '/api/v1/namespaces/watched/configmaps?watch=true&timeoutSeconds=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&fieldSelector=metadata.name%3Dw2');
    const types = withBookmark.text.trim().split('\n').map((l) => JSON.parse(l).type);
    assert.deepEqual(types, ['ADDED', 'BOOKMARK']);
  });

  it('keeps an informer cache in sync', async () => {
    const informer = makeInformer(kc, '/api/v1/namespaces/watched/configmaps', () => api.listNamespacedConfigMap({ namespace: 'watched' }));
    await informer.start();
    await api.createNamespacedConfigMap({ namespace: 'watched', body: cm('i1', { a: 'b' }) });
    await eventually(() => assert.deepEqual(informer.list().map((o) => o.metadata!.name).sort(), ['i1', 'kube-root-ca.crt', 'w2']));
    await api.deleteNamespacedConfigMap({ name: 'w2', namespace: 'watched' });
    await eventually(() => assert.deepEqual(informer.list().map((o) => o.metadata!.name).sort(), ['i1', 'kube-root-ca.crt']));
    await informer.stop();
  });
});
}
