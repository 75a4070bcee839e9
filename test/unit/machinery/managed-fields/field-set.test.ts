import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FieldSet, fieldSetOf, pathText } from '../../../../src/machinery/managed-fields/field-set.js';
import { fieldElement, keyElement, valueElement, indexElement } from '../../../../src/machinery/managed-fields/path-element.js';
import { ConfigMapSchema } from '../../../../src/resources/configmap/schema.js';
import { SecretSchema } from '../../../../src/resources/secret/schema.js';
import { NamespaceSchema } from '../../../../src/resources/namespace/schema.js';
import { PodLikeSchema } from './pod-like-schema.js';

const f = fieldElement;

describe('FieldSet FieldsV1 encoding', () => {
  it('writes "." only for nodes that are members and have children', () => {
    const set = FieldSet.of([f('data')], [f('data'), f('k')], [f('metadata'), f('labels'), f('app')]);
    assert.deepEqual(set.toFieldsV1(), { 'f:data': { '.': {}, 'f:k': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } });
  });

  it('writes a member without children as {}', () => {
    assert.deepEqual(FieldSet.of([f('data')]).toFieldsV1(), { 'f:data': {} });
  });

  it('orders keys as structured-merge-diff does: fields, then keys, values, indexes; keys in byte order', () => {
    const set = FieldSet.of(
      [f('list'), indexElement(2)],
      [f('list'), valueElement('b')],
      [f('list'), valueElement(3)],
      [f('list'), keyElement([{ name: 'protocol', value: 'TCP' }, { name: 'containerPort', value: 80 }])],
      [f('list'), f('Z')],
      [f('list'), f('a')],
    );
    const encoded = set.toFieldsV1();
    assert.deepEqual(Object.keys(encoded['f:list'] as object), [
      'f:Z', 'f:a', 'k:{"containerPort":80,"protocol":"TCP"}', 'v:3', 'v:"b"', 'i:2',
    ]);
  });

  it('escapes key values the way Go encodes JSON', () => {
    const set = FieldSet.of([f('spec'), f('containers'), keyElement([{ name: 'name', value: 'a<b&"c"' }])]);
    assert.deepEqual(set.toFieldsV1(), { 'f:spec': { 'f:containers': { 'k:{"name":"a\\u003cb\\u0026\\"c\\""}': {} } } });
  });

  it('decodes what Kubernetes writes and encodes it back identically', () => {
    const stored = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:run': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"nginx"}': {
            '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {},
            'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } },
            'f:resources': {},
          },
        },
        'f:dnsPolicy': {},
        'f:finalizers': { '.': {}, 'v:"a"': {} },
      },
    };
    const set = FieldSet.fromFieldsV1(stored);
    assert.deepEqual(set.toFieldsV1(), stored);
    assert.equal(set.has([f('spec'), f('containers'), keyElement([{ name: 'name', value: 'nginx' }])]), true);
    assert.equal(set.has([f('spec'), f('containers')]), false);
    assert.equal(set.has([f('spec'), f('finalizers'), valueElement('a')]), true);
  });

  it('sorts what it decodes and drops element types it does not know', () => {
    const set = FieldSet.fromFieldsV1({ 'f:b': {}, 'x:unknown': {}, 'f:a': { 'f:z': {}, 'f:y': {} } });
    assert.deepEqual(set.toFieldsV1(), { 'f:a': { 'f:y': {}, 'f:z': {} }, 'f:b': {} });
    assert.equal(FieldSet.fromFieldsV1({}).isEmpty(), true);
  });

  it('refuses malformed keys', () => {
    assert.throws(() => FieldSet.fromFieldsV1({ 'nocolon': {} }), /missing colon: nocolon/);
  });
});

describe('FieldSet algebra', () => {
  const a = FieldSet.of([f('data')], [f('data'), f('x')], [f('data'), f('y')]);
  const b = FieldSet.of([f('data'), f('y')], [f('data'), f('z')]);

  it('union', () => {
    assert.deepEqual(a.union(b).toFieldsV1(), { 'f:data': { '.': {}, 'f:x': {}, 'f:y': {}, 'f:z': {} } });
  });

  it('intersection', () => {
    assert.deepEqual(a.intersection(b).toFieldsV1(), { 'f:data': { 'f:y': {} } });
  });

  it('difference keeps paths below a removed member', () => {
    assert.deepEqual(a.difference(b).toFieldsV1(), { 'f:data': { '.': {}, 'f:x': {} } });
    assert.deepEqual(a.difference(FieldSet.of([f('data')])).toFieldsV1(), { 'f:data': { 'f:x': {}, 'f:y': {} } });
  });

  it('recursiveDifference also drops everything below a removed member', () => {
    assert.equal(a.recursiveDifference(FieldSet.of([f('data')])).isEmpty(), true);
  });

  it('lists its paths members first, in order, and prints them as conflict fields do', () => {
    const set = FieldSet.of(
      [f('spec'), f('containers'), keyElement([{ name: 'name', value: 'app' }]), f('image')],
      [f('immutable')],
      [f('data'), f('b')],
      [f('data'), f('a')],
      [f('metadata'), f('finalizers'), valueElement('x')],
      [f('list'), indexElement(0)],
    );
    assert.deepEqual(set.paths().map(pathText), [
      '.immutable',
      '.data.a',
      '.data.b',
      '.list[0]',
      '.metadata.finalizers[="x"]',
      '.spec.containers[name="app"].image',
    ]);
  });
});

describe('fieldSetOf', () => {
  it('records map entries but not the struct fields holding them, and strips server metadata', () => {
    const cm = {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: {
        name: 'app', namespace: 'default', uid: 'u', resourceVersion: '7', generation: 1,
        creationTimestamp: '2024-05-01T10:00:00Z', labels: { app: 'web' }, annotations: {},
        managedFields: [{ manager: 'x', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: {} }],
      },
      data: { 'a.conf': 'x' },
      binaryData: {},
      immutable: true,
    };
    assert.deepEqual(fieldSetOf(ConfigMapSchema, cm).toFieldsV1(), {
      'f:binaryData': {},
      'f:data': { 'f:a.conf': {} },
      'f:immutable': {},
      'f:metadata': { 'f:annotations': {}, 'f:labels': { 'f:app': {} } },
    });
  });

  it('records set items by value and null struct fields', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', finalizers: ['example.com/a', 'kubernetes'] }, type: 'Opaque', stringData: null };
    assert.deepEqual(fieldSetOf(SecretSchema, secret).toFieldsV1(), {
      'f:metadata': { 'f:finalizers': { 'v:"example.com/a"': {}, 'v:"kubernetes"': {} } },
      'f:stringData': {},
      'f:type': {},
    });
  });

  it('records atomic lists as one field and keyed list items with "."', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' }, spec: { finalizers: ['kubernetes'] }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
    assert.deepEqual(fieldSetOf(NamespaceSchema, ns).toFieldsV1(), {
      'f:spec': { 'f:finalizers': {} },
      'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {}, 'f:status': {}, 'f:type': {} } } },
    });
  });

  it('records an empty keyed list as nothing, as structured-merge-diff does', () => {
    assert.equal(fieldSetOf(PodLikeSchema, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } }).isEmpty(), true);
  });
});
