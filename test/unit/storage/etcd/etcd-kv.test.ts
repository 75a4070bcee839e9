import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CompareResult, CompareTarget } from 'etcd3';
import { EtcdKeySpace } from '../../../../src/storage/etcd/etcd-keys.js';
import { createTxn, deleteTxn, toKeyValue, toWatchEvent, updateTxn } from '../../../../src/storage/etcd/etcd-kv.js';
import { etcdEvent } from './fake-watch-stream.js';

const key = Buffer.from('/arca/a');
const value = Buffer.from('v');
const readKey = { request_range: { key } };
const exists = { key, target: CompareTarget.Version, result: CompareResult.Greater, version: 0 };

describe('etcd transactions', () => {
  it('creates only a key that does not exist', () => {
    assert.deepEqual(createTxn(key, value), {
      compare: [{ key, target: CompareTarget.Create, result: CompareResult.Equal, create_revision: 0 }],
      success: [{ request_put: { key, value } }],
      failure: [readKey],
    });
  });

  it('updates only an existing key at the expected modify revision', () => {
    assert.deepEqual(updateTxn(key, value, 7), {
      compare: [exists, { key, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: 7 }],
      success: [{ request_put: { key, value, prev_kv: true } }],
      failure: [readKey],
    });
  });

  it('deletes an existing key, at the expected modify revision unless it is 0', () => {
    assert.deepEqual(deleteTxn(key, 7), {
      compare: [exists, { key, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: 7 }],
      success: [{ request_delete_range: { key, prev_kv: true } }],
      failure: [readKey],
    });
    assert.deepEqual(deleteTxn(key, 0).compare, [exists]);
  });
});

describe('etcd key-values', () => {
  const space = new EtcdKeySpace('/arca');

  it('become Store key-values under the prefix', () => {
    const kv = { key: Buffer.from('/arca/x/y'), create_revision: '3', mod_revision: '9', version: '4', value: Buffer.from('z'), lease: '0' };
    const converted = toKeyValue(space, kv);
    assert.deepEqual({ ...converted, value: Buffer.from(converted.value).toString() }, { key: '/x/y', value: 'z', createRevision: 3, modRevision: 9 });
  });

  it('give a delete event the create revision of the value it removed', () => {
    const event = toWatchEvent(space, etcdEvent('/arca/x', 12, { deleted: true, prevRevision: 10, createRevision: 4 }));
    assert.deepEqual({ ...event, kv: { ...event.kv, value: [...event.kv.value] } }, {
      type: 'delete',
      kv: { key: '/x', value: [], createRevision: 4, modRevision: 12 },
      prevKv: { key: '/x', value: Buffer.from('old'), createRevision: 4, modRevision: 10 },
      revision: 12,
    });
  });
});
