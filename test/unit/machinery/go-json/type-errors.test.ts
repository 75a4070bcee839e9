import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { toPlainValue } from '../../../../src/machinery/go-json/json-value.js';
import { parseOrderedJson } from '../../../../src/machinery/go-json/ordered-json.js';
import { goJsonTypeError } from '../../../../src/machinery/go-json/type-errors.js';
import { ConfigMapSchema } from '../../../../src/resources/configmap/schema.js';
import { NamespaceSchema } from '../../../../src/resources/namespace/schema.js';
import { SecretSchema } from '../../../../src/resources/secret/schema.js';

const configMap = (body: string) => goJsonTypeError(ConfigMapSchema, 'ConfigMap', parseOrderedJson(body));

// Expected texts are sigs.k8s.io/json's (the apiserver's decoder) for the same body.
describe('goJsonTypeError', () => {
  it('accepts well-typed bodies, nulls anywhere and unknown fields', () => {
    assert.equal(configMap('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labels":{"x":"y"},"generation":3},"data":{"k":"v"},"binaryData":{"b":"YWJj"},"immutable":true}'), undefined);
    assert.equal(configMap('{"data":{"a":null},"metadata":null,"immutable":null,"binaryData":{"b":null}}'), undefined);
    assert.equal(configMap('{"Data":5,"spec":[1],"metadata":{"unknown":{}}}'), undefined);
    assert.equal(configMap('{"metadata":{"managedFields":[{"fieldsV1":5,"time":null}],"creationTimestamp":"2024-05-01T10:00:00Z"}}'), undefined);
    assert.equal(configMap('null'), undefined);
  });

  const cases: Array<[string, string]> = [
    ['{"data":5}', 'json: cannot unmarshal number into Go struct field ConfigMap.data of type map[string]string'],
    ['{"data":[]}', 'json: cannot unmarshal array into Go struct field ConfigMap.data of type map[string]string'],
    ['{"data":{"a":1}}', 'json: cannot unmarshal number into Go struct field ConfigMap.data of type string'],
    ['{"data":{"a":{"b":"c"}}}', 'json: cannot unmarshal object into Go struct field ConfigMap.data of type string'],
    ['{"data":{"a":true}}', 'json: cannot unmarshal bool into Go struct field ConfigMap.data of type string'],
    ['{"immutable":"yes"}', 'json: cannot unmarshal string into Go struct field ConfigMap.immutable of type bool'],
    ['{"metadata":5}', 'json: cannot unmarshal number into Go struct field ConfigMap.metadata of type v1.ObjectMeta'],
    ['{"metadata":{"labels":[]}}', 'json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string'],
    ['{"metadata":{"labels":{"a":1}}}', 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'],
    ['{"metadata":{"name":5}}', 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string'],
    ['{"metadata":{"generation":"1"}}', 'json: cannot unmarshal string into Go struct field ObjectMeta.metadata.generation of type int64'],
    ['{"metadata":{"generation":1.0}}', 'json: cannot unmarshal number 1.0 into Go struct field ObjectMeta.metadata.generation of type int64'],
    ['{"metadata":{"generation":99999999999999999999}}', 'json: cannot unmarshal number 99999999999999999999 into Go struct field ObjectMeta.metadata.generation of type int64'],
    ['{"metadata":{"deletionGracePeriodSeconds":true}}', 'json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.deletionGracePeriodSeconds of type int64'],
    ['{"metadata":{"finalizers":"x"}}', 'json: cannot unmarshal string into Go struct field ObjectMeta.metadata.finalizers of type []string'],
    ['{"metadata":{"finalizers":[1]}}', 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.finalizers of type string'],
    ['{"metadata":{"ownerReferences":{}}}', 'json: cannot unmarshal object into Go struct field ObjectMeta.metadata.ownerReferences of type []v1.OwnerReference'],
    ['{"metadata":{"ownerReferences":[{"controller":"x"}]}}', 'json: cannot unmarshal string into Go struct field OwnerReference.metadata.ownerReferences.controller of type bool'],
    ['{"metadata":{"managedFields":[5]}}', 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.managedFields of type v1.ManagedFieldsEntry'],
    ['{"binaryData":{"a":"!!"}}', 'illegal base64 data at input byte 0'],
    ['{"binaryData":{"a":"YWJjZ"}}', 'illegal base64 data at input byte 4'],
    ['{"binaryData":{"a":5}}', 'json: cannot unmarshal number into Go struct field ConfigMap.binaryData of type []uint8'],
    ['{"binaryData":{"a":[1,2,256]}}', 'json: cannot unmarshal number 256 into Go struct field ConfigMap.binaryData of type uint8'],
    ['{"kind":5}', 'json: cannot unmarshal number into Go struct field ConfigMap.kind of type string'],
    ['[]', 'json: cannot unmarshal array into Go value of type v1.ConfigMap'],
    ['"x"', 'json: cannot unmarshal string into Go value of type v1.ConfigMap'],
    // The first error in document order wins; decoding goes on after it.
    ['{"immutable":1,"data":5}', 'json: cannot unmarshal number into Go struct field ConfigMap.immutable of type bool'],
    ['{"metadata":{"name":1},"data":5}', 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string'],
    // Duplicate members are all decoded: the first one's error stands.
    ['{"data":{"a":1},"data":{}}', 'json: cannot unmarshal number into Go struct field ConfigMap.data of type string'],
    // metav1.Time: its own UnmarshalJSON fails, which stops decoding at once (even after an earlier error).
    ['{"metadata":{"creationTimestamp":5}}', 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string'],
    ['{"data":5,"metadata":{"deletionTimestamp":[]}}', 'json: cannot unmarshal array into Go struct field ObjectMeta.metadata.deletionTimestamp of type string'],
    ['{"metadata":{"creationTimestamp":"x"}}', 'parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"'],
  ];
  for (const [body, message] of cases) {
    it(`reports ${body}`, () => {
      assert.equal(configMap(body), message);
    });
  }

  it('also reads JSON.parse values (number text as JavaScript prints it)', () => {
    assert.equal(goJsonTypeError(ConfigMapSchema, 'ConfigMap', { data: { a: 1 } }), 'json: cannot unmarshal number into Go struct field ConfigMap.data of type string');
    assert.equal(goJsonTypeError(ConfigMapSchema, 'ConfigMap', { metadata: { generation: 1.5 } }), 'json: cannot unmarshal number 1.5 into Go struct field ObjectMeta.metadata.generation of type int64');
    assert.equal(goJsonTypeError(ConfigMapSchema, 'ConfigMap', { metadata: { generation: 2 } }), undefined);
  });

  it('knows Secret and Namespace structs', () => {
    assert.equal(goJsonTypeError(SecretSchema, 'Secret', parseOrderedJson('{"data":{"a":"YWJj","b":"%%"}}')), 'illegal base64 data at input byte 0');
    assert.equal(goJsonTypeError(SecretSchema, 'Secret', parseOrderedJson('{"data":5}')), 'json: cannot unmarshal number into Go struct field Secret.data of type map[string][]uint8');
    assert.equal(goJsonTypeError(SecretSchema, 'Secret', parseOrderedJson('{"stringData":{"a":1}}')), 'json: cannot unmarshal number into Go struct field Secret.stringData of type string');
    assert.equal(goJsonTypeError(NamespaceSchema, 'Namespace', parseOrderedJson('{"spec":[]}')), 'json: cannot unmarshal array into Go struct field Namespace.spec of type v1.NamespaceSpec');
    assert.equal(goJsonTypeError(NamespaceSchema, 'Namespace', parseOrderedJson('{"status":{"conditions":[{"reason":1}]}}')), 'json: cannot unmarshal number into Go struct field NamespaceCondition.status.conditions.reason of type string');
    assert.equal(goJsonTypeError(NamespaceSchema, 'Namespace', parseOrderedJson('{"status":{"conditions":[{"lastTransitionTime":"2024-01-01"}]}}')), 'parsing time "2024-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"');
  });

  it('takes Go type names from x-go-type, title or $id', () => {
    const schema = Type.Object({
      kind: Type.Optional(Type.String({ 'x-go-type': 'v1.SecretType' })),
      replicas: Type.Optional(Type.Integer({ 'x-go-type': 'int32' })),
      ratio: Type.Optional(Type.Number()),
      finalizers: Type.Optional(Type.Array(Type.String({ 'x-go-type': 'v1.FinalizerName' }))),
      spec: Type.Optional(Type.Object({ size: Type.Optional(Type.Integer()) }, { title: 'WidgetSpec' })),
      ref: Type.Optional(Type.Object({ uid: Type.Optional(Type.String({ 'x-go-type': 'types.UID' })) }, { 'x-go-type': 'v2.Ref' })),
    });
    const check = (body: string) => goJsonTypeError(schema, 'Widget', parseOrderedJson(body));
    assert.equal(check('{"kind":1}'), 'json: cannot unmarshal number into Go struct field Widget.kind of type v1.SecretType');
    assert.equal(check('{"replicas":2147483647}'), undefined);
    assert.equal(check('{"replicas":2147483648}'), 'json: cannot unmarshal number 2147483648 into Go struct field Widget.replicas of type int32');
    assert.equal(check('{"ratio":"1"}'), 'json: cannot unmarshal string into Go struct field Widget.ratio of type float64');
    assert.equal(check('{"ratio":1e400}'), 'json: cannot unmarshal number 1e400 into Go struct field Widget.ratio of type float64');
    assert.equal(check('{"finalizers":{}}'), 'json: cannot unmarshal object into Go struct field Widget.finalizers of type []v1.FinalizerName');
    assert.equal(check('{"spec":1}'), 'json: cannot unmarshal number into Go struct field Widget.spec of type v1.WidgetSpec');
    assert.equal(check('{"spec":{"size":"x"}}'), 'json: cannot unmarshal string into Go struct field WidgetSpec.spec.size of type int64');
    assert.equal(check('{"ref":[]}'), 'json: cannot unmarshal array into Go struct field Widget.ref of type v2.Ref');
    assert.equal(check('{"ref":{"uid":true}}'), 'json: cannot unmarshal bool into Go struct field Ref.ref.uid of type types.UID');
  });
});

describe('toPlainValue', () => {
  it('turns ordered values back into JSON.parse-style values', () => {
    assert.deepEqual(toPlainValue(parseOrderedJson('{"b":[1.0,{"c":null}],"a":"x","b":2}')), { b: 2, a: 'x' });
    assert.deepEqual(toPlainValue(parseOrderedJson('[1e2,"s",true]')), [100, 's', true]);
  });
});
