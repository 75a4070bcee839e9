import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateMessage } from '../../../src/machinery/field-errors.js';
import {
  validateConfigMap, validateConfigMapUpdate, type ConfigMap,
} from '../../../src/resources/configmap/validation.js';

const CONFIG_KEY = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const IMMUTABLE = 'field is immutable when `immutable` is set';
const MiB = 1048576;

const cm = (fields: Partial<ConfigMap> = {}): ConfigMap => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default' }, ...fields,
});
const base64Of = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');

describe('validateConfigMap', () => {
  it('accepts a valid ConfigMap', () => {
    assert.deepEqual(validateConfigMap(cm({ data: { 'app.properties': 'a=1', KEY_1: '' }, binaryData: { 'logo.png': 'iVBORw==' } })), []);
    assert.deepEqual(validateConfigMap(cm()), []);
  });

  it('validates metadata with a DNS-1123 subdomain name in a namespace', () => {
    assert.equal(aggregateMessage(validateConfigMap(cm({ metadata: { name: 'My_Config' } }))),
      `[metadata.name: Invalid value: "My_Config": ${SUBDOMAIN}, metadata.namespace: Required value]`);
  });

  it('rejects bad data keys with the key as the value', () => {
    const errs = validateConfigMap(cm({ data: { 'a b': 'x' } }));
    assert.deepEqual(errs, [{ type: 'FieldValueInvalid', field: 'data[a b]', body: `Invalid value: "a b": ${CONFIG_KEY}` }]);
    assert.equal(aggregateMessage(errs), `data[a b]: Invalid value: "a b": ${CONFIG_KEY}`);
  });

  it('rejects bad binaryData keys and keys present in both maps', () => {
    const errs = validateConfigMap(cm({ data: { shared: 'x', '..': 'y' }, binaryData: { shared: 'AQ==', 'a/b': 'AQ==' } }));
    assert.equal(aggregateMessage(errs), '[' + [
      'data[shared]: Invalid value: "shared": duplicate of key present in binaryData',
      `data[..]: Invalid value: "..": must not be '..'`,
      `binaryData[a/b]: Invalid value: "a/b": ${CONFIG_KEY}`,
    ].join(', ') + ']');
  });

  it('accepts exactly 1 MiB of values and reports more on the path []', () => {
    assert.deepEqual(validateConfigMap(cm({ data: { a: 'x'.repeat(MiB) } })), []);
    const errs = validateConfigMap(cm({ data: { a: 'x'.repeat(MiB - 1), b: 'y' }, binaryData: { c: base64Of(1) } }));
    assert.deepEqual(errs, [{ type: 'FieldValueTooLong', field: '[]', body: 'Too long: may not be more than 1048576 bytes' }]);
    assert.equal(aggregateMessage(errs), '[]: Too long: may not be more than 1048576 bytes');
  });

  it('counts decoded binaryData bytes and UTF-8 bytes of data, not keys', () => {
    // 6 bytes are 8 base64 characters: counting the encoded form would exceed the limit.
    assert.deepEqual(validateConfigMap(cm({ data: { ['k'.repeat(200)]: 'x'.repeat(MiB - 6) }, binaryData: { b: base64Of(6) } })), []);
    assert.equal(validateConfigMap(cm({ binaryData: { b: base64Of(MiB + 1) } })).length, 1);
    assert.equal(validateConfigMap(cm({ data: { a: 'é'.repeat(MiB / 2) + 'x' } })).length, 1);
  });
});

describe('validateConfigMapUpdate', () => {
  const stored = cm({ metadata: { name: 'cm', namespace: 'default', uid: 'u', resourceVersion: '3' }, data: { a: '1' } });
  const frozen = { ...stored, immutable: true, binaryData: { b: 'AQ==' } };

  it('lets a mutable ConfigMap change anything, including becoming immutable', () => {
    assert.deepEqual(validateConfigMapUpdate({ ...stored, data: { a: '2' }, immutable: true }, stored), []);
  });

  it('forbids turning immutable off and changing data (the documented message)', () => {
    const errs = validateConfigMapUpdate({ ...frozen, immutable: undefined, data: { a: '2' } }, frozen);
    assert.deepEqual(errs, [
      { type: 'FieldValueForbidden', field: 'immutable', body: `Forbidden: ${IMMUTABLE}` },
      { type: 'FieldValueForbidden', field: 'data', body: `Forbidden: ${IMMUTABLE}` },
    ]);
    assert.equal(aggregateMessage(errs),
      '[immutable: Forbidden: field is immutable when `immutable` is set, data: Forbidden: field is immutable when `immutable` is set]');
    assert.equal(aggregateMessage(validateConfigMapUpdate({ ...frozen, immutable: false }, frozen)),
      'immutable: Forbidden: field is immutable when `immutable` is set');
  });

  it('forbids binaryData changes, comparing decoded bytes', () => {
    assert.deepEqual(validateConfigMapUpdate({ ...frozen }, frozen), []);
    assert.equal(aggregateMessage(validateConfigMapUpdate({ ...frozen, binaryData: { b: 'Ag==' } }, frozen)),
      'binaryData: Forbidden: field is immutable when `immutable` is set');
    assert.equal(aggregateMessage(validateConfigMapUpdate({ ...frozen, binaryData: undefined }, frozen)),
      'binaryData: Forbidden: field is immutable when `immutable` is set');
  });

  it('treats absent data as {} (defaulted) but an explicit binaryData {} as a change', () => {
    const bare = cm({ immutable: true });
    assert.deepEqual(validateConfigMapUpdate({ ...bare, data: {} }, bare), []);
    assert.deepEqual(validateConfigMapUpdate(bare, { ...bare, data: {}, binaryData: {} }), []);
    assert.equal(aggregateMessage(validateConfigMapUpdate({ ...bare, binaryData: {} }, bare)),
      'binaryData: Forbidden: field is immutable when `immutable` is set');
  });

  it('still allows metadata changes on an immutable ConfigMap', () => {
    const relabelled = { ...frozen, metadata: { ...frozen.metadata, labels: { team: 'a' }, annotations: { note: 'x' } } };
    assert.deepEqual(validateConfigMapUpdate(relabelled, frozen), []);
  });

  it('reports metadata update errors, then immutability, then the create rules', () => {
    const next = { ...frozen, metadata: { ...frozen.metadata, name: 'other' }, data: { 'a b': '1' } };
    assert.equal(aggregateMessage(validateConfigMapUpdate(next, frozen)), '[' + [
      'metadata.name: Invalid value: "other": field is immutable',
      `data: Forbidden: ${IMMUTABLE}`,
      `data[a b]: Invalid value: "a b": ${CONFIG_KEY}`,
    ].join(', ') + ']');
  });
});
