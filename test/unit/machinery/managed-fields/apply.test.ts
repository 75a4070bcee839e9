import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LAST_APPLIED_ANNOTATION, serverSideApply, type ServerSideApplyOptions } from '../../../../src/machinery/managed-fields/apply.js';
import { recordUpdate } from '../../../../src/machinery/managed-fields/update.js';
import type { KubeObject, ManagedFieldsEntry } from '../../../../src/machinery/object.js';
import { StatusError } from '../../../../src/machinery/status.js';
import { ConfigMapSchema } from '../../../../src/resources/configmap/schema.js';
import { NamespaceSchema } from '../../../../src/resources/namespace/schema.js';
import { PodLikeSchema } from './pod-like-schema.js';

const T1 = '2024-05-01T10:00:00Z';
const T2 = '2024-05-01T11:00:00Z';
const T3 = '2024-05-01T12:00:00Z';

const applyEntry = (manager: string, time: string | undefined, fieldsV1: Record<string, unknown>): ManagedFieldsEntry => {
  const e: ManagedFieldsEntry = { manager, operation: 'Apply', apiVersion: 'v1' };
  if (time) e.time = time;
  return { ...e, fieldsType: 'FieldsV1', fieldsV1 };
};
const updateEntry = (manager: string, time: string, fieldsV1: Record<string, unknown>, subresource?: string): ManagedFieldsEntry =>
  ({ manager, operation: 'Update', apiVersion: 'v1', time, fieldsType: 'FieldsV1', fieldsV1, ...(subresource ? { subresource } : {}) });

const configMap = (data: Record<string, string> | undefined, metadata: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: 'default', ...metadata }, ...(data ? { data } : {}) });

const stored = (obj: KubeObject): KubeObject => ({ ...obj, metadata: { ...obj.metadata, uid: 'u-1', resourceVersion: '1', creationTimestamp: T1 } });

function apply(opts: Partial<ServerSideApplyOptions> & Pick<ServerSideApplyOptions, 'applied' | 'manager' | 'time'>): KubeObject {
  return serverSideApply({ schema: ConfigMapSchema, force: false, apiVersion: 'v1', ...opts }).object;
}

/** kubectl create configmap web --from-literal=..., as stored. */
function createdByKubectlCreate(data: Record<string, string>): KubeObject {
  const obj = stored(configMap(data));
  obj.metadata.managedFields = recordUpdate({ schema: ConfigMapSchema, updated: obj, manager: 'kubectl-create', apiVersion: 'v1', time: T1 });
  return obj;
}

function assertConflict(run: () => unknown, message: string, causes: { reason: string; message: string; field: string }[]): void {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof StatusError);
    assert.deepEqual(e.status, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Conflict', code: 409, details: { causes } });
    return true;
  });
}

describe('serverSideApply: create', () => {
  it('the applied configuration becomes the object; the Apply entry lists exactly its fields', () => {
    const { object } = serverSideApply({
      schema: ConfigMapSchema, applied: configMap({ a: '1', b: '2' }, { labels: { app: 'web' } }), manager: 'kubectl', force: false, apiVersion: 'v1', time: T1,
    });
    assert.deepEqual(object, {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: {
        name: 'web', namespace: 'default', labels: { app: 'web' },
        managedFields: [applyEntry('kubectl', T1, { 'f:data': { 'f:a': {}, 'f:b': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } })],
      },
      data: { a: '1', b: '2' },
    });
  });

  it('refuses managedFields in the applied configuration', () => {
    assert.throws(() => apply({ applied: configMap(undefined, { managedFields: [] }), manager: 'kubectl', time: T1 }), (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.deepEqual(e.status, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'metadata.managedFields must be nil', reason: 'BadRequest', code: 400 });
      return true;
    });
  });

  it('refuses duplicate keyed list items', () => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [{ name: 'a' }, { name: 'a' }] } };
    assert.throws(() => serverSideApply({ schema: PodLikeSchema, applied: pod, manager: 'kubectl', force: false, apiVersion: 'v1', time: T1 }), (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.deepEqual(e.status, {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 500,
        message: 'failed to create typed patch object (ns/p; /v1, Kind=Pod): .spec.containers: duplicate entries for key [name="a"]',
      });
      return true;
    });
  });
});

describe('serverSideApply: update', () => {
  const first = () => apply({ applied: configMap({ a: '1', b: '2' }), manager: 'kubectl', time: T1 });

  it('re-applying without a key removes it from the object and the entry', () => {
    const live = stored(first());
    const object = apply({ live, applied: configMap({ a: '1' }), manager: 'kubectl', time: T2 });
    assert.deepEqual(object.data, { a: '1' });
    assert.deepEqual(object.metadata.managedFields, [applyEntry('kubectl', T2, { 'f:data': { 'f:a': {} } })]);
    assert.equal(object.metadata.uid, 'u-1');
  });

  it('an omitted key another manager also owns stays', () => {
    const live = stored(first());
    const shared = apply({ live, applied: configMap({ b: '2' }), manager: 'other', time: T2 });
    // A no-op apply records the new applier without a time (sorted first, as time zero).
    assert.deepEqual(shared.metadata.managedFields, [
      applyEntry('other', undefined, { 'f:data': { 'f:b': {} } }),
      applyEntry('kubectl', T1, { 'f:data': { 'f:a': {}, 'f:b': {} } }),
    ]);
    const object = apply({ live: shared, applied: configMap({ a: '1' }), manager: 'kubectl', time: T3 });
    assert.deepEqual(object.data, { a: '1', b: '2' });
    // The object did not change, so kubectl's entry shrinks but keeps its time.
    assert.deepEqual(object.metadata.managedFields, [
      applyEntry('other', undefined, { 'f:data': { 'f:b': {} } }),
      applyEntry('kubectl', T1, { 'f:data': { 'f:a': {} } }),
    ]);
  });

  it('fields nobody applied are left alone, and a no-op apply keeps the object and times', () => {
    const live = createdByKubectlCreate({ x: '1' });
    const applied = apply({ live, applied: configMap({ a: '1' }), manager: 'kubectl', time: T2 });
    assert.deepEqual(applied.data, { x: '1', a: '1' });
    const again = apply({ live: applied, applied: configMap({ a: '1' }), manager: 'kubectl', time: T3 });
    assert.deepEqual(again, applied);
  });

  it('conflicts with a field an Update manager owns (exact message and causes)', () => {
    const live = createdByKubectlCreate({ key: 'old' });
    assertConflict(() => apply({ live, applied: configMap({ key: 'new' }), manager: 'kubectl', time: T2 }),
      'Apply failed with 1 conflict: conflict with "kubectl-create" using v1: .data.key',
      [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-create" using v1', field: '.data.key' }]);
  });

  it('lists several conflicts grouped by manager', () => {
    const live = createdByKubectlCreate({ a: '1', b: '2' });
    const withApplier = apply({ live, applied: configMap({ c: '3' }), manager: 'ci', time: T2 });
    assertConflict(() => apply({ live: withApplier, applied: configMap({ a: 'x', b: 'y', c: 'z' }), manager: 'kubectl', time: T3 }),
      'Apply failed with 3 conflicts: conflicts with "ci":\n- .data.c\nconflicts with "kubectl-create" using v1:\n- .data.a\n- .data.b',
      [
        { reason: 'FieldManagerConflict', message: 'conflict with "ci"', field: '.data.c' },
        { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-create" using v1', field: '.data.a' },
        { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-create" using v1', field: '.data.b' },
      ]);
  });

  it('names the subresource of an Update manager', () => {
    const live: KubeObject = {
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', uid: 'u' }, status: { phase: 'Active' },
    };
    live.metadata.managedFields = [updateEntry('namespace-controller', T1, { 'f:status': { 'f:phase': {} } }, 'status')];
    const applied: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' }, status: { phase: 'Terminating' } };
    assertConflict(() => serverSideApply({ schema: NamespaceSchema, live, applied, manager: 'kubectl', force: false, apiVersion: 'v1', time: T2 }),
      'Apply failed with 1 conflict: conflict with "namespace-controller" with subresource "status" using v1: .status.phase',
      [{ reason: 'FieldManagerConflict', message: 'conflict with "namespace-controller" with subresource "status" using v1', field: '.status.phase' }]);
  });

  it('force takes ownership; the previous owner keeps the rest', () => {
    const live = createdByKubectlCreate({ key: 'old' });
    const object = apply({ live, applied: configMap({ key: 'new' }), manager: 'kubectl', force: true, time: T2 });
    assert.deepEqual(object.data, { key: 'new' });
    assert.deepEqual(object.metadata.managedFields, [
      applyEntry('kubectl', T2, { 'f:data': { 'f:key': {} } }),
      updateEntry('kubectl-create', T1, { 'f:data': {} }),
    ]);
  });

  it('applying the value another manager already set is shared ownership, not a conflict', () => {
    const live = createdByKubectlCreate({ key: 'same' });
    const object = apply({ live, applied: configMap({ key: 'same' }), manager: 'kubectl', time: T2 });
    assert.deepEqual(object.metadata.managedFields, [
      applyEntry('kubectl', undefined, { 'f:data': { 'f:key': {} } }),
      updateEntry('kubectl-create', T1, { 'f:data': { '.': {}, 'f:key': {} } }),
    ]);
  });

  it('merges labels per key and prunes only the applier\'s own', () => {
    const live = stored(configMap(undefined, { labels: { app: 'web' } }));
    live.metadata.managedFields = [updateEntry('kubectl-create', T1, { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } })];
    const labelled = apply({ live, applied: configMap(undefined, { labels: { team: 'a' } }), manager: 'kubectl', time: T2 });
    assert.deepEqual(labelled.metadata.labels, { app: 'web', team: 'a' });
    assert.deepEqual(labelled.metadata.managedFields, [
      applyEntry('kubectl', T2, { 'f:metadata': { 'f:labels': { 'f:team': {} } } }),
      updateEntry('kubectl-create', T1, { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } }),
    ]);
    const unlabelled = apply({ live: labelled, applied: configMap({ k: 'v' }), manager: 'kubectl', time: T3 });
    assert.deepEqual(unlabelled.metadata.labels, { app: 'web' });
    assert.deepEqual(unlabelled.metadata.managedFields, [
      applyEntry('kubectl', T3, { 'f:data': { 'f:k': {} } }),
      updateEntry('kubectl-create', T1, { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } }),
    ]);
  });

  it('an object without managedFields gives its existing fields to "before-first-apply"', () => {
    const live = stored(configMap({ key: 'old' }));
    assertConflict(() => apply({ live, applied: configMap({ key: 'new' }), manager: 'kubectl', time: T2 }),
      'Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .data.key',
      [{ reason: 'FieldManagerConflict', message: 'conflict with "before-first-apply" using v1', field: '.data.key' }]);
    const object = apply({ live, applied: configMap({ other: '1' }), manager: 'kubectl', time: T2 });
    assert.deepEqual(object.metadata.managedFields, [
      applyEntry('kubectl', T2, { 'f:data': { 'f:other': {} } }),
      updateEntry('before-first-apply', T2, { 'f:data': { '.': {}, 'f:key': {} } }),
    ]);
  });

  it('kubectl takes over fields its last-applied annotation recorded, and keeps the annotation current', () => {
    const lastApplied = '{"apiVersion":"v1","data":{"key":"old"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"web","namespace":"default"}}\n';
    const live = stored(configMap({ key: 'old' }, { annotations: { [LAST_APPLIED_ANNOTATION]: lastApplied } }));
    live.metadata.managedFields = [updateEntry('kubectl-client-side-apply', T1, {
      'f:data': { '.': {}, 'f:key': {} },
      'f:metadata': { 'f:annotations': { '.': {}, [`f:${LAST_APPLIED_ANNOTATION}`]: {} } },
    })];
    const object = apply({ live, applied: configMap({ key: 'new' }), manager: 'kubectl', time: T2 });
    assert.deepEqual(object.data, { key: 'new' });
    assert.equal(object.metadata.annotations![LAST_APPLIED_ANNOTATION],
      '{"apiVersion":"v1","data":{"key":"new"},"kind":"ConfigMap","metadata":{"name":"web","namespace":"default"}}\n');
    assert.deepEqual(object.metadata.managedFields, [
      applyEntry('kubectl', T2, { 'f:data': { 'f:key': {} } }),
      updateEntry('kubectl-client-side-apply', T1, {
        'f:data': {},
        'f:metadata': { 'f:annotations': { '.': {}, [`f:${LAST_APPLIED_ANNOTATION}`]: {} } },
      }),
    ]);
    // Any other manager name gets the conflict.
    assertConflict(() => apply({ live, applied: configMap({ key: 'new' }), manager: 'helm', time: T2 }),
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.key',
      [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using v1', field: '.data.key' }]);
  });
});

describe('serverSideApply: Pod-like lists', () => {
  const pod = (containers: Record<string, unknown>[], extra: Record<string, unknown> = {}): KubeObject =>
    ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers, ...extra } });
  const applyPod = (live: KubeObject | undefined, applied: KubeObject, manager: string, time: string, force = false) =>
    serverSideApply({ schema: PodLikeSchema, live, applied, manager, force, apiVersion: 'v1', time }).object;

  it('merges containers by name, keeping other owners\' containers and their order', () => {
    const created = stored(applyPod(undefined, pod([{ name: 'app', image: 'nginx:1', args: ['-v'] }]), 'kubectl', T1));
    assert.deepEqual(created.metadata.managedFields, [applyEntry('kubectl', T1, {
      'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:args': {}, 'f:image': {}, 'f:name': {} } } },
    })]);

    // A sidecar injector adds its container through a normal update.
    const injected = structuredClone(created);
    (injected.spec as { containers: unknown[] }).containers.push({ name: 'sidecar', image: 'envoy' });
    injected.metadata.managedFields = recordUpdate({ schema: PodLikeSchema, live: created, updated: injected, manager: 'injector', apiVersion: 'v1', time: T2 });
    assert.deepEqual(injected.metadata.managedFields, [
      applyEntry('kubectl', T1, { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:args': {}, 'f:image': {}, 'f:name': {} } } } }),
      updateEntry('injector', T2, { 'f:spec': { 'f:containers': { 'k:{"name":"sidecar"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } }),
    ]);

    const object = applyPod(injected, pod([{ name: 'app', image: 'nginx:2', args: ['-q'] }, { name: 'logger', image: 'fluent' }]), 'kubectl', T3);
    assert.deepEqual(object.spec, {
      containers: [
        { name: 'app', image: 'nginx:2', args: ['-q'] },
        { name: 'sidecar', image: 'envoy' },
        { name: 'logger', image: 'fluent' },
      ],
    });
    assert.deepEqual(object.metadata.managedFields, [
      applyEntry('kubectl', T3, { 'f:spec': { 'f:containers': {
        'k:{"name":"app"}': { '.': {}, 'f:args': {}, 'f:image': {}, 'f:name': {} },
        'k:{"name":"logger"}': { '.': {}, 'f:image': {}, 'f:name': {} },
      } } }),
      updateEntry('injector', T2, { 'f:spec': { 'f:containers': { 'k:{"name":"sidecar"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } }),
    ]);

    // Dropping a container from the configuration removes it; the injector's stays.
    const pruned = applyPod(object, pod([{ name: 'app', image: 'nginx:2', args: ['-q'] }]), 'kubectl', T3);
    assert.deepEqual((pruned.spec as { containers: { name: string }[] }).containers.map((c) => c.name), ['app', 'sidecar']);
  });

  it('merges nested keyed lists and replaces atomic ones', () => {
    const live = stored(applyPod(undefined, pod([{ name: 'app', env: [{ name: 'A', value: '1' }], args: ['a', 'b'] }]), 'kubectl', T1));
    const object = applyPod(live, pod([{ name: 'app', env: [{ name: 'B', value: '2' }], args: ['c'] }], { nodeSelector: { zone: 'x' } }), 'other', T2, true);
    assert.deepEqual(object.spec, {
      containers: [{ name: 'app', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], args: ['c'] }],
      nodeSelector: { zone: 'x' },
    });
    assert.deepEqual(object.metadata.managedFields, [
      applyEntry('kubectl', T1, { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:env': { 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} } }, 'f:name': {} } } } }),
      applyEntry('other', T2, { 'f:spec': {
        'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:args': {}, 'f:env': { 'k:{"name":"B"}': { '.': {}, 'f:name': {}, 'f:value': {} } }, 'f:name': {} } },
        'f:nodeSelector': {},
      } }),
    ]);
  });
});
