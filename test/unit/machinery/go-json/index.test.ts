import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeError, summarizeBody } from '../../../../src/machinery/go-json/index.js';
import { ConfigMapSchema } from '../../../../src/resources/configmap/schema.js';
import { SecretSchema } from '../../../../src/resources/secret/schema.js';

// Every expected message below is kube-apiserver's decode path (apimachinery serializer +
// transformDecodeError) run on the same body.
const UNRECOGNIZED = 'the object provided is unrecognized (must be of type ConfigMap): ';
const SNIFF = "couldn't get version/kind; json parse error: ";
const TYPED = 'ConfigMap in version "v1" cannot be handled as a ConfigMap: ';
const FIND_KIND = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

const jsonMessage = (body: string) => decodeError('ConfigMap', body, 'json', ConfigMapSchema)?.status.message;
const yamlMessage = (body: string) => decodeError('ConfigMap', body, 'yaml', ConfigMapSchema)?.status.message;

describe('decodeError', () => {
  it('answers 400 BadRequest Status without details', () => {
    assert.deepEqual(decodeError('ConfigMap', '{"data":5}', 'json', ConfigMapSchema)?.status, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `${TYPED}json: cannot unmarshal number into Go struct field ConfigMap.data of type map[string]string`,
      reason: 'BadRequest',
      code: 400,
    });
  });

  const jsonCases: Array<[string, string]> = [
    // Syntax errors are found while sniffing apiVersion/kind, before the kind is known.
    ['{"data":{"a":"b"}', `${UNRECOGNIZED}${SNIFF}unexpected end of JSON input ({"data":{"a":"b"})`],
    ['{"data":{"a":"b",}}', `${UNRECOGNIZED}${SNIFF}invalid character '}' looking for beginning of object key string ({"data":{"a":"b",}})`],
    ["{'data':{}}", `${UNRECOGNIZED}${SNIFF}invalid character '\\'' looking for beginning of object key string ({'data':{}})`],
    ['{"data":{"a":\'x\'}}', `${UNRECOGNIZED}${SNIFF}invalid character '\\'' looking for beginning of value ({"data":{"a":'x'}})`],
    ['hello', `${UNRECOGNIZED}${SNIFF}invalid character 'h' looking for beginning of value (68656c6c6f)`],
    ['{"data":{"a":"b\u0001"}}', `${UNRECOGNIZED}${SNIFF}invalid character '\\x01' in string literal ({"data":{"a":"b\u0001"}})`],
    ['{"data":{"a":"b"}}x', `${UNRECOGNIZED}${SNIFF}invalid character 'x' after top-level value ({"data":{"a":"b"}}x)`],
    ['[1 2]', `${UNRECOGNIZED}${SNIFF}invalid character '2' after array element (5b3120325d)`],
    ['tru', `${UNRECOGNIZED}${SNIFF}invalid character ' ' in literal true (expecting 'e') (747275)`],
    ['', `${UNRECOGNIZED}${SNIFF}unexpected end of JSON input (<empty>)`],
    ['  ', `${UNRECOGNIZED}${SNIFF}unexpected end of JSON input (2020)`],
    // Interpret's own type errors: a body that is no object, or a non-string apiVersion/kind (matched case-insensitively).
    ['[]', `${UNRECOGNIZED}${SNIFF}json: cannot unmarshal array into Go value of type ${FIND_KIND} (5b5d)`],
    ['"str"', `${UNRECOGNIZED}${SNIFF}json: cannot unmarshal string into Go value of type ${FIND_KIND} (2273747222)`],
    ['{"kind":5}', `${UNRECOGNIZED}${SNIFF}json: cannot unmarshal number into Go struct field .kind of type string ({"kind":5})`],
    ['{"KIND":[]}', `${UNRECOGNIZED}${SNIFF}json: cannot unmarshal array into Go struct field .kind of type string ({"KIND":[]})`],
    ['{"apiVersion":"a/b/c"}', `${UNRECOGNIZED}unexpected GroupVersion string: a/b/c ({"apiVersion":"a/b/c"})`],
    // Typed decoding into v1.ConfigMap.
    ['{"data":5}', `${TYPED}json: cannot unmarshal number into Go struct field ConfigMap.data of type map[string]string`],
    ['{"data":{"a":1}}', `${TYPED}json: cannot unmarshal number into Go struct field ConfigMap.data of type string`],
    ['{"data":{"a":{"b":"c"}}}', `${TYPED}json: cannot unmarshal object into Go struct field ConfigMap.data of type string`],
    ['{"metadata":{"labels":[]}}', `${TYPED}json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string`],
    ['{"immutable":"yes"}', `${TYPED}json: cannot unmarshal string into Go struct field ConfigMap.immutable of type bool`],
    ['{"metadata":5}', `${TYPED}json: cannot unmarshal number into Go struct field ConfigMap.metadata of type v1.ObjectMeta`],
    ['{"metadata":{"generation":1.0}}', `${TYPED}json: cannot unmarshal number 1.0 into Go struct field ObjectMeta.metadata.generation of type int64`],
    ['{"metadata":{"ownerReferences":[{"controller":"x"}]}}', `${TYPED}json: cannot unmarshal string into Go struct field OwnerReference.metadata.ownerReferences.controller of type bool`],
    ['{"binaryData":{"a":"!!"}}', `${TYPED}illegal base64 data at input byte 0`],
    ['{"metadata":{"creationTimestamp":"x"}}', `${TYPED}parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`],
    ['{"data":{"a":1},"data":{}}', `${TYPED}json: cannot unmarshal number into Go struct field ConfigMap.data of type string`],
    ['{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a-very-long-name-that-goes-past-thirty-bytes"},"data":5}', `${TYPED}json: cannot unmarshal number into Go struct field ConfigMap.data of type map[string]string`],
  ];
  for (const [body, message] of jsonCases) {
    it(`JSON ${JSON.stringify(body)}`, () => {
      assert.equal(jsonMessage(body), message);
    });
  }

  const yamlCases: Array<[string, string]> = [
    // YAML syntax errors come back from YAML-to-JSON conversion, before any kind is known (texts: the yaml library's).
    ['data:\n\ta: b\n', `${UNRECOGNIZED}yaml: Tabs are not allowed as indentation at line 2, column 1: (646174613a0a09613a20620a)`],
    ['a: b: c\n', `${UNRECOGNIZED}yaml: Nested mappings are not allowed in compact mappings at line 1, column 4: (613a20623a20630a)`],
    ['a: *x\n', `${UNRECOGNIZED}yaml: Unresolved alias (the anchor must be set before the alias): x (613a202a780a)`],
    ['metadata:\n  generation: .inf\n', `${UNRECOGNIZED}json: unsupported value: +Inf (6d657461646174613a0a202067656e65726174696f6e3a202e696e660a)`],
    ['- a\n- b\n', `${UNRECOGNIZED}${SNIFF}json: cannot unmarshal array into Go value of type ${FIND_KIND} (2d20610a2d20620a)`],
    // Unquoted YAML numbers and booleans are not strings.
    ['kind: ConfigMap\ndata:\n  a: 1\n', `${TYPED}json: cannot unmarshal number into Go struct field ConfigMap.data of type string`],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "1"\n  b: yes\n', `${TYPED}json: cannot unmarshal bool into Go struct field ConfigMap.data of type string`],
    // The converted JSON has sorted keys, so "data" fails before "immutable" and "metadata".
    ['immutable: maybe\ndata: 5\n', `${TYPED}json: cannot unmarshal number into Go struct field ConfigMap.data of type map[string]string`],
    ['metadata:\n  generation: 1.5\ndata:\n  x: 1.5\n', `${TYPED}json: cannot unmarshal number into Go struct field ConfigMap.data of type string`],
    ['{"data": {"a": 1}}', `${TYPED}json: cannot unmarshal number into Go struct field ConfigMap.data of type string`],
  ];
  for (const [body, message] of yamlCases) {
    it(`YAML ${JSON.stringify(body)}`, () => {
      assert.equal(yamlMessage(body), message);
    });
  }

  it('is undefined for bodies Go decodes', () => {
    assert.equal(jsonMessage('{"data":{"a":null},"metadata":null,"immutable":null}'), undefined);
    assert.equal(jsonMessage('null'), undefined);
    assert.equal(jsonMessage('{"Data":5}'), undefined);
    assert.equal(yamlMessage(''), undefined);
    assert.equal(yamlMessage('a: b\n---\n\tbad\n'), undefined); // only the first document is read
    assert.equal(yamlMessage('data:\n  a: "1"\n  b: \'yes\'\nimmutable: yes\n'), undefined);
  });

  it('leaves bodies naming another kind or version to the caller', () => {
    assert.equal(jsonMessage('{"apiVersion":"v1","kind":"Secret","data":5}'), undefined);
    assert.equal(jsonMessage('{"apiVersion":"apps/v1","data":5}'), undefined);
    assert.equal(decodeError('Secret', '{"apiVersion":"v1","kind":"Secret","data":{"a":"%"}}', 'json', SecretSchema)?.status.message,
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 0');
  });
});

describe('summarizeBody', () => {
  it('quotes up to 30 bytes of an object body and hex-encodes anything else', () => {
    assert.equal(summarizeBody(''), '<empty>');
    assert.equal(summarizeBody('{"a":1}'), '{"a":1}');
    assert.equal(summarizeBody('{"metadata":{"name":"a-very-long-name"}}'), '{"metadata":{"name":"a-very-lo ...');
    assert.equal(summarizeBody(' {}'), '207b7d');
    assert.equal(summarizeBody('a'.repeat(31)), '61'.repeat(30) + ' ...');
  });

  it('shows a UTF-8 sequence cut at byte 30 as one U+FFFD per byte', () => {
    assert.equal(summarizeBody('{"data":{"key":"xéééééééé"}'), '{"data":{"key":"xéééééé\ufffd ...');
  });
});
