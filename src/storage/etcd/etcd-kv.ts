// Translation between etcd's messages and the Store's types, and the transactions behind the
// Store's conditional writes (as kube-apiserver's storage/etcd3 builds them): each write
// compares, then writes; when the comparison fails the same transaction reads the key, so the
// caller learns the state that made it fail at that very revision.
import { CompareResult, CompareTarget, type IEvent, type IKeyValue, type IRequestOp, type ITxnRequest } from 'etcd3';
import type { KeyValue, WatchEvent } from '../interface.js';
import type { EtcdKeySpace } from './etcd-keys.js';
import { fromStoredValue } from './etcd-values.js';

const EMPTY = new Uint8Array(0);

export function toKeyValue(space: EtcdKeySpace, kv: IKeyValue): KeyValue {
  return {
    key: space.fromEtcd(kv.key),
    value: fromStoredValue(kv.value),
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
  };
}

/**
 * A watch event as the Store reports it. etcd's delete event carries only the key and the
 * delete revision; the create revision comes from the previous value, like a SQLite tombstone.
 */
export function toWatchEvent(space: EtcdKeySpace, event: IEvent): WatchEvent {
  const revision = Number(event.kv.mod_revision);
  const prevKv = event.prev_kv ? toKeyValue(space, event.prev_kv) : undefined;
  const deleted = String(event.type).toLowerCase() === 'delete';
  const kv = deleted
    ? { key: space.fromEtcd(event.kv.key), value: EMPTY, createRevision: prevKv?.createRevision ?? 0, modRevision: revision }
    : toKeyValue(space, event.kv);
  return { type: deleted ? 'delete' : 'put', kv, ...(prevKv && { prevKv }), revision };
}

const readKey = (key: Buffer): IRequestOp => ({ request_range: { key } });
const keyExists = (key: Buffer) => ({ key, target: CompareTarget.Version, result: CompareResult.Greater, version: 0 });
const modRevisionIs = (key: Buffer, modRevision: number) =>
  ({ key, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: modRevision });

/** Puts the key if it has never been created (or was deleted); otherwise reads it. */
export function createTxn(key: Buffer, value: Buffer): ITxnRequest {
  return {
    compare: [{ key, target: CompareTarget.Create, result: CompareResult.Equal, create_revision: 0 }],
    success: [{ request_put: { key, value } }],
    failure: [readKey(key)],
  };
}

/**
 * Puts the key if it exists at `expectedModRevision` (returning the value it replaces);
 * otherwise reads it. The existence check keeps an expected revision of 0 from creating a key.
 */
export function updateTxn(key: Buffer, value: Buffer, expectedModRevision: number): ITxnRequest {
  return {
    compare: [keyExists(key), modRevisionIs(key, expectedModRevision)],
    success: [{ request_put: { key, value, prev_kv: true } }],
    failure: [readKey(key)],
  };
}

/** Deletes the key (returning its last value) if it exists, at `expectedModRevision` when that is not 0; otherwise reads it. */
export function deleteTxn(key: Buffer, expectedModRevision: number): ITxnRequest {
  return {
    compare: expectedModRevision > 0 ? [keyExists(key), modRevisionIs(key, expectedModRevision)] : [keyExists(key)],
    success: [{ request_delete_range: { key, prev_kv: true } }],
    failure: [readKey(key)],
  };
}
