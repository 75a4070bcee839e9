// The JSON a GET answers for a stored object, kept per storage key and modify revision, so a GET
// of an unchanged object skips decoding (decrypt + JSON.parse) and JSON.stringify.
//
// Why keyed by revision rather than invalidated by watch events: a GET still reads the key's
// current revision from storage first (a quorum read on etcd, so a write by another Arca server
// is seen at once), and the cache only answers whether it already holds the bytes for exactly
// that revision. A revision names one committed value of one key, and the JSON is a pure function
// of that value, so an entry can be old but never wrong. Watch-driven invalidation would instead
// lag behind writes made through other servers.
//
// Bounded by bytes, least recently used first out. A key holds one entry (its latest revision
// seen), so a hot, often-updated object does not fill the cache with its history.
import { LRUCache } from 'lru-cache';

/** A few MB: thousands of typical ConfigMaps and Secrets. */
export const DEFAULT_SERIALIZED_CACHE_BYTES = 8 * 1024 * 1024;

/** What an entry costs beyond its JSON: the key string (UTF-16) and the Map and entry objects. */
const ENTRY_OVERHEAD_BYTES = 96;

interface Entry {
  modRevision: number;
  json: Buffer;
}

/** The LRU bookkeeping is lru-cache's; what is ours is the keying by revision. */
export class SerializedObjectCache {
  private readonly entries: LRUCache<string, Entry>;

  constructor(readonly maxBytes = DEFAULT_SERIALIZED_CACHE_BYTES) {
    this.entries = new LRUCache<string, Entry>({
      maxSize: maxBytes,
      // An object too large to share the cache with others is not worth caching.
      maxEntrySize: maxBytes / 4,
      sizeCalculation: (entry, key) => entryCost(key, entry.json),
    });
  }

  /** The JSON stored for `key` at exactly `modRevision`, if cached (and now most recently used). */
  get(key: string, modRevision: number): Buffer | undefined {
    const entry = this.entries.peek(key);
    if (!entry || entry.modRevision !== modRevision) return undefined;
    return this.entries.get(key)!.json;
  }

  /** The newest JSON held for `key`, whatever its revision (now most recently used). */
  latest(key: string): { modRevision: number; json: Buffer } | undefined {
    const entry = this.entries.get(key);
    return entry && { modRevision: entry.modRevision, json: entry.json };
  }

  /** Keeps the JSON of `key` at `modRevision`, replacing any other revision of the key. */
  set(key: string, modRevision: number, json: Buffer): void {
    const previous = this.entries.peek(key);
    // Never let an older revision replace a newer one (two GETs racing a write).
    if (previous && previous.modRevision > modRevision) return;
    this.entries.delete(key);
    this.entries.set(key, { modRevision, json });
  }

  /** Forgets everything (the encryption configuration changed). */
  clear(): void {
    this.entries.clear();
  }

  /** Bytes held, overhead included. */
  get size(): number {
    return this.entries.calculatedSize;
  }

  get count(): number {
    return this.entries.size;
  }
}

function entryCost(key: string, json: Buffer): number {
  return json.length + key.length * 2 + ENTRY_OVERHEAD_BYTES;
}
