import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyMergePatch } from '../../../../src/machinery/patch/merge-patch.js';
import { StatusError } from '../../../../src/machinery/status.js';

const pod = () => ({
  metadata: { name: 'p', labels: { a: '1', b: '2' } },
  spec: { containers: [{ name: 'app', image: 'nginx:1', env: [{ name: 'A', value: '1' }] }], nodeSelector: { zone: 'x' } },
});

describe('applyMergePatch', () => {
  it('merges objects key by key, deletes keys set to null and replaces lists whole', () => {
    const patched = applyMergePatch(pod(), {
      metadata: { labels: { b: null, c: '3' } },
      spec: { containers: [{ name: 'other' }], nodeSelector: null },
    });
    assert.deepEqual(patched, {
      metadata: { name: 'p', labels: { a: '1', c: '3' } },
      spec: { containers: [{ name: 'other' }] },
    });
  });

  it('drops nulls from the objects it adds, inside lists too', () => {
    const patched = applyMergePatch(pod(), {
      metadata: { annotations: { keep: 'v', gone: null } },
      spec: { containers: [{ name: 'app', image: null, env: [{ name: 'B', value: null }] }, null] },
    });
    assert.deepEqual(patched, {
      metadata: { name: 'p', labels: { a: '1', b: '2' }, annotations: { keep: 'v' } },
      spec: { containers: [{ name: 'app', env: [{ name: 'B' }] }, null], nodeSelector: { zone: 'x' } },
    });
  });

  it('returns a list patch as the whole new document (decoding it then fails)', () => {
    assert.deepEqual(applyMergePatch(pod(), [{ a: null, b: 1 }]), [{ b: 1 }]);
  });

  it('leaves its inputs untouched', () => {
    const doc = pod();
    const patch = { spec: { nodeSelector: { zone: 'y' } } };
    applyMergePatch(doc, patch);
    assert.deepEqual(doc, pod());
    assert.deepEqual(patch, { spec: { nodeSelector: { zone: 'y' } } });
  });

  it('refuses a patch that is neither an object nor a list with 400 "Invalid JSON Patch"', () => {
    for (const patch of [null, 'x', 3, true]) {
      assert.throws(() => applyMergePatch(pod(), patch), (e: unknown) => {
        assert.ok(e instanceof StatusError);
        assert.deepEqual(e.status, {
          kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Invalid JSON Patch', reason: 'BadRequest', code: 400,
        });
        return true;
      });
    }
  });
});
