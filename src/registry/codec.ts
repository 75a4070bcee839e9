// Objects ↔ stored bytes. The stored form is the object's JSON without resourceVersion
// (the storage revision is the resourceVersion, as in Kubernetes); a value transformer
// (encryption at rest) may wrap the bytes.
import type { KubeObject } from '../machinery/object.js';
import type { KeyValue } from '../storage/interface.js';
import type { SerializedObjectCache } from './serialized-object-cache.js';

/** A stored object as the JSON a GET answers, and the object itself on demand. */
export interface SerializedObject {
  json: Buffer;
  object(): KubeObject;
}

/** Transforms values on their way to and from storage (identity, or encryption). */
export interface ValueTransformer {
  toStorage(plain: Uint8Array, key: string): Uint8Array | Promise<Uint8Array>;
  fromStorage(stored: Uint8Array, key: string): Uint8Array | Promise<Uint8Array>;
  /** Whether the stored value was written under another key or provider than the current one. */
  needsRewrite?(stored: Uint8Array, key: string): boolean;
}

export const identityTransformer: ValueTransformer = {
  toStorage: (plain) => plain,
  fromStorage: (stored) => stored,
};

export class ObjectCodec {
  constructor(
    private readonly transformer: ValueTransformer = identityTransformer,
    private readonly serializedCache?: SerializedObjectCache,
  ) {}

  async encode(obj: KubeObject, key: string): Promise<Uint8Array> {
    const { resourceVersion: _rv, ...metadata } = obj.metadata;
    const bytes = Buffer.from(JSON.stringify({ ...obj, metadata }));
    return this.transformer.toStorage(bytes, key);
  }

  /** The stored value must be written again, even by an update that changes nothing (key rotation). */
  isStale(kv: KeyValue): boolean {
    return this.transformer.needsRewrite?.(kv.value, kv.key) ?? false;
  }

  async decode(kv: KeyValue, resourceVersion = kv.modRevision): Promise<KubeObject> {
    const plain = await this.transformer.fromStorage(kv.value, kv.key);
    const obj = JSON.parse(Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength).toString('utf8')) as KubeObject;
    obj.metadata.resourceVersion = String(resourceVersion);
    return obj;
  }

  /**
   * Remembers the object a write stored at `modRevision`, as the exact JSON a GET of that revision
   * answers (decode appends resourceVersion to the stored metadata), so the writer's next GET or
   * update of the key needs no decode and no read.
   */
  remember(key: string, modRevision: number, obj: KubeObject): void {
    if (!this.serializedCache) return;
    const { resourceVersion: _rv, ...metadata } = obj.metadata;
    const json = unpooledUtf8(JSON.stringify({ ...obj, metadata: { ...metadata, resourceVersion: String(modRevision) } }));
    this.serializedCache.set(key, modRevision, json);
  }

  /**
   * The newest revision of the key this server read or wrote, decoded, without reading storage.
   * It may be old: a caller must write it back only under a compare on `modRevision`.
   */
  latest(key: string): { modRevision: number; object: KubeObject } | undefined {
    const entry = this.serializedCache?.latest(key);
    return entry && { modRevision: entry.modRevision, object: JSON.parse(entry.json.toString('utf8')) as KubeObject };
  }

  /** The newest JSON this server holds for the key and its revision, without reading storage. */
  cachedJson(key: string): { modRevision: number; serialized: SerializedObject } | undefined {
    const entry = this.serializedCache?.latest(key);
    return entry && { modRevision: entry.modRevision, serialized: fromCache(entry.json) };
  }

  /** The object's JSON (resourceVersion included); from the cache when it holds this revision of the key. */
  async serialize(kv: KeyValue): Promise<SerializedObject> {
    const cached = this.serializedCache?.get(kv.key, kv.modRevision);
    if (cached) return fromCache(cached);
    const object = await this.decode(kv);
    const json = unpooledUtf8(JSON.stringify(object));
    this.serializedCache?.set(kv.key, kv.modRevision, json);
    return { json, object: () => object };
  }
}

function fromCache(json: Buffer): SerializedObject {
  return { json, object: () => JSON.parse(json.toString('utf8')) as KubeObject };
}

/** UTF-8 bytes in a buffer of their own: a small pooled one would keep its whole 8 KiB slab alive in the cache. */
function unpooledUtf8(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text, 'utf8');
  return bytes;
}
