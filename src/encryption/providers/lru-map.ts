// A map holding at most `capacity` entries that drops the least recently used one when full.
// A Map iterates in insertion order, so moving an entry to the end on every use keeps the least
// recently used entry first.
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();
  /** Already last in order: reads of it (the common case, one hot key) skip the reordering. */
  private newest: K | undefined;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LRU capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined && key !== this.newest) {
      this.entries.delete(key);
      this.entries.set(key, value);
      this.newest = key;
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    this.newest = key;
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }
}
