import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { omitEmptyCollections } from '../../../src/registry/omit-empty.js';
import { configMaps } from '../../../src/resources/configmap/index.js';
import { namespaces } from '../../../src/resources/namespace/index.js';

describe('omitEmptyCollections', () => {
  it('drops empty and null optional maps and lists, at any depth', () => {
    const cm = {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'x', labels: {}, annotations: null, finalizers: [], managedFields: [] },
      data: {}, binaryData: null,
    };
    omitEmptyCollections(configMaps.schema, cm);
    assert.deepEqual(cm, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
  });

  it('keeps non-empty collections, empty strings and empty structs', () => {
    const ns = {
      metadata: { name: 'n', labels: { a: '' }, ownerReferences: [{ apiVersion: 'v1', kind: 'K', name: 'o', uid: 'u' }] },
      spec: { finalizers: [] }, status: {},
    };
    omitEmptyCollections(namespaces.schema, ns);
    assert.deepEqual(ns, {
      metadata: { name: 'n', labels: { a: '' }, ownerReferences: [{ apiVersion: 'v1', kind: 'K', name: 'o', uid: 'u' }] },
      spec: {}, status: {},
    });
  });

  it('leaves fields the schema does not declare alone', () => {
    const obj = { metadata: {}, extra: {}, data: { k: 'v' } };
    omitEmptyCollections(configMaps.schema, obj);
    assert.deepEqual(obj, { metadata: {}, extra: {}, data: { k: 'v' } });
  });
});
