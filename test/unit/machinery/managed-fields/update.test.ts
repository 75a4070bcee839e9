import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { managerFromUserAgent, recordUpdate } from '../../../../src/machinery/managed-fields/update.js';
import { FieldSet } from '../../../../src/machinery/managed-fields/field-set.js';
import { fieldElement } from '../../../../src/machinery/managed-fields/path-element.js';
import type { KubeObject, ManagedFieldsEntry } from '../../../../src/machinery/object.js';
import { ConfigMapSchema } from '../../../../src/resources/configmap/schema.js';
import { NamespaceSchema } from '../../../../src/resources/namespace/schema.js';
import { PodLikeSchema } from './pod-like-schema.js';

const T1 = '2024-05-01T10:00:00Z';
const T2 = '2024-05-01T11:00:00Z';
const T3 = '2024-05-01T12:00:00Z';

const entry = (manager: string, time: string, fieldsV1: Record<string, unknown>, extra: Partial<ManagedFieldsEntry> = {}): ManagedFieldsEntry =>
  ({ manager, operation: 'Update', apiVersion: 'v1', time, fieldsType: 'FieldsV1', fieldsV1, ...extra });

/** What `kubectl create configmap app --from-literal=k=v` stores, after the server filled in metadata. */
function createdConfigMap(): KubeObject {
  const obj: KubeObject = {
    kind: 'ConfigMap', apiVersion: 'v1',
    metadata: { name: 'app', namespace: 'default', uid: 'u-1', resourceVersion: '1', creationTimestamp: T1 },
    data: { k: 'v' },
  };
  obj.metadata.managedFields = recordUpdate({ schema: ConfigMapSchema, updated: obj, manager: 'kubectl-create', apiVersion: 'v1', time: T1 });
  return obj;
}

function edit(live: KubeObject, change: (obj: KubeObject) => void, manager: string, time: string): KubeObject {
  const updated = structuredClone(live);
  change(updated);
  updated.metadata.managedFields = recordUpdate({ schema: ConfigMapSchema, live, updated, manager, apiVersion: 'v1', time });
  return updated;
}

describe('recordUpdate', () => {
  it('create: the creating manager owns every field it set, maps marked with "."', () => {
    assert.deepEqual(createdConfigMap().metadata.managedFields, [entry('kubectl-create', T1, { 'f:data': { '.': {}, 'f:k': {} } })]);
  });

  it('kubectl-create then kubectl-edit: changed fields move to the editor, untouched entries keep their time', () => {
    const edited = edit(createdConfigMap(), (o) => {
      (o.data as Record<string, string>).k = 'v2';
      o.metadata.labels = { env: 'prod' };
    }, 'kubectl-edit', T2);
    assert.deepEqual(edited.metadata.managedFields, [
      entry('kubectl-create', T1, { 'f:data': {} }),
      entry('kubectl-edit', T2, { 'f:data': { 'f:k': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:env': {} } } }),
    ]);

    // A second edit by kubectl-create itself: its entry grows and moves after kubectl-edit by time.
    const again = edit(edited, (o) => { (o.data as Record<string, string>).extra = '1'; }, 'kubectl-create', T3);
    assert.deepEqual(again.metadata.managedFields, [
      entry('kubectl-edit', T2, { 'f:data': { 'f:k': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:env': {} } } }),
      entry('kubectl-create', T3, { 'f:data': { '.': {}, 'f:extra': {} } }),
    ]);
  });

  it('removing fields takes them from their owners and drops emptied entries', () => {
    const edited = edit(createdConfigMap(), (o) => { o.metadata.labels = { env: 'prod' }; }, 'kubectl-label', T2);
    const unlabeled = edit(edited, (o) => { delete o.metadata.labels; }, 'kubectl-label', T3);
    assert.deepEqual(unlabeled.metadata.managedFields, [entry('kubectl-create', T1, { 'f:data': { '.': {}, 'f:k': {} } })]);
  });

  it('a no-op update changes nothing, not even times', () => {
    const live = createdConfigMap();
    const same = edit(live, (o) => { o.metadata.resourceVersion = '2'; }, 'kubectl-replace', T2);
    assert.deepEqual(same.metadata.managedFields, live.metadata.managedFields);
  });

  it('managedFields sent with the update replace the live ones; [] resets them and the object stays untracked', () => {
    const live = createdConfigMap();
    const sent = structuredClone(live);
    sent.metadata.managedFields = [entry('someone', T1, { 'f:data': { 'f:k': {} } })];
    (sent.data as Record<string, string>).other = 'x';
    assert.deepEqual(recordUpdate({ schema: ConfigMapSchema, live, updated: sent, manager: 'kubectl-edit', apiVersion: 'v1', time: T2 }), [
      entry('someone', T1, { 'f:data': { 'f:k': {} } }),
      entry('kubectl-edit', T2, { 'f:data': { 'f:other': {} } }),
    ]);

    const reset = structuredClone(live);
    reset.metadata.managedFields = [];
    assert.deepEqual(recordUpdate({ schema: ConfigMapSchema, live, updated: reset, manager: 'kubectl-edit', apiVersion: 'v1', time: T2 }), []);

    const untracked = structuredClone(live);
    delete untracked.metadata.managedFields;
    const changed = structuredClone(untracked);
    (changed.data as Record<string, string>).k = 'new';
    assert.deepEqual(recordUpdate({ schema: ConfigMapSchema, live: untracked, updated: changed, manager: 'kubectl-edit', apiVersion: 'v1', time: T2 }), []);
  });

  it('subresource updates record the subresource and ignore managedFields sent in the body', () => {
    const live: KubeObject = {
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', uid: 'u-2' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
    };
    live.metadata.managedFields = [entry('kubectl-create', T1, { 'f:spec': { 'f:finalizers': {} } })];
    const updated = structuredClone(live);
    updated.status = { phase: 'Terminating' };
    updated.metadata.managedFields = [];
    assert.deepEqual(recordUpdate({ schema: NamespaceSchema, live, updated, manager: 'namespace-controller', apiVersion: 'v1', time: T2, subresource: 'status' }), [
      entry('kubectl-create', T1, { 'f:spec': { 'f:finalizers': {} } }),
      entry('namespace-controller', T2, { 'f:status': { 'f:phase': {} } }, { subresource: 'status' }),
    ]);
  });

  it('resetFields are never recorded', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', labels: { 'kubernetes.io/metadata.name': 'team' } }, status: { phase: 'Active' } };
    assert.deepEqual(recordUpdate({
      schema: NamespaceSchema, updated: ns, manager: 'kubectl-create', apiVersion: 'v1', time: T1, resetFields: FieldSet.of([fieldElement('status')]),
    }), [entry('kubectl-create', T1, { 'f:metadata': { 'f:labels': { '.': {}, 'f:kubernetes.io/metadata.name': {} } } })]);
  });

  it('Pod-like create: top-level structs and required lists carry no ".", new list items do', () => {
    const pod: KubeObject = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' },
      spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] }], restartPolicy: 'Always' },
    };
    assert.deepEqual(recordUpdate({ schema: PodLikeSchema, updated: pod, manager: 'kubectl-run', apiVersion: 'v1', time: T1 }), [
      entry('kubectl-run', T1, {
        'f:spec': {
          'f:containers': {
            'k:{"name":"app"}': {
              '.': {}, 'f:image': {}, 'f:name': {},
              'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } },
            },
          },
          'f:restartPolicy': {},
        },
      }),
    ]);
  });

  it('objects that cannot be read against the schema keep their live entries', () => {
    const live: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', uid: 'u', managedFields: [entry('a', T1, { 'f:spec': { 'f:restartPolicy': {} } })] }, spec: { containers: [], restartPolicy: 'Always' } };
    const updated = structuredClone(live);
    (updated.spec as { containers: unknown[] }).containers = [{ image: 'no-name' }];
    assert.deepEqual(recordUpdate({ schema: PodLikeSchema, live, updated, manager: 'b', apiVersion: 'v1', time: T2 }), live.metadata.managedFields);
  });

  it('keeps at most 10 Update entries, merging the oldest into "ancient-changes"', () => {
    let obj = createdConfigMap();
    for (let i = 0; i < 11; i++) {
      const time = `2024-05-02T00:00:${String(i).padStart(2, '0')}Z`;
      obj = edit(obj, (o) => { (o.data as Record<string, string>)[`k${i}`] = 'x'; }, `m${i}`, time);
    }
    const entries = obj.metadata.managedFields!;
    assert.equal(entries.length, 10);
    // The 11th entry folded kubectl-create and m0 into the bucket; the 12th folded m1 in too.
    assert.deepEqual(entries[0], entry('ancient-changes', '2024-05-02T00:00:01Z', { 'f:data': { '.': {}, 'f:k': {}, 'f:k0': {}, 'f:k1': {} } }));
    assert.deepEqual(entries.map((e) => e.manager), ['ancient-changes', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10']);
  });
});

describe('managerFromUserAgent', () => {
  it('takes the User-Agent up to the first "/"', () => {
    assert.equal(managerFromUserAgent('kubectl/v1.32.0 (linux/amd64) kubernetes/abcdef'), 'kubectl');
    assert.equal(managerFromUserAgent('Go-http-client/1.1'), 'Go-http-client');
    assert.equal(managerFromUserAgent(''), '');
  });

  it('drops non-printable characters and stops at 128 bytes without splitting a character', () => {
    assert.equal(managerFromUserAgent('my\ttool\u0000 x/1'), 'mytool x');
    assert.equal(managerFromUserAgent('a'.repeat(200)), 'a'.repeat(128));
    assert.equal(managerFromUserAgent('a'.repeat(127) + 'é'), 'a'.repeat(127));
  });
});
