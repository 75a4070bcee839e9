// Arca's keys inside etcd: every key lives under one configurable root (default `/arca`), as
// kube-apiserver keeps its objects under `/registry`. Arca's keys start with '/', so the etcd
// key is simply root + key, and nothing outside `root/` is ever read, written or watched.
import { prefixEnd, prefixRange } from '../key-range.js';
import { storageErrors } from '../storage-errors.js';

export const DEFAULT_ETCD_PREFIX = '/arca';

/** A key range in etcd's terms: [key, range_end). */
export interface EtcdRange {
  key: Buffer;
  range_end: Buffer;
}

/** etcd's range_end for "every key from `key` on". */
const TO_THE_END = Buffer.from([0]);

export class EtcdKeySpace {
  /** The configured prefix without trailing slashes; every etcd key starts with root + '/'. */
  readonly root: string;

  constructor(prefix: string = DEFAULT_ETCD_PREFIX) {
    this.root = prefix.replace(/\/+$/, '');
  }

  /** The etcd key of an Arca key. */
  toEtcd(key: string): Buffer {
    checkStartsWithSlash(key);
    return Buffer.from(this.root + key, 'utf8');
  }

  /** The Arca key of an etcd key under the root. */
  fromEtcd(key: Buffer): string {
    return key.toString('utf8').slice(this.root.length);
  }

  /**
   * The etcd range holding the Arca keys that start with `prefix` ('' or a key prefix starting
   * with '/'), from `startKey` on when it lies further in the range.
   */
  range(prefix: string, startKey?: string): EtcdRange {
    if (prefix !== '') checkStartsWithSlash(prefix);
    const scoped = this.root + (prefix === '' ? '/' : prefix);
    const { start, end } = prefixRange(scoped, startKey === undefined ? undefined : this.root + startKey);
    return { key: Buffer.from(start, 'utf8'), range_end: end === undefined ? TO_THE_END : Buffer.from(end, 'utf8') };
  }

  /** A key no Arca key can equal (the root itself), for requests that only need a revision. */
  probeKey(): Buffer {
    return Buffer.from(this.root === '' ? prefixEnd('/')! : this.root, 'utf8');
  }
}

function checkStartsWithSlash(key: string): void {
  if (!key.startsWith('/')) throw storageErrors.internal(key, new Error(`key ${JSON.stringify(key)} does not start with "/"`));
}
