import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptedPatchContentTypes, applyPatch, patchTypeFromContentType } from '../../../../src/machinery/patch/index.js';
import { StatusError } from '../../../../src/machinery/status.js';
import { ConfigMapSchema, PodSchema } from './fixtures.js';

describe('patchTypeFromContentType', () => {
  it('maps the four patch media types, ignoring parameters', () => {
    assert.equal(patchTypeFromContentType('application/json-patch+json'), 'json');
    assert.equal(patchTypeFromContentType('application/merge-patch+json'), 'merge');
    assert.equal(patchTypeFromContentType('application/strategic-merge-patch+json; charset=utf-8'), 'strategic');
    assert.equal(patchTypeFromContentType('application/apply-patch+yaml'), 'apply');
  });

  it('knows nothing else, matching exactly as the apiserver does', () => {
    for (const type of [undefined, '', 'application/json', 'Application/Merge-Patch+json', 'application/merge-patch+json ; charset=utf-8', ';application/merge-patch+json']) {
      assert.equal(patchTypeFromContentType(type), undefined, String(type));
    }
  });

  it('lists the accepted types in the order of the 415 answer', () => {
    assert.deepEqual(acceptedPatchContentTypes, [
      'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml',
    ]);
  });
});

describe('applyPatch', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: '1' } };
  const pod = { kind: 'Pod', spec: { containers: [{ name: 'app', image: 'a' }, { name: 'side', image: 's' }] } };

  it('dispatches to each patch type', () => {
    assert.deepEqual(applyPatch('json', cm, [{ op: 'add', path: '/data/b', value: '2' }], ConfigMapSchema),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: '1', b: '2' } });
    assert.deepEqual(applyPatch('merge', pod, { spec: { containers: [{ name: 'app', image: 'b' }] } }, PodSchema),
      { kind: 'Pod', spec: { containers: [{ name: 'app', image: 'b' }] } });
    assert.deepEqual(applyPatch('strategic', pod, { spec: { containers: [{ name: 'app', image: 'b' }] } }, PodSchema),
      { kind: 'Pod', spec: { containers: [{ name: 'app', image: 'b' }, { name: 'side', image: 's' }] } });
  });

  it('answers 422 on field patch when the result is not an object', () => {
    const detail = 'couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type '
      + 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';
    const expected = (json: string) => {
      const body = `Invalid value: ${JSON.stringify(json)}: ${detail}`;
      return {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
        message: ` "" is invalid: patch: ${body}`,
        reason: 'Invalid',
        details: { causes: [{ reason: 'FieldValueInvalid', message: body, field: 'patch' }] },
        code: 422,
      };
    };
    const check = (fn: () => unknown, json: string) => assert.throws(fn, (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.deepEqual(e.status, expected(json));
      return true;
    });
    check(() => applyPatch('json', cm, [{ op: 'replace', path: '', value: ['a'] }], ConfigMapSchema), '["a"]');
    check(() => applyPatch('merge', cm, [1, { x: null }], ConfigMapSchema), '[1,{}]');
  });
});
