// The revisioned key-value store every backend implements, modelled on etcd v3:
// one global revision; each key has a create and a modify revision; writes compare-and-swap
// on the expected modify revision; lists read at one revision; watches replay from a revision.
// Nothing above this interface may know which backend is in use.

export interface KeyValue {
  key: string;
  value: Uint8Array;
  /** Revision at which the key was (last) created. */
  createRevision: number;
  /** Revision of the last write to the key; Kubernetes' resourceVersion. */
  modRevision: number;
}

export interface ListOptions {
  /** Read at this revision (0 or absent: the current one). */
  revision?: number;
  /** At most this many items (0 or absent: all). */
  limit?: number;
  /** Start at this key (inclusive) instead of the prefix itself; used for continue tokens. */
  startKey?: string;
  /** Any recent state will do (Kubernetes' resourceVersion=0): see ReadOptions. */
  stale?: boolean;
  /**
   * False when the caller pages through everything and needs only `more`: a backend may then
   * skip counting the keys after the page (in SQLite that count walks the rest of the range).
   */
  countRemaining?: boolean;
}

export interface ReadOptions {
  /**
   * Any recent state will do (Kubernetes' resourceVersion=0, which kube-apiserver serves from its
   * watch cache): etcd answers from the member asked, without a quorum round, so such reads
   * work while etcd has lost quorum, but may miss the latest writes.
   */
  stale?: boolean;
}

export interface ListResult {
  items: KeyValue[];
  /** The revision the list was read at. */
  revision: number;
  /** True when more keys under the prefix follow the last item. */
  more: boolean;
  /** How many keys follow the returned ones (when `more`); just 1 if read with countRemaining false. */
  remaining: number;
}

export type WatchEventType = 'put' | 'delete';

export interface WatchEvent {
  type: WatchEventType;
  /** For put: the new value. For delete: the key with an empty value at the delete revision. */
  kv: KeyValue;
  /** The value before this event (absent for a create). */
  prevKv?: KeyValue;
  /** The event's revision (kv.modRevision). */
  revision: number;
}

export interface WatchHandle {
  /** Stops delivery; idempotent. */
  close(): void;
}

export interface WatchCallbacks {
  /** Events strictly after the start revision, in revision order, each exactly once. */
  onEvents(events: WatchEvent[]): void;
  /** The watch ended because of an error (e.g. the backend lost its connection for good). */
  onError?(err: StorageError): void;
  /** Periodic progress: no event for this prefix up to `revision` (for bookmarks). */
  onProgress?(revision: number): void;
}

export type StorageErrorCode =
  | 'KeyExists'
  | 'KeyNotFound'
  | 'Conflict'
  | 'Compacted'
  | 'FutureRevision'
  | 'Unavailable'
  /** The backend refuses a value this large (etcd's --max-request-bytes). */
  | 'RequestTooLarge'
  | 'Internal';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    readonly key: string,
    message: string,
    /** For Conflict: the current state; for Compacted: the compacted revision. */
    readonly current?: KeyValue,
    readonly compactedRevision?: number,
  ) {
    super(message);
  }
}

export interface Store {
  /** The latest committed revision. */
  currentRevision(): Promise<number>;
  /** The oldest revision still readable (everything at or before it was compacted away). */
  compactedRevision(): Promise<number>;
  /** The key's value at `revision` (default: current), or undefined. Compacted → StorageError Compacted. */
  get(key: string, revision?: number, options?: ReadOptions): Promise<KeyValue | undefined>;
  /**
   * The key's current mod revision without its value, or undefined: enough for a reader that
   * already holds the value of some revision to know whether it is still the current one.
   */
  modRevision(key: string, options?: ReadOptions): Promise<number | undefined>;
  /** Keys that start with `prefix`, ordered bytewise by key. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Number of keys under the prefix at the current revision. */
  count(prefix: string): Promise<number>;
  /** Creates the key; KeyExists if present. Returns the stored kv. */
  create(key: string, value: Uint8Array): Promise<KeyValue>;
  /** Replaces the value if the key's modRevision equals `expectedModRevision`; Conflict (with current) otherwise, KeyNotFound if absent. */
  update(key: string, value: Uint8Array, expectedModRevision: number): Promise<KeyValue>;
  /** Deletes the key if its modRevision equals `expectedModRevision` (0: any). Returns the deleted kv (value = last value, modRevision = delete revision). */
  delete(key: string, expectedModRevision: number): Promise<KeyValue>;
  /** Events under `prefix` with revision > `fromRevision`. Compacted → throws StorageError Compacted. */
  watch(prefix: string, fromRevision: number, callbacks: WatchCallbacks): Promise<WatchHandle>;
  /** Forgets history before `revision` (the value current at it stays readable). */
  compact(revision: number): Promise<void>;
  close(): Promise<void>;
}
