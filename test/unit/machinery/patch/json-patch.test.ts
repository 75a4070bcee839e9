import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyJsonPatch } from '../../../../src/machinery/patch/json-patch.js';
import { StatusError, type Status } from '../../../../src/machinery/status.js';

const cm = () => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm', labels: { app: 'web' }, finalizers: ['a', 'b', 'c'] },
  data: { x: '1', 'a/b': 'slash', 'c~d': 'tilde' },
});

const cannotApply: Status = {
  kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
  message: 'the server rejected our request due to an error in our request', reason: 'Invalid', details: {}, code: 422,
};
const badRequest = (message: string): Status => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 });

function assertFails(patch: unknown, expected: Status, doc: unknown = cm()): void {
  assert.throws(() => applyJsonPatch(doc, patch), (e: unknown) => {
    assert.ok(e instanceof StatusError);
    assert.deepEqual(e.status, expected);
    return true;
  });
}

describe('applyJsonPatch: RFC 6902 operations', () => {
  it('adds, replaces and removes object members, with ~0 and ~1 escapes', () => {
    const patched = applyJsonPatch(cm(), [
      { op: 'add', path: '/metadata/annotations', value: { 'example.com/owner': 'me' } },
      { op: 'replace', path: '/data/a~1b', value: 'SLASH' },
      { op: 'remove', path: '/data/c~0d' },
      { op: 'add', path: '/metadata/annotations/example.com~1team', value: 'ops' },
      { op: 'replace', path: '/data/x', value: '2' },
    ]);
    assert.deepEqual(patched, {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'cm', labels: { app: 'web' }, finalizers: ['a', 'b', 'c'], annotations: { 'example.com/owner': 'me', 'example.com/team': 'ops' } },
      data: { x: '2', 'a/b': 'SLASH' },
    });
  });

  it('inserts, appends and removes array elements, negative indices counting from the end', () => {
    const list = (patch: unknown) => (applyJsonPatch(cm(), patch) as ReturnType<typeof cm>).metadata.finalizers;
    assert.deepEqual(list([{ op: 'add', path: '/metadata/finalizers/1', value: 'x' }]), ['a', 'x', 'b', 'c']);
    assert.deepEqual(list([{ op: 'add', path: '/metadata/finalizers/-', value: 'x' }]), ['a', 'b', 'c', 'x']);
    assert.deepEqual(list([{ op: 'add', path: '/metadata/finalizers/3', value: 'x' }]), ['a', 'b', 'c', 'x']);
    assert.deepEqual(list([{ op: 'add', path: '/metadata/finalizers/-1', value: 'x' }]), ['a', 'b', 'c', 'x']);
    assert.deepEqual(list([{ op: 'add', path: '/metadata/finalizers/-4', value: 'x' }]), ['x', 'a', 'b', 'c']);
    assert.deepEqual(list([{ op: 'remove', path: '/metadata/finalizers/-1' }]), ['a', 'b']);
    assert.deepEqual(list([{ op: 'replace', path: '/metadata/finalizers/0', value: 'z' }]), ['z', 'b', 'c']);
  });

  it('moves and copies values', () => {
    const patched = applyJsonPatch(cm(), [
      { op: 'move', from: '/data/x', path: '/data/y' },
      { op: 'copy', from: '/metadata/labels', path: '/metadata/annotations' },
      { op: 'move', from: '/metadata/finalizers/0', path: '/metadata/finalizers/-' },
    ]) as ReturnType<typeof cm> & { metadata: { annotations: unknown } };
    assert.deepEqual(patched.data, { 'a/b': 'slash', 'c~d': 'tilde', y: '1' });
    assert.deepEqual(patched.metadata.annotations, { app: 'web' });
    assert.deepEqual(patched.metadata.finalizers, ['b', 'c', 'a']);
  });

  it('passes tests that hold and changes nothing for them', () => {
    const patch = [
      { op: 'test', path: '/data/x', value: '1' },
      { op: 'test', path: '/metadata/labels', value: { app: 'web' } },
      { op: 'test', path: '/data/missing', value: null },
      { op: 'test', path: '', value: cm() },
    ];
    assert.deepEqual(applyJsonPatch(cm(), patch), cm());
  });

  it('follows evanphx/json-patch v4 where it departs from the RFC', () => {
    // replace of a missing object member adds it; add/replace without value write null; copy from a missing member copies null
    assert.deepEqual((applyJsonPatch(cm(), [{ op: 'replace', path: '/data/new', value: 'n' }]) as ReturnType<typeof cm>).data,
      { x: '1', 'a/b': 'slash', 'c~d': 'tilde', new: 'n' });
    assert.deepEqual((applyJsonPatch(cm(), [{ op: 'add', path: '/data/x' }]) as ReturnType<typeof cm>).data.x, null);
    assert.deepEqual((applyJsonPatch(cm(), [{ op: 'copy', from: '/data/none', path: '/data/copy' }]) as { data: object }).data,
      { x: '1', 'a/b': 'slash', 'c~d': 'tilde', copy: null });
    // the root can be replaced by an object
    assert.deepEqual(applyJsonPatch(cm(), [{ op: 'replace', path: '', value: { kind: 'Other' } }]), { kind: 'Other' });
  });

  it('treats a null patch as empty and leaves its inputs untouched', () => {
    assert.deepEqual(applyJsonPatch(cm(), null), cm());
    const doc = cm();
    const value = { nested: ['v'] };
    const patch = [{ op: 'add', path: '/spec', value }, { op: 'add', path: '/spec/nested/-', value: 'w' }];
    assert.deepEqual(applyJsonPatch(doc, patch), { ...cm(), spec: { nested: ['v', 'w'] } });
    assert.deepEqual(doc, cm());
    assert.deepEqual(value, { nested: ['v'] });
  });
});

describe('applyJsonPatch: errors as the apiserver returns them', () => {
  it('answers 422 without detail for every operation that cannot be applied', () => {
    const cases: unknown[] = [
      [{ op: 'test', path: '/data/x', value: '2' }],
      [{ op: 'test', path: '/data/missing', value: 'x' }],
      [{ op: 'test', path: '/data/x' }],
      [{ op: 'remove', path: '/data/missing' }],
      [{ op: 'add', path: '/missing/child', value: 1 }],
      [{ op: 'add', path: '/data/x/child', value: 1 }],
      [{ op: 'add', path: '/metadata/finalizers/5', value: 'x' }],
      [{ op: 'add', path: '/metadata/finalizers/-5', value: 'x' }],
      [{ op: 'add', path: '/metadata/finalizers/one', value: 'x' }],
      [{ op: 'remove', path: '/metadata/finalizers/3' }],
      [{ op: 'replace', path: '/metadata/finalizers/-4', value: 'x' }],
      [{ op: 'move', from: '/data/missing', path: '/data/y' }],
      [{ op: 'copy', from: '/metadata/finalizers/9', path: '/data/y' }],
      [{ op: 'add', path: '', value: {} }],
      [{ op: 'remove', path: '' }],
      [{ op: 'replace', path: '', value: 'scalar' }],
      [{ op: 'bogus', path: '/data/x' }],
      [{ path: '/data/x', value: 'no op' }],
      [{ op: 'add', value: 'no path' }],
      [{ op: 'add', path: 5, value: 'path not a string' }],
      [null],
      [{ op: 'add', path: '/data/__proto__', value: {} }],
    ];
    for (const patch of cases) assertFails(patch, cannotApply);
  });

  it('applies nothing when a later operation fails', () => {
    const doc = cm();
    assertFails([{ op: 'replace', path: '/data/x', value: '9' }, { op: 'test', path: '/data/x', value: '1' }], cannotApply, doc);
    assert.deepEqual(doc, cm());
  });

  it('answers 400 with Go\'s decoding error for a body that is not a list of operations', () => {
    assertFails({ op: 'add' }, badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch'));
    assertFails('x', badRequest('json: cannot unmarshal string into Go value of type jsonpatch.Patch'));
    assertFails(true, badRequest('json: cannot unmarshal bool into Go value of type jsonpatch.Patch'));
    assertFails([{ op: 'test', path: '' }, 7], badRequest('json: cannot unmarshal number into Go value of type jsonpatch.Operation'));
    assertFails([['add']], badRequest('json: cannot unmarshal array into Go value of type jsonpatch.Operation'));
  });

  it('answers 413 above 10000 operations', () => {
    const ops = (n: number) => Array.from({ length: n }, () => ({ op: 'test', path: '/kind', value: 'ConfigMap' }));
    assert.deepEqual(applyJsonPatch(cm(), ops(10000)), cm());
    assertFails(ops(10001), {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
      reason: 'RequestEntityTooLarge', code: 413,
    });
  });
});
