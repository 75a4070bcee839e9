import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateMessage, FieldPath, type FieldError } from '../../../../src/machinery/field-errors.js';
import { nameIsDNSLabel, nameIsDNSSubdomain } from '../../../../src/machinery/validation/names.js';
import {
  goTime, validateFinalizerName, validateObjectMeta, validateObjectMetaUpdate, type ObjectMetaInput,
} from '../../../../src/machinery/validation/object-meta.js';

const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NOT_STANDARD = 'name is neither a standard finalizer name nor is it fully qualified';

const namespaced = { namespaced: true, validateName: nameIsDNSSubdomain };
const clusterScoped = { namespaced: false, validateName: nameIsDNSLabel };
const messages = (errs: FieldError[]) => errs.map((e) => `${e.field}: ${e.body}`);

describe('validateObjectMeta', () => {
  it('accepts valid metadata', () => {
    const meta: ObjectMetaInput = {
      name: 'app.config', namespace: 'default', generation: 0,
      labels: { 'app.kubernetes.io/name': 'web', tier: '' },
      annotations: { 'Example.COM/Owner': 'anything at all', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      finalizers: ['kubernetes', 'example.com/cleanup'],
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u1', controller: true }],
      managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update', fieldsType: 'FieldsV1' }],
    };
    assert.deepEqual(validateObjectMeta(meta, namespaced), []);
  });

  it('requires a name or generateName, and a namespace for namespaced kinds', () => {
    const errs = validateObjectMeta({}, namespaced);
    assert.deepEqual(errs, [
      { type: 'FieldValueRequired', field: 'metadata.name', body: 'Required value: name or generateName is required' },
      { type: 'FieldValueRequired', field: 'metadata.namespace', body: 'Required value' },
    ]);
    assert.equal(aggregateMessage(errs),
      '[metadata.name: Required value: name or generateName is required, metadata.namespace: Required value]');
  });

  it('treats missing metadata as empty', () => {
    assert.deepEqual(messages(validateObjectMeta(undefined, clusterScoped)),
      ['metadata.name: Required value: name or generateName is required']);
  });

  it('validates generateName in prefix mode and the name as given', () => {
    assert.deepEqual(validateObjectMeta({ generateName: 'web-', name: 'web-x7k2p', namespace: 'ns' }, namespaced), []);
    assert.deepEqual(messages(validateObjectMeta({ generateName: 'Web-', name: 'Web-x7k2p', namespace: 'ns' }, namespaced)), [
      `metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN}`,
      `metadata.name: Invalid value: "Web-x7k2p": ${SUBDOMAIN}`,
    ]);
  });

  it('checks the namespace as a DNS label, or forbids it on cluster-scoped kinds', () => {
    assert.deepEqual(messages(validateObjectMeta({ name: 'a', namespace: 'team.a' }, namespaced)),
      ['metadata.namespace: Invalid value: "team.a": must not contain dots']);
    assert.deepEqual(validateObjectMeta({ name: 'a', namespace: 'x' }, clusterScoped),
      [{ type: 'FieldValueForbidden', field: 'metadata.namespace', body: 'Forbidden: not allowed on this type' }]);
  });

  it('rejects a negative generation', () => {
    assert.deepEqual(messages(validateObjectMeta({ name: 'a', namespace: 'n', generation: -1 }, namespaced)),
      ['metadata.generation: Invalid value: -1: must be greater than or equal to 0']);
  });

  it('reports label key and value errors on metadata.labels itself', () => {
    const errs = validateObjectMeta({ name: 'a', namespace: 'n', labels: { 'bad key': 'ok', k: 'bad value' } }, namespaced);
    assert.deepEqual(errs, [
      { type: 'FieldValueInvalid', field: 'metadata.labels', body: `Invalid value: "bad key": ${NAME_PART}` },
      { type: 'FieldValueInvalid', field: 'metadata.labels', body: `Invalid value: "bad value": ${LABEL_VALUE}` },
    ]);
  });

  it('checks annotation keys lower-cased but reports them as given', () => {
    assert.deepEqual(messages(validateObjectMeta({ name: 'a', namespace: 'n', annotations: { 'Bad Key': 'v' } }, namespaced)),
      [`metadata.annotations: Invalid value: "Bad Key": ${NAME_PART}`]);
  });

  it('limits annotations to 262144 bytes of keys and values', () => {
    const fits = { a: 'x'.repeat(262143) };
    const tooBig = { a: 'x'.repeat(262144) };
    const multiByte = { a: 'é'.repeat(131072) }; // 262144 bytes + the key
    assert.deepEqual(validateObjectMeta({ name: 'a', namespace: 'n', annotations: fits }, namespaced), []);
    for (const annotations of [tooBig, multiByte]) {
      assert.deepEqual(validateObjectMeta({ name: 'a', namespace: 'n', annotations }, namespaced),
        [{ type: 'FieldValueTooLong', field: 'metadata.annotations', body: 'Too long: may not be more than 262144 bytes' }]);
    }
  });

  it('requires version, kind, name and uid in owner references', () => {
    const meta = { name: 'a', namespace: 'n', ownerReferences: [{ apiVersion: 'apps/', kind: '', name: '', uid: '' }] };
    assert.deepEqual(messages(validateObjectMeta(meta, namespaced)), [
      'metadata.ownerReferences.apiVersion: Invalid value: "apps/": version must not be empty',
      'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
      'metadata.ownerReferences.name: Invalid value: "": must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
    ]);
  });

  it('forbids Events as owners, printing the reference as Go does', () => {
    const meta = { name: 'a', namespace: 'n', ownerReferences: [{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' }] };
    assert.deepEqual(messages(validateObjectMeta(meta, namespaced)), [
      'metadata.ownerReferences: Invalid value: v1.OwnerReference{APIVersion:"v1", Kind:"Event", Name:"e", UID:"u", ' +
        'Controller:(*bool)(nil), BlockOwnerDeletion:(*bool)(nil)}: /v1, Kind=Event is disallowed from being an owner',
    ]);
  });

  it('allows only one controller reference', () => {
    const ownerReferences = [
      { apiVersion: 'v1', kind: 'A', name: 'a', uid: '1', controller: true },
      { apiVersion: 'v1', kind: 'B', name: 'b', uid: '2', controller: false },
      { apiVersion: 'v1', kind: 'C', name: 'c', uid: '3', controller: true },
    ];
    const errs = validateObjectMeta({ name: 'x', namespace: 'n', ownerReferences }, namespaced);
    assert.equal(errs.length, 1);
    assert.equal(errs[0]!.field, 'metadata.ownerReferences');
    assert.match(errs[0]!.body, /^Invalid value: \[\]v1\.OwnerReference\{v1\.OwnerReference\{APIVersion:"v1", Kind:"A", .*\}\}: Only one reference can have Controller set to true\. Found "true" in references for A\/a and C\/c$/);
  });

  it('checks finalizers as qualified names, then the core standard-name rule per index', () => {
    assert.deepEqual(messages(validateObjectMeta({ name: 'a', namespace: 'n', finalizers: ['custom', 'bad name'] }, namespaced)), [
      `metadata.finalizers: Invalid value: "bad name": ${NAME_PART}`,
      `metadata.finalizers[0]: Invalid value: "custom": ${NOT_STANDARD}`,
      `metadata.finalizers[1]: Invalid value: "bad name": ${NOT_STANDARD}`,
    ]);
  });

  it('forbids orphan together with foregroundDeletion', () => {
    assert.deepEqual(messages(validateObjectMeta({ name: 'a', namespace: 'n', finalizers: ['orphan', 'foregroundDeletion'] }, namespaced)), [
      'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
    ]);
  });

  it('validates managedFields entries', () => {
    const managedFields = [
      { manager: 'ok', operation: 'Update' },
      { manager: 'a\u0007b', operation: 'Patch', fieldsType: 'FieldsV2', subresource: 's'.repeat(257) },
      { manager: 'm'.repeat(129) },
    ];
    assert.deepEqual(messages(validateObjectMeta({ name: 'a', namespace: 'n', managedFields }, namespaced)), [
      'metadata.managedFields[1].operation: Invalid value: "Patch": must be `Apply` or `Update`',
      'metadata.managedFields[1].fieldsType: Invalid value: "FieldsV2": must be `FieldsV1`',
      'metadata.managedFields[1].manager: Invalid value: "a\\ab": invalid character U+0007 (at position 1)',
      'metadata.managedFields[1].subresource: Too long: may not be more than 256 bytes',
      'metadata.managedFields[2].operation: Invalid value: "": must be `Apply` or `Update`',
      'metadata.managedFields[2].manager: Too long: may not be more than 128 bytes',
    ]);
  });

  it('orders errors as Kubernetes does', () => {
    const meta: ObjectMetaInput = {
      generateName: '-', namespace: 'A', generation: -2, labels: { k: '-' }, annotations: { '/': '' },
      ownerReferences: [{ apiVersion: '', kind: 'K', name: 'n', uid: 'u' }], finalizers: ['f'],
      managedFields: [{ operation: 'X' }],
    };
    assert.deepEqual(validateObjectMeta(meta, namespaced).map((e) => e.field), [
      'metadata.generateName', 'metadata.name', 'metadata.namespace', 'metadata.generation', 'metadata.labels',
      'metadata.annotations', 'metadata.annotations', 'metadata.annotations', 'metadata.ownerReferences.apiVersion',
      'metadata.managedFields[0].operation', 'metadata.finalizers[0]',
    ]);
  });
});

describe('validateObjectMetaUpdate', () => {
  const stored: ObjectMetaInput = {
    name: 'a', namespace: 'n', uid: '6f1c8a40-0000-4000-8000-000000000001', resourceVersion: '5',
    creationTimestamp: '2024-05-01T10:00:00Z', generation: 2, labels: { a: '1' },
  };

  it('accepts changes to labels, annotations, finalizers and owner references', () => {
    const next = { ...stored, labels: { b: '2' }, annotations: { c: '3' }, finalizers: ['example.com/x'],
      ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: 'u' }] };
    assert.deepEqual(validateObjectMetaUpdate(next, stored), []);
  });

  it('rejects changes to name, namespace and uid', () => {
    const next = { ...stored, name: 'b', namespace: 'm', uid: '' };
    assert.deepEqual(validateObjectMetaUpdate(next, stored), [
      { type: 'FieldValueInvalid', field: 'metadata.name', body: 'Invalid value: "b": field is immutable' },
      { type: 'FieldValueInvalid', field: 'metadata.namespace', body: 'Invalid value: "m": field is immutable' },
      { type: 'FieldValueInvalid', field: 'metadata.uid', body: 'Invalid value: "": field is immutable' },
    ]);
  });

  it('compares timestamps as instants and prints them as Go time values', () => {
    assert.deepEqual(validateObjectMetaUpdate({ ...stored, creationTimestamp: '2024-05-01T12:00:00+02:00' }, stored), []);
    assert.deepEqual(messages(validateObjectMetaUpdate({ ...stored, creationTimestamp: '2024-05-01T10:00:01Z' }, stored)),
      ['metadata.creationTimestamp: Invalid value: 2024-05-01 10:00:01 +0000 UTC: field is immutable']);
    assert.deepEqual(messages(validateObjectMetaUpdate({ ...stored, creationTimestamp: undefined }, stored)),
      ['metadata.creationTimestamp: Invalid value: 0001-01-01 00:00:00 +0000 UTC: field is immutable']);
  });

  it('rejects setting or clearing deletionTimestamp and deletionGracePeriodSeconds', () => {
    const deleting = { ...stored, deletionTimestamp: '2024-05-02T00:00:00Z', deletionGracePeriodSeconds: 30 };
    assert.deepEqual(messages(validateObjectMetaUpdate(stored, deleting)), [
      'metadata.deletionTimestamp: Invalid value: "null": field is immutable',
      'metadata.deletionGracePeriodSeconds: Invalid value: "null": field is immutable',
    ]);
    assert.deepEqual(messages(validateObjectMetaUpdate({ ...deleting, deletionGracePeriodSeconds: 0 }, deleting)),
      ['metadata.deletionGracePeriodSeconds: Invalid value: 0: field is immutable']);
    assert.deepEqual(messages(validateObjectMetaUpdate(deleting, stored)), [
      'metadata.deletionTimestamp: Invalid value: 2024-05-02 00:00:00 +0000 UTC: field is immutable',
      'metadata.deletionGracePeriodSeconds: Invalid value: 30: field is immutable',
    ]);
  });

  it('rejects a decreasing generation', () => {
    assert.deepEqual(messages(validateObjectMetaUpdate({ ...stored, generation: 1 }, stored)),
      ['metadata.generation: Invalid value: 1: must not be decremented']);
    assert.deepEqual(validateObjectMetaUpdate({ ...stored, generation: 3 }, stored), []);
  });

  it('forbids new finalizers once the object is being deleted, listing them sorted', () => {
    const deleting = { ...stored, deletionTimestamp: '2024-05-02T00:00:00Z', finalizers: ['example.com/a'] };
    const next = { ...deleting, finalizers: ['example.com/z', 'example.com/a', 'example.com/b'] };
    assert.deepEqual(validateObjectMetaUpdate(next, deleting), [{
      type: 'FieldValueForbidden', field: 'metadata.finalizers',
      body: 'Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b", "example.com/z"}',
    }]);
    assert.deepEqual(validateObjectMetaUpdate({ ...deleting, finalizers: [] }, deleting), []);
  });

  it('validates the new labels, annotations, owner references, managed fields and finalizer names', () => {
    const next = { ...stored, labels: { k: 'bad value' }, annotations: { 'a b': '' }, finalizers: ['custom'],
      ownerReferences: [{ apiVersion: 'v1', kind: 'K', name: 'n', uid: '' }], managedFields: [{ operation: 'Apply' }] };
    assert.deepEqual(messages(validateObjectMetaUpdate(next, stored)), [
      `metadata.labels: Invalid value: "bad value": ${LABEL_VALUE}`,
      `metadata.annotations: Invalid value: "a b": ${NAME_PART}`,
      'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
      `metadata.finalizers[0]: Invalid value: "custom": ${NOT_STANDARD}`,
    ]);
  });

  it('puts the finalizer rule first and immutable fields after the generation check', () => {
    const deleting = { ...stored, deletionTimestamp: '2024-05-02T00:00:00Z' };
    const next = { ...deleting, name: 'b', generation: 0, finalizers: ['example.com/x'] };
    assert.deepEqual(validateObjectMetaUpdate(next, deleting).map((e) => e.field),
      ['metadata.finalizers', 'metadata.generation', 'metadata.name']);
  });
});

describe('validateFinalizerName', () => {
  it('checks one finalizer at the given path', () => {
    const path = FieldPath.root('spec').child('finalizers');
    assert.deepEqual(validateFinalizerName('kubernetes', path), []);
    assert.deepEqual(messages(validateFinalizerName('bad name', path)), [
      `spec.finalizers: Invalid value: "bad name": ${NAME_PART}`,
      `spec.finalizers: Invalid value: "bad name": ${NOT_STANDARD}`,
    ]);
  });
});

describe('goTime', () => {
  it('prints time.Time.String() in UTC', () => {
    assert.equal(goTime('2024-05-01T10:00:00Z'), '2024-05-01 10:00:00 +0000 UTC');
    assert.equal(goTime('2024-05-01T10:00:00.250+01:00'), '2024-05-01 09:00:00.25 +0000 UTC');
  });
});
