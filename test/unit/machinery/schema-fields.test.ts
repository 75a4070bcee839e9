import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { SchemaCursor, pruneUnknownFields, unknownFields } from '../../../src/machinery/schema-fields.js';
import { MergeItemSchema, PodSchema } from './patch/fixtures.js';

const pod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  foo: 1,
  metadata: { name: 'p', labelz: { a: 'b' }, labels: { 'any/key': 'v' }, creationTimestamp: { odd: 'type' } },
  spec: {
    containers: [
      { name: 'a', image: 'x', foo: { deep: true } },
      { name: 'b', env: [{ name: 'E', valueFrom: {} }, { name: 'F', value: 'f' }], ports: [{ containerPort: 80, hostIP: '0.0.0.0' }] },
    ],
    overhead: { anything: { goes: [1, { here: true }] } },
    extra: { nested: 'not searched' },
  },
});

describe('unknownFields', () => {
  it('reports undeclared fields in document order, with list indices, as strict decoding names them', () => {
    assert.deepEqual(unknownFields(PodSchema, pod()), [
      'foo',
      'metadata.labelz',
      'spec.containers[0].foo',
      'spec.containers[1].env[0].valueFrom',
      'spec.containers[1].ports[0].hostIP',
      'spec.extra',
    ]);
  });

  it('visits keys in sorted order on request', () => {
    assert.deepEqual(unknownFields(PodSchema, { zeta: 1, metadata: { b: 1, a: 2 }, alpha: 1 }, { sortedKeys: true }), ['alpha', 'metadata.a', 'metadata.b', 'zeta']);
  });

  it('finds nothing in a conforming object', () => {
    assert.deepEqual(unknownFields(PodSchema, { kind: 'Pod', metadata: { name: 'p', labels: {} }, spec: { containers: [{ name: 'a', env: [] }] } }), []);
  });

  it('follows recursive schemas', () => {
    const item = { name: 1, mergingList: [{ name: 2, mergingList: [{ name: 3 }, { name: 4, bogus: true }] }], retainKeysMap: { nope: 1 } };
    assert.deepEqual(unknownFields(MergeItemSchema, item), ['mergingList[0].mergingList[1].bogus', 'retainKeysMap.nope']);
  });

  it('joins map keys with dots and accepts any key in a map', () => {
    const schema = Type.Object({ byName: Type.Record(Type.String(), Type.Object({ size: Type.Integer() })) });
    assert.deepEqual(unknownFields(schema, { byName: { 'a.b': { size: 1, colour: 'red' }, c: { size: 2 } } }), ['byName.a.b.colour']);
  });

  it('reads unions, intersections, references and additionalProperties', () => {
    const Inner = Type.Object({ a: Type.String() }, { $id: 'Inner' });
    const schema = Type.Object({
      direct: Inner,
      viaRef: Type.Ref('Inner'),
      either: Type.Union([Type.Object({ x: Type.String() }), Type.Object({ y: Type.String() }), Type.Null()]),
      both: Type.Intersect([Type.Object({ p: Type.String() }), Type.Object({ q: Type.String() })]),
      open: Type.Object({ fixed: Type.String() }, { additionalProperties: true }),
      typed: Type.Object({}, { additionalProperties: Type.Object({ n: Type.Integer() }) }),
      dangling: Type.Ref('Nowhere'),
    });
    const obj = {
      direct: { a: '1', b: 2 },
      viaRef: { a: '1', c: 3 },
      either: { x: '1', y: '2', z: '3' },
      both: { p: '1', q: '2', r: '3' },
      open: { fixed: 'f', free: { anything: 1 } },
      typed: { k: { n: 1, m: 2 } },
      dangling: { whatever: true },
    };
    assert.deepEqual(unknownFields(schema, obj), ['direct.b', 'viaRef.c', 'either.z', 'both.r', 'typed.k.m']);
  });
});

describe('pruneUnknownFields', () => {
  it('removes exactly what unknownFields reports, in place', () => {
    const obj = pod();
    pruneUnknownFields(PodSchema, obj);
    assert.deepEqual(obj, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', labels: { 'any/key': 'v' }, creationTimestamp: { odd: 'type' } },
      spec: {
        containers: [
          { name: 'a', image: 'x' },
          { name: 'b', env: [{ name: 'E' }, { name: 'F', value: 'f' }], ports: [{ containerPort: 80 }] },
        ],
        overhead: { anything: { goes: [1, { here: true }] } },
      },
    });
    assert.deepEqual(unknownFields(PodSchema, obj), []);
  });
});

describe('SchemaCursor.patchMeta', () => {
  it('reads the merge key and strategies of a field, through nullable unions', () => {
    const list = Type.Array(Type.Object({ id: Type.String() }), { 'x-kubernetes-patch-merge-key': 'id', 'x-kubernetes-patch-strategy': 'merge,retainKeys' });
    const schema = Type.Object({ plain: list, nullable: Type.Union([list, Type.Null()]), atomic: Type.Array(Type.String()) });
    const cursor = SchemaCursor.of(schema);
    assert.deepEqual(cursor.field('plain')?.patchMeta(), { mergeKey: 'id', strategies: ['merge', 'retainKeys'] });
    assert.deepEqual(cursor.field('nullable')?.patchMeta(), { mergeKey: 'id', strategies: ['merge', 'retainKeys'] });
    assert.deepEqual(cursor.field('atomic')?.patchMeta(), { mergeKey: '', strategies: [] });
    assert.equal(cursor.field('missing'), undefined);
  });
});
