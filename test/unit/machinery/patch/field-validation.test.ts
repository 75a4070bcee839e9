import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { patchedUnknownFields, strictPatchError, unknownFieldMessages } from '../../../../src/machinery/patch/field-validation.js';
import { ConfigMapSchema } from './fixtures.js';

const patched = { kind: 'ConfigMap', zeta: 1, metadata: { name: 'cm', owner: 'me' }, alpha: { b: 2 } };

describe('patchedUnknownFields', () => {
  it('follows sorted keys for json and merge patches, document order for strategic ones', () => {
    assert.deepEqual(patchedUnknownFields('merge', ConfigMapSchema, patched), ['alpha', 'metadata.owner', 'zeta']);
    assert.deepEqual(patchedUnknownFields('json', ConfigMapSchema, patched), ['alpha', 'metadata.owner', 'zeta']);
    assert.deepEqual(patchedUnknownFields('strategic', ConfigMapSchema, patched), ['zeta', 'metadata.owner', 'alpha']);
  });
});

describe('unknownFieldMessages', () => {
  it('quotes paths as the JSON decoder or the unstructured converter does', () => {
    assert.deepEqual(unknownFieldMessages('merge', ['spec.a"b']), ['unknown field "spec.a\\"b"']);
    assert.deepEqual(unknownFieldMessages('strategic', ['spec.a"b']), ['unknown field "spec.a"b"']);
  });
});

describe('strictPatchError', () => {
  it('is a 422 on field patch carrying the patched JSON (json, merge) or the patch map (strategic)', () => {
    const detail = 'strict decoding error: unknown field "alpha", unknown field "zeta"';
    const mergeValue = '"{\\"alpha\\":{\\"b\\":2},\\"kind\\":\\"ConfigMap\\",\\"metadata\\":{\\"name\\":\\"cm\\",\\"owner\\":\\"me\\"},\\"zeta\\":1}"';
    assert.deepEqual(strictPatchError('merge', { zeta: 1 }, patched, ['alpha', 'zeta']).status, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: ` "" is invalid: patch: Invalid value: ${mergeValue}: ${detail}`,
      reason: 'Invalid',
      details: { causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${mergeValue}: ${detail}`, field: 'patch' }] },
      code: 422,
    });
    assert.equal(strictPatchError('strategic', { zeta: 1, alpha: { b: 2 } }, patched, ['zeta']).status.message,
      ' "" is invalid: patch: Invalid value: "map[alpha:map[b:2] zeta:1]": strict decoding error: unknown field "zeta"');
  });
});
