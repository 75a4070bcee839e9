import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { applyStrategicMergePatch } from '../../../../src/machinery/patch/strategic-merge-patch.js';
import { StatusError, type Status } from '../../../../src/machinery/status.js';
import { ConfigMapSchema, MergeItemSchema, PodSchema } from './fixtures.js';

/** Applies a YAML patch to a YAML document with the MergeItem schema (the upstream test type). */
const mergeItem = (original: string, patch: string) => applyStrategicMergePatch(parse(original) ?? {}, parse(patch), MergeItemSchema);
const yaml = (text: string) => parse(text) as unknown;

const failure = (code: number, reason: string | undefined, message: string, details?: object): Status => ({
  kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message,
  ...(reason ? { reason } : {}), ...(details ? { details } : {}), code,
});
const badRequest = (message: string) => failure(400, 'BadRequest', message);
const serverError = (message: string) => failure(500, undefined, message);
const unprocessable = failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {});

function assertFails(fn: () => unknown, expected: Status): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof StatusError);
    assert.deepEqual(e.status, expected);
    return true;
  });
}

describe('strategic merge patch: maps', () => {
  it('merges keys, deletes keys set to null and ignores nulls for absent keys', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', labels: { a: '1', b: '2' } }, data: { x: '1', y: '2' } };
    const patched = applyStrategicMergePatch(cm, { metadata: { labels: { b: null, c: '3', d: null } }, data: { x: 'one', z: null } }, ConfigMapSchema);
    assert.deepEqual(patched, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', labels: { a: '1', c: '3' } }, data: { x: 'one', y: '2' } });
  });

  it('drops null members of values it adds', () => {
    assert.deepEqual(mergeItem('name: a', 'simpleMap: {k1: v1, k2: null}\nretainKeysMap: {name: n, value: null}'),
      { name: 'a', simpleMap: { k1: 'v1' }, retainKeysMap: { name: 'n' } });
  });

  it('replaces a map by `$patch: replace` and empties it by `$patch: delete`', () => {
    assert.deepEqual(mergeItem('name: 1\nvalue: 1', 'other: a\n$patch: replace'), { other: 'a' });
    assert.deepEqual(mergeItem('simpleMap: {key1: 1, key2: 1}', 'simpleMap: {$patch: delete}'), { simpleMap: {} });
    assert.deepEqual(mergeItem('name: 1\nvalue: 1', '$patch: replace'), {});
  });

  it('replaces a map whose field strategy is replace', () => {
    const pod = { spec: { containers: [], securityContext: { runAsUser: 1, runAsGroup: 2 } } };
    assert.deepEqual(applyStrategicMergePatch(pod, { spec: { securityContext: { runAsUser: 5 } } }, PodSchema),
      { spec: { containers: [], securityContext: { runAsUser: 5 } } });
  });

  it('merges maps below fields the schema leaves open or does not declare', () => {
    const pod = { spec: { containers: [], overhead: { cpu: '1', memory: '1Gi' } }, extra: { a: 1, b: [1] } };
    const patched = applyStrategicMergePatch(pod, { spec: { overhead: { cpu: null, gpu: '1' } }, extra: { b: [2] } }, PodSchema);
    assert.deepEqual(patched, { spec: { containers: [], overhead: { memory: '1Gi', gpu: '1' } }, extra: { a: 1, b: [2] } });
  });

  it('replaces a value of another type and never modifies its inputs', () => {
    const doc = { name: 'a', simpleMap: { k: 'v' }, mergingList: [{ name: 'x' }] };
    const patch = { simpleMap: 'flat', mergingList: [{ name: 'x', value: 'y' }] };
    const before = structuredClone([doc, patch]);
    assert.deepEqual(applyStrategicMergePatch(doc, patch, MergeItemSchema), { name: 'a', simpleMap: 'flat', mergingList: [{ name: 'x', value: 'y' }] });
    assert.deepEqual([doc, patch], before);
  });

  it('rejects an unknown `$patch` in a map with the library message (500, no reason)', () => {
    assertFails(() => mergeItem('simpleMap: {a: b}', 'simpleMap: {$patch: foo, a: c}'),
      serverError('unknown patch type: foo in map: map[$patch:foo a:c]'));
    assertFails(() => mergeItem('simpleMap: {a: b}', 'simpleMap: {$patch: merge}'),
      serverError('unknown patch type: merge in map: map[$patch:merge]'));
    assertFails(() => mergeItem('simpleMap: {a: b}', 'simpleMap: {$patch: 5}'),
      serverError('unknown patch type: %!s(int64=5) in map: map[$patch:5]'));
  });

  it('treats a null patch as no change and refuses a patch that is not an object', () => {
    assert.deepEqual(applyStrategicMergePatch({ data: { a: 'b' } }, null, ConfigMapSchema), { data: { a: 'b' } });
    assertFails(() => applyStrategicMergePatch({}, [], ConfigMapSchema),
      badRequest('json: cannot unmarshal array into Go value of type map[string]interface {}'));
    assertFails(() => applyStrategicMergePatch({}, 'x', ConfigMapSchema),
      badRequest('json: cannot unmarshal string into Go value of type map[string]interface {}'));
  });
});

describe('strategic merge patch: lists', () => {
  it('replaces lists without a merge strategy', () => {
    assert.deepEqual(mergeItem('nonMergingIntList: [1, 2]', 'nonMergingIntList: [2, 3]'), { nonMergingIntList: [2, 3] });
    assert.deepEqual(mergeItem('nonMergingList: [{name: 1, value: 1}]', 'nonMergingList: [{name: 2}]'), { nonMergingList: [{ name: 2 }] });
  });

  it('merges lists of scalars as ordered sets', () => {
    assert.deepEqual(mergeItem('mergingIntList: [1, 2]', 'mergingIntList: [2, 3]'), { mergingIntList: [1, 2, 3] });
    assert.deepEqual(mergeItem('mergingIntList: [1, 2, 3]', 'mergingIntList: [3, 1]'), { mergingIntList: [2, 3, 1] });
    const meta = { metadata: { finalizers: ['a', 'b'] } };
    assert.deepEqual(applyStrategicMergePatch(meta, { metadata: { finalizers: ['c', 'a'] } }, ConfigMapSchema), { metadata: { finalizers: ['c', 'a', 'b'] } });
  });

  it('merges lists of maps by merge key, in the order of the patch', () => {
    assert.deepEqual(
      mergeItem('mergingList: [{name: 1}, {name: 2, value: b}, {name: 3}]', 'mergingList: [{name: 3, value: c}, {name: 1, value: a}, {name: 2, other: x}]'),
      yaml('mergingList: [{name: 3, value: c}, {name: 1, value: a}, {name: 2, value: b, other: x}]'),
    );
    assert.deepEqual(
      mergeItem('mergingList: [{name: 1}, {name: 2, value: b}, {name: 3}]', 'mergingList: [{name: 3, value: c}, {name: 1, value: a}]'),
      yaml('mergingList: [{name: 2, value: b}, {name: 3, value: c}, {name: 1, value: a}]'),
    );
  });

  it('merges nested lists of a Pod: containers by name, env by name, ports by containerPort', () => {
    const pod = {
      spec: {
        containers: [
          { name: 'app', image: 'nginx:1', args: ['-a'], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, protocol: 'TCP' }] },
          { name: 'side', image: 'busybox' },
        ],
      },
    };
    const patch = {
      spec: {
        containers: [{
          name: 'app', image: 'nginx:2', args: ['-b'],
          env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }],
          ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }],
        }],
      },
    };
    assert.deepEqual(applyStrategicMergePatch(pod, patch, PodSchema), {
      spec: {
        containers: [
          {
            name: 'app', image: 'nginx:2', args: ['-b'],
            env: [{ name: 'A', value: '1' }, { name: 'B', value: 'two' }, { name: 'C', value: '3' }],
            ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }, { containerPort: 443 }],
          },
          { name: 'side', image: 'busybox' },
        ],
      },
    });
  });

  it('deletes items by `$patch: delete`, every duplicate included, and ignores missing ones', () => {
    assert.deepEqual(mergeItem('mergingList: [{name: 1}, {name: 2}]', 'mergingList: [{name: 1, $patch: delete}, {name: 2, $patch: delete}]'), { mergingList: [] });
    assert.deepEqual(
      mergeItem('mergingList: [{name: 1}, {name: 1}, {name: 2, value: a}, {name: 3}, {name: 3}]', 'mergingList: [{name: 1, $patch: delete}, {name: 3, $patch: delete}]'),
      { mergingList: [{ name: 2, value: 'a' }] },
    );
    assert.deepEqual(mergeItem('mergingList: [{name: 1}]', 'mergingList: [{name: 9, $patch: delete}]'), { mergingList: [{ name: 1 }] });
  });

  it('replaces a whole list by a `$patch: replace` item', () => {
    assert.deepEqual(mergeItem('mergingList: [{name: 1}, {name: 2}]', 'mergingList: [{$patch: replace}]'), { mergingList: [] });
    assert.deepEqual(mergeItem('mergingList: [{name: 1, value: a}, {name: 2}]', 'mergingList: [{name: 3}, {$patch: replace}, {name: 1}]'),
      { mergingList: [{ name: 3 }, { name: 1 }] });
  });

  it('drops directive items from lists it adds', () => {
    assert.deepEqual(mergeItem('name: hi', 'mergingList: [{name: hello}, {$patch: delete, name: doesntexist}]'),
      { name: 'hi', mergingList: [{ name: 'hello' }] });
  });

  it('rejects bad list items with the library messages', () => {
    assertFails(() => mergeItem('mergingList: [{name: 1, value: a}]', 'mergingList: [{value: b}]'),
      serverError('map: map[value:b] does not contain declared merge key: name'));
    assertFails(() => mergeItem('mergingList: [{name: 1}]', 'mergingList: [{value: b, $patch: delete}]'),
      serverError('map: map[$patch:delete value:b] does not contain declared merge key: name'));
    assertFails(() => mergeItem('mergingList: [{name: 1}]', 'mergingList: [{name: 1, $patch: merge}]'),
      serverError('merging lists cannot yet be specified in the patch'));
    assertFails(() => mergeItem('mergingList: [{name: 1}]', 'mergingList: [{name: 1, $patch: foo}]'),
      serverError('unknown patch type: foo in map: map[$patch:foo name:1]'));
    assertFails(() => mergeItem('mergingIntList: [1]', 'mergingIntList: [a]'),
      serverError('list element types are not identical: [[1] [a]]'));
    assertFails(() => mergeItem('mergingIntList: []', 'mergingIntList: [[2]]'), unprocessable);
  });
});

describe('strategic merge patch: $setElementOrder', () => {
  it('orders a list without changing its contents', () => {
    assert.deepEqual(
      mergeItem('mergingList: [{name: 1}, {name: 3, value: 3}, {name: 4, value: 4}, {name: 2, value: 2}]',
        '$setElementOrder/mergingList: [{name: 4}, {name: 2}, {name: 3}, {name: 1}]'),
      yaml('mergingList: [{name: 4, value: 4}, {name: 2, value: 2}, {name: 3, value: 3}, {name: 1}]'),
    );
  });

  it('keeps server-only items after their server-side predecessors', () => {
    assert.deepEqual(
      mergeItem('mergingList: [{name: 1, other: a}, {name: 2, value: 2}, {name: 7}, {name: 9}, {name: 8}, {name: 3, value: 3}, {name: 4, value: 4}]',
        '$setElementOrder/mergingList: [{name: 2}, {name: 1}, {name: 4}, {name: 3}]'),
      yaml('mergingList: [{name: 2, value: 2}, {name: 1, other: a}, {name: 7}, {name: 9}, {name: 8}, {name: 4, value: 4}, {name: 3, value: 3}]'),
    );
  });

  it('merges the patched list and orders it, ignoring listed items that exist nowhere', () => {
    assert.deepEqual(
      mergeItem('mergingList: [{name: 1}, {name: 3}]', '$setElementOrder/mergingList: [{name: 3}, {name: 2}, {name: 1}]\nmergingList: [{name: 3, value: 3}, {name: 1, value: 1}]'),
      yaml('mergingList: [{name: 3, value: 3}, {name: 1, value: 1}]'),
    );
    assert.deepEqual(mergeItem('mergingIntList: [1, 3]', '$setElementOrder/mergingIntList: [3, 2, 1]'), { mergingIntList: [3, 1] });
  });

  it('deletes and reorders in one list while reordering another', () => {
    assert.deepEqual(
      mergeItem('mergingList: [{name: a, value: a}, {name: b, value: b}]\nmergeItemPtr: [{name: c, value: c}, {name: d, value: d}]',
        '$setElementOrder/mergingList: [{name: b}]\n$setElementOrder/mergeItemPtr: [{name: d}, {name: c}]\nmergingList: [{$patch: delete, name: a}]'),
      yaml('mergingList: [{name: b, value: b}]\nmergeItemPtr: [{name: d, value: d}, {name: c, value: c}]'),
    );
  });

  it('keeps duplicates together at the first listed position', () => {
    assert.deepEqual(
      mergeItem('mergingList: [{name: 1}, {name: 2, value: dup1}, {name: 3}, {name: 2, value: dup2}, {name: 4}]',
        '$setElementOrder/mergingList: [{name: 2}, {name: 1}, {name: 4}, {name: 3}, {name: 2}]'),
      yaml('mergingList: [{name: 2, value: dup1}, {name: 2, value: dup2}, {name: 1}, {name: 4}, {name: 3}]'),
    );
    assert.deepEqual(mergeItem('mergingIntList: [1, 2, 3, 2, 4]', '$setElementOrder/mergingIntList: [2, 1, 4, 3, 2]'), { mergingIntList: [2, 2, 1, 4, 3] });
  });

  it('follows the order kubectl apply sends for a Pod', () => {
    const pod = { spec: { containers: [{ name: 'app', image: 'a:1' }, { name: 'side', image: 's:1' }] } };
    const patch = { spec: { '$setElementOrder/containers': [{ name: 'side' }, { name: 'app' }], containers: [{ name: 'app', image: 'a:2' }] } };
    assert.deepEqual(applyStrategicMergePatch(pod, patch, PodSchema),
      { spec: { containers: [{ name: 'side', image: 's:1' }, { name: 'app', image: 'a:2' }] } });
  });

  it('rejects a patch list in another order, a malformed key and a value that is not a list', () => {
    assertFails(() => mergeItem('mergingList: [{name: 1}, {name: 3}, {name: 2}]',
      '$setElementOrder/mergingList: [{name: 1}, {name: 2}, {name: 3}]\nmergingList: [{name: 3, value: 3}, {name: 1, value: 1}]'),
    serverError('The order in patch list:\n[map[name:3 value:3] map[name:1 value:1]]\n doesn\'t match $setElementOrder list:\n[map[name:1] map[name:2] map[name:3]]\n'));
    assertFails(() => mergeItem('mergingIntList: [1, 3, 2]', '$setElementOrder/mergingIntList: [1, 2, 3]\nmergingIntList: [3, 1]'),
      serverError('The order in patch list:\n[3 1]\n doesn\'t match $setElementOrder list:\n[1 2 3]\n'));
    assertFails(() => mergeItem('mergingList: []', '$setElementOrderX/mergingList: []'), badRequest('invalid patch format of setElementOrder list'));
    assertFails(() => mergeItem('mergingList: []', '$setElementOrder/mergingList: x'), serverError('expected a []interface {}, but received a string'));
  });
});

describe('strategic merge patch: $deleteFromPrimitiveList', () => {
  it('removes every occurrence from a list of scalars, whatever its strategy', () => {
    assert.deepEqual(mergeItem('mergingIntList: [1, 2, 3, 3]', '$setElementOrder/mergingIntList: [1, 2]\n$deleteFromPrimitiveList/mergingIntList: [3]'),
      { mergingIntList: [1, 2] });
    assert.deepEqual(mergeItem('nonMergingIntList: [1, 2, 3]', '$deleteFromPrimitiveList/nonMergingIntList: [2]'), { nonMergingIntList: [1, 3] });
    const meta = { metadata: { finalizers: ['a', 'b', 'c'] } };
    assert.deepEqual(applyStrategicMergePatch(meta, { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'], finalizers: ['d'] } }, ConfigMapSchema),
      { metadata: { finalizers: ['d', 'a', 'c'] } });
  });

  it('never adds items or lists', () => {
    assert.deepEqual(mergeItem('mergingIntList: [1, 2]', '$deleteFromPrimitiveList/mergingIntList: [3]'), { mergingIntList: [1, 2] });
    assert.deepEqual(mergeItem('mergingIntList:', '$deleteFromPrimitiveList/mergingIntList: [3]'), { mergingIntList: null });
    assert.deepEqual(mergeItem('foo: [bar]', '$deleteFromPrimitiveList/mergingIntList: [3]'), { foo: ['bar'] });
  });

  it('rejects a malformed directive key', () => {
    assertFails(() => mergeItem('mergingIntList: [1]', '$deleteFromPrimitiveListmergingIntList: [1]'), badRequest('invalid patch format of primitive list'));
  });
});

describe('strategic merge patch: $retainKeys', () => {
  it('clears the keys a map does not retain', () => {
    assert.deepEqual(mergeItem('retainKeysMap: {name: type1, value: foo}', 'retainKeysMap: {$retainKeys: [name, other], name: type2, other: bar}'),
      yaml('retainKeysMap: {name: type2, other: bar}'));
    assert.deepEqual(mergeItem('retainKeysMap: {name: foo, other: a}', 'retainKeysMap: {$retainKeys: [name, value], value: bar}'),
      yaml('retainKeysMap: {name: foo, value: bar}'));
  });

  it('switches a volume source inside a list merged by name', () => {
    const pod = { spec: { containers: [], volumes: [{ name: 'v', configMap: { name: 'cm' } }, { name: 'w', emptyDir: {} }] } };
    const patch = { spec: { volumes: [{ $retainKeys: ['name', 'secret'], name: 'v', secret: { secretName: 's' } }] } };
    assert.deepEqual(applyStrategicMergePatch(pod, patch, PodSchema),
      { spec: { containers: [], volumes: [{ name: 'v', secret: { secretName: 's' } }, { name: 'w', emptyDir: {} }] } });
  });

  it('rejects patched keys missing from the list, and a list that is not a list', () => {
    assertFails(() => mergeItem('retainKeysMap: {name: a}', 'retainKeysMap: {$retainKeys: [name], value: b}'), badRequest('invalid patch format of retainKeys'));
    assertFails(() => mergeItem('retainKeysMap: {name: a}', 'retainKeysMap: {$retainKeys: name}'), badRequest('invalid patch format of retainKeys'));
  });
});

describe('strategic merge patch: directives never reach the result', () => {
  it('strips them from new keys, new list items and replaced values', () => {
    const pod = { spec: { containers: [{ name: 'app' }] } };
    const patch = {
      metadata: { labels: { a: 'b' }, $retainKeys: ['labels'] },
      spec: {
        containers: [{ name: 'new', env: [{ name: 'X', value: 'x' }, { name: 'Y', $patch: 'delete' }], '$setElementOrder/env': [{ name: 'X' }], '$deleteFromPrimitiveList/args': ['a'] }],
        tolerations: [{ key: 'k', $retainKeys: ['key'] }],
        securityContext: { runAsUser: 1, '$setElementOrder/x': [] },
      },
    };
    assert.deepEqual(applyStrategicMergePatch(pod, patch, PodSchema), {
      metadata: { labels: { a: 'b' } },
      spec: {
        containers: [{ name: 'new', env: [{ name: 'X', value: 'x' }] }, { name: 'app' }],
        tolerations: [{ key: 'k' }],
        securityContext: { runAsUser: 1 },
      },
    });
  });
});
