import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateMessage } from '../../../src/machinery/field-errors.js';
import {
  validateNamespace, validateNamespaceFinalizeUpdate, validateNamespaceStatusUpdate, validateNamespaceUpdate,
  type Namespace,
} from '../../../src/resources/namespace/validation.js';

const LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const NOT_STANDARD = 'name is neither a standard finalizer name nor is it fully qualified';

const ns = (fields: Partial<Namespace> = {}): Namespace => ({
  apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' },
  spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' }, ...fields,
});

describe('validateNamespace', () => {
  it('accepts a valid namespace', () => {
    assert.deepEqual(validateNamespace(ns()), []);
    assert.deepEqual(validateNamespace(ns({ spec: { finalizers: ['example.com/cleanup'] } })), []);
    assert.deepEqual(validateNamespace(ns({ metadata: { generateName: 'team-', name: 'team-x8k2q' } })), []);
  });

  it('names namespaces with DNS-1123 labels', () => {
    assert.deepEqual(validateNamespace(ns({ metadata: { name: 'team.a' } })), [
      { type: 'FieldValueInvalid', field: 'metadata.name', body: 'Invalid value: "team.a": must not contain dots' },
    ]);
    assert.equal(aggregateMessage(validateNamespace(ns({ metadata: { name: 'Team' } }))),
      `metadata.name: Invalid value: "Team": ${LABEL}`);
    assert.equal(aggregateMessage(validateNamespace(ns({ metadata: { name: 'a'.repeat(64) } }))),
      'metadata.name: Invalid value: "' + 'a'.repeat(64) + '": must be no more than 63 characters');
  });

  it('is cluster-scoped', () => {
    assert.equal(aggregateMessage(validateNamespace(ns({ metadata: { name: 'a', namespace: 'default' } }))),
      'metadata.namespace: Forbidden: not allowed on this type');
  });

  it('checks spec.finalizers on the list path', () => {
    assert.deepEqual(validateNamespace(ns({ spec: { finalizers: ['kubernetes', 'bad name', 'custom'] } })), [
      { type: 'FieldValueInvalid', field: 'spec.finalizers', body: `Invalid value: "bad name": ${NAME_PART}` },
      { type: 'FieldValueInvalid', field: 'spec.finalizers', body: `Invalid value: "bad name": ${NOT_STANDARD}` },
      { type: 'FieldValueInvalid', field: 'spec.finalizers', body: `Invalid value: "custom": ${NOT_STANDARD}` },
    ]);
  });
});

describe('validateNamespaceUpdate', () => {
  const stored = ns({ metadata: { name: 'team-a', uid: 'u', resourceVersion: '4', labels: { a: '1' } } });

  it('accepts metadata changes', () => {
    assert.deepEqual(validateNamespaceUpdate(ns({ metadata: { ...stored.metadata, labels: { b: '2' } } }), stored), []);
  });

  it('runs the create rules first, then the metadata update rules', () => {
    const renamed = ns({ metadata: { ...stored.metadata, name: 'Team' } });
    assert.equal(aggregateMessage(validateNamespaceUpdate(renamed, stored)),
      `[metadata.name: Invalid value: "Team": ${LABEL}, metadata.name: Invalid value: "Team": field is immutable]`);
  });
});

describe('validateNamespaceStatusUpdate', () => {
  const active = ns({ metadata: { name: 'team-a', uid: 'u' } });
  const deleting = ns({ metadata: { name: 'team-a', uid: 'u', deletionTimestamp: '2024-05-01T10:00:00Z' }, status: { phase: 'Terminating' } });

  it('accepts phases that agree with deletionTimestamp', () => {
    assert.deepEqual(validateNamespaceStatusUpdate(active, active), []);
    assert.deepEqual(validateNamespaceStatusUpdate(deleting, deleting), []);
  });

  it('requires Active while not being deleted', () => {
    const errs = validateNamespaceStatusUpdate({ ...active, status: { phase: 'Terminating' } }, active);
    assert.deepEqual(errs, [{
      type: 'FieldValueInvalid', field: 'status.Phase',
      body: "Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty",
    }]);
    assert.equal(aggregateMessage(validateNamespaceStatusUpdate({ ...active, status: {} }, active)),
      "status.Phase: Invalid value: \"\": may only be 'Active' if `deletionTimestamp` is empty");
  });

  it('requires Terminating while being deleted', () => {
    assert.equal(aggregateMessage(validateNamespaceStatusUpdate({ ...deleting, status: { phase: 'Active' } }, deleting)),
      "status.Phase: Invalid value: \"Active\": may only be 'Terminating' if `deletionTimestamp` is not empty");
  });

  it('applies the metadata update rules first', () => {
    assert.deepEqual(validateNamespaceStatusUpdate({ ...deleting, status: { phase: 'Active' } }, active).map((e) => e.field),
      ['metadata.deletionTimestamp', 'status.Phase']);
  });
});

describe('validateNamespaceFinalizeUpdate', () => {
  const stored = ns({ metadata: { name: 'team-a', uid: 'u', deletionTimestamp: '2024-05-01T10:00:00Z' } });

  it('accepts removing or replacing spec finalizers', () => {
    assert.deepEqual(validateNamespaceFinalizeUpdate({ ...stored, spec: { finalizers: [] } }, stored), []);
    assert.deepEqual(validateNamespaceFinalizeUpdate({ ...stored, spec: {} }, stored), []);
  });

  it('reports each bad finalizer at its index', () => {
    assert.deepEqual(validateNamespaceFinalizeUpdate({ ...stored, spec: { finalizers: ['kubernetes', 'x y'] } }, stored), [
      { type: 'FieldValueInvalid', field: 'spec.finalizers[1]', body: `Invalid value: "x y": ${NAME_PART}` },
      { type: 'FieldValueInvalid', field: 'spec.finalizers[1]', body: `Invalid value: "x y": ${NOT_STANDARD}` },
    ]);
  });

  it('applies the metadata update rules', () => {
    const withNewFinalizer = { ...stored, metadata: { ...stored.metadata, finalizers: ['example.com/late'] } };
    assert.equal(aggregateMessage(validateNamespaceFinalizeUpdate(withNewFinalizer, stored)),
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/late"}');
  });
});
