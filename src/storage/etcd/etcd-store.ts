// The scale-out backend: a Store on etcd v3, with kube-apiserver's storage/etcd3 semantics.
// Revisions are etcd's own (an object's modRevision is its etcd mod revision); conditional
// writes are transactions (etcd-kv.ts); watches resume across dropped connections (etcd-watch.ts).
// The compacted revision is what this store compacted to, or learned from etcd when a read
// below it was refused (another client may compact too).
import type { Etcd3, IRangeRequest, IRangeResponse, ITxnRequest, ITxnResponse } from 'etcd3';
import {
  StorageError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type ReadOptions,
  type Store,
  type WatchCallbacks,
  type WatchHandle,
} from '../interface.js';
import { checkWatchStart } from '../read-revision.js';
import { storageErrors } from '../storage-errors.js';
import { connectEtcd, neverSent, type EtcdTlsFiles } from './etcd-client.js';
import { probeCompactedRevision } from './etcd-compaction-probe.js';
import { classifyEtcdError, etcdUnavailable, REQUEST_TOO_LARGE_TEXT } from './etcd-errors.js';
import { EtcdKeySpace } from './etcd-keys.js';
import { createTxn, deleteTxn, toKeyValue, toWatchEvent, updateTxn } from './etcd-kv.js';
import { toStoredValue } from './etcd-values.js';
import { startResumableWatch } from './etcd-watch.js';

export interface EtcdStoreOptions {
  /** Client URLs of the etcd members, e.g. ['https://10.0.0.1:2379']. */
  endpoints: string[];
  /** Every key lives under this prefix (default '/arca'). */
  prefix?: string;
  tls?: EtcdTlsFiles;
}

/** Connects to etcd and checks that it answers (Unavailable otherwise). */
export async function openEtcdStore(opts: EtcdStoreOptions): Promise<Store> {
  const client = await connectEtcd(opts);
  const store = new EtcdStore(client, new EtcdKeySpace(opts.prefix), opts.endpoints);
  try {
    await store.learnCompactedRevision();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

const NEVER_SENT_TRIES_PER_MEMBER = 5;
/** Reads are sent again only within this long of the first try (so a read answers within ~2 etcd request timeouts). */
const RETRY_READS_WITHIN_MS = 5_000;

interface SendOptions {
  /** Reads may be sent again after any connection failure; writes only when they never left. */
  idempotent: boolean;
  /** The revision the request reads at, named in Compacted and FutureRevision errors. */
  revision?: number;
}

interface OpenWatch {
  callbacks: WatchCallbacks;
  watch?: WatchHandle;
  /** Closed by its consumer, or failed. */
  ended: boolean;
}

class EtcdStore implements Store {
  private compacted = 0;
  private closed = false;
  private readonly watches = new Set<OpenWatch>();
  /** A failed read is tried once more per endpoint, so one dead member does not fail it. */
  private readonly maxAttempts: number;

  constructor(
    private readonly client: Etcd3,
    private readonly space: EtcdKeySpace,
    private readonly endpoints: readonly string[],
  ) {
    this.maxAttempts = endpoints.length + 1;
  }

  async currentRevision(): Promise<number> {
    const response = await this.range('', { key: this.space.probeKey(), limit: 1, keys_only: true });
    return Number(response.header.revision);
  }

  async compactedRevision(): Promise<number> {
    this.ensureOpen();
    return this.compacted;
  }

  /** Reads at the oldest revision etcd ever had: refused exactly when etcd has compacted. */
  async learnCompactedRevision(): Promise<void> {
    try {
      await this.range('', { key: this.space.probeKey(), limit: 1, keys_only: true, revision: 1 }, 1);
    } catch (err) {
      if (!(err instanceof StorageError && err.code === 'Compacted')) throw err;
    }
  }

  async get(key: string, revision?: number, options: ReadOptions = {}): Promise<KeyValue | undefined> {
    this.checkReadable(key, revision);
    const response = await this.range(key, { key: this.space.toEtcd(key), ...(revision && { revision }), ...(options.stale && { serializable: true }) }, revision);
    const kv = response.kvs[0];
    return kv && toKeyValue(this.space, kv);
  }

  async modRevision(key: string, options: ReadOptions = {}): Promise<number | undefined> {
    this.checkReadable(key, undefined);
    const response = await this.range(key, { key: this.space.toEtcd(key), keys_only: true, ...(options.stale && { serializable: true }) });
    const kv = response.kvs[0];
    return kv && Number(kv.mod_revision);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const { revision, limit, startKey, stale } = options;
    this.checkReadable(prefix, revision);
    const response = await this.range(prefix, {
      ...this.space.range(prefix, startKey),
      ...(revision && { revision }),
      ...(limit && limit > 0 && { limit }),
      ...(stale && { serializable: true }),
    }, revision);
    const items = response.kvs.map((kv) => toKeyValue(this.space, kv));
    return {
      items,
      revision: revision || Number(response.header.revision),
      more: response.more,
      // etcd counts the whole range, returned keys included.
      remaining: Number(response.count) - items.length,
    };
  }

  async count(prefix: string): Promise<number> {
    const response = await this.range(prefix, { ...this.space.range(prefix), count_only: true });
    return Number(response.count);
  }

  async create(key: string, value: Uint8Array): Promise<KeyValue> {
    const stored = Buffer.from(value);
    const response = await this.txn(key, createTxn(this.space.toEtcd(key), toStoredValue(stored)));
    if (!response.succeeded) throw storageErrors.keyExists(key, this.currentOf(key, response));
    const revision = Number(response.header.revision);
    return { key, value: stored, createRevision: revision, modRevision: revision };
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number): Promise<KeyValue> {
    const stored = Buffer.from(value);
    const response = await this.txn(key, updateTxn(this.space.toEtcd(key), toStoredValue(stored), expectedModRevision));
    if (!response.succeeded) throw this.refusedWrite(key, response, expectedModRevision);
    const previous = response.responses[0].response_put.prev_kv;
    return { key, value: stored, createRevision: Number(previous.create_revision), modRevision: Number(response.header.revision) };
  }

  async delete(key: string, expectedModRevision: number): Promise<KeyValue> {
    const response = await this.txn(key, deleteTxn(this.space.toEtcd(key), expectedModRevision));
    if (!response.succeeded) throw this.refusedWrite(key, response, expectedModRevision);
    const previous = toKeyValue(this.space, response.responses[0].response_delete_range.prev_kvs[0]);
    return { ...previous, modRevision: Number(response.header.revision) };
  }

  async watch(prefix: string, fromRevision: number, callbacks: WatchCallbacks): Promise<WatchHandle> {
    this.ensureOpen();
    const range = this.space.range(prefix);
    checkWatchStart(prefix, fromRevision, this.compacted);
    await this.checkWatchHistory(prefix, fromRevision);
    const open: OpenWatch = { callbacks, ended: false };
    const end = () => {
      open.ended = true;
      this.watches.delete(open);
    };
    open.watch = await startResumableWatch({
      openStream: () => this.client.watchClient.watch(),
      range,
      prefix,
      fromRevision,
      decode: (event) => toWatchEvent(this.space, event),
      callbacks: {
        ...callbacks,
        onError: (err) => {
          end();
          callbacks.onError?.(err);
        },
      },
      learnCompacted: (revision) => this.learnCompacted(revision),
      startFailure: (cause) => this.streamFailure(prefix, cause),
    });
    if (this.closed) {
      open.watch.close();
      throw storageErrors.closed();
    }
    // It may have failed already, in the very stream read that accepted it.
    if (!open.ended) this.watches.add(open);
    return {
      close: () => {
        end();
        open.watch?.close();
      },
    };
  }

  async compact(revision: number): Promise<void> {
    this.ensureOpen();
    if (revision <= this.compacted) return;
    try {
      await this.send('', () => this.client.kv.compact({ revision, physical: false }), { idempotent: true, revision });
    } catch (err) {
      // Someone compacted past it already (the failed request taught us how far).
      if (err instanceof StorageError && err.code === 'Compacted') return;
      throw err;
    }
    this.learnCompacted(revision);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const reason = storageErrors.closed();
    for (const open of [...this.watches]) {
      open.ended = true;
      open.watch?.close();
      open.callbacks.onError?.(reason);
    }
    this.watches.clear();
    this.client.close();
  }

  /** Refuses a read below the compacted revision this store knows of without asking etcd. */
  private checkReadable(key: string, revision: number | undefined): void {
    this.ensureOpen();
    if (revision && revision < this.compacted) throw storageErrors.compacted(key, revision, this.compacted);
  }

  /**
   * A read at the revision the watch starts from is refused exactly when the history the watch
   * would replay is compacted: so the caller learns it now rather than through onError.
   * The start may lie in the future: etcd then just waits for it.
   */
  private async checkWatchHistory(prefix: string, fromRevision: number): Promise<void> {
    try {
      await this.range(prefix, { key: this.space.probeKey(), limit: 1, keys_only: true, revision: Math.max(fromRevision, 1) }, fromRevision);
    } catch (err) {
      if (!(err instanceof StorageError && err.code === 'FutureRevision')) throw err;
    }
  }

  private range(key: string, request: IRangeRequest, revision?: number): Promise<IRangeResponse> {
    return this.send(key, () => this.client.kv.range(request), { idempotent: true, revision });
  }

  private txn(key: string, request: ITxnRequest): Promise<ITxnResponse> {
    return this.send(key, () => this.client.kv.txn(request), { idempotent: false });
  }

  /** The key's state as read by a transaction's failure branch. */
  private currentOf(key: string, response: ITxnResponse): KeyValue {
    const kv = response.responses[0]?.response_range?.kvs[0];
    if (!kv) throw storageErrors.internal(key, new Error('etcd transaction failed without reading the key'));
    return toKeyValue(this.space, kv);
  }

  private refusedWrite(key: string, response: ITxnResponse, expectedModRevision: number): StorageError {
    if (response.responses[0]?.response_range?.kvs.length === 0) return storageErrors.keyNotFound(key);
    return storageErrors.conflict(key, this.currentOf(key, response), expectedModRevision);
  }

  /** Sends one request, again where that is safe, and turns its failure into a StorageError. */
  private async send<T>(key: string, request: () => Promise<T>, options: SendOptions): Promise<T> {
    this.ensureOpen();
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (err) {
        this.ensureOpen();
        if (!this.sendAgain(err, attempt, started, options)) throw await this.toStorageError(key, err, options.revision);
      }
    }
  }

  /**
   * A request that never left goes to another member at once (members are picked at random, so
   * each gets a few tries). A read that failed otherwise is sent again only soon after the first
   * try: without quorum each try waits etcd's own request timeout (~7 s), and the caller must
   * hear back in bounded time.
   */
  private sendAgain(err: unknown, attempt: number, started: number, options: SendOptions): boolean {
    if (classifyEtcdError(err) !== 'unavailable') return false;
    if (neverSent(err)) return attempt < NEVER_SENT_TRIES_PER_MEMBER * this.endpoints.length;
    return options.idempotent && attempt < this.maxAttempts && Date.now() - started < RETRY_READS_WITHIN_MS;
  }

  private async toStorageError(key: string, err: unknown, revision = 0): Promise<StorageError> {
    if (err instanceof StorageError) return err;
    switch (classifyEtcdError(err)) {
      case 'compacted':
        return storageErrors.compacted(key, revision, await this.probeCompactedRevision(revision));
      case 'futureRevision':
        return storageErrors.futureRevision(key, revision, await this.currentRevision());
      case 'tooLarge':
        return storageErrors.requestTooLarge(key, REQUEST_TOO_LARGE_TEXT);
      case 'unavailable':
        return etcdUnavailable(this.endpoints, key, err);
      default:
        return storageErrors.internal(key, err);
    }
  }

  /** A watch stream that broke before etcd accepted the watch. */
  private streamFailure(prefix: string, cause: unknown): StorageError {
    if (this.closed) return storageErrors.closed();
    return classifyEtcdError(cause) === 'unavailable' ? etcdUnavailable(this.endpoints, prefix, cause) : storageErrors.internal(prefix, cause);
  }

  /** Learns how far etcd compacted after it refused a read at `refusedRevision`. */
  private async probeCompactedRevision(refusedRevision: number): Promise<number> {
    const learned = await probeCompactedRevision(() => this.client.watchClient.watch(), this.space.probeKey(), refusedRevision);
    // Without an answer, the refusal itself proves a lower bound.
    this.learnCompacted(learned ?? refusedRevision + 1);
    return this.compacted;
  }

  private learnCompacted(revision: number): void {
    this.compacted = Math.max(this.compacted, revision);
  }

  private ensureOpen(): void {
    if (this.closed) throw storageErrors.closed();
  }
}
