// A real Store that also counts, per method, the calls made to it: how tests see how many
// round trips a request cost without replacing the storage.
import type { Store } from '../../src/storage/interface.js';

export interface CountingStore {
  store: Store;
  /** Calls per method (and per key for `get`, as `get <key>`) since the last reset. */
  calls: Map<string, number>;
  count(name: string): number;
  reset(): void;
}

export function countingStore(inner: Store): CountingStore {
  const calls = new Map<string, number>();
  const bump = (name: string) => calls.set(name, (calls.get(name) ?? 0) + 1);
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        bump(property);
        if (property === 'get') bump(`get ${String(args[0])}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, calls, count: (name) => calls.get(name) ?? 0, reset: () => calls.clear() };
}
