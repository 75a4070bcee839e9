// The namespace lookup of NamespaceLifecycle admission, which runs on every namespaced write.
// The stored namespace is read each time (a cheap point read), but decoded only when its
// revision changed since the last lookup: the decoded object is shared, so callers only read it.
// Only a missing namespace is missing: a storage failure propagates rather than becoming 404.
import type { KubeObject } from '../machinery/object.js';
import type { Store } from '../storage/interface.js';
import type { ObjectCodec } from './codec.js';
import type { NamespaceLookup } from './generic-store.js';

export function cachingNamespaceLookup(storage: Store, codec: ObjectCodec, keyOf: (name: string) => string | undefined): NamespaceLookup {
  const decoded = new Map<string, { modRevision: number; object: KubeObject }>();
  return async (name) => {
    const key = keyOf(name);
    if (key === undefined) return undefined;
    const kv = await storage.get(key);
    if (!kv) {
      decoded.delete(name);
      return undefined;
    }
    const cached = decoded.get(name);
    if (cached?.modRevision === kv.modRevision) return cached.object;
    const object = await codec.decode(kv);
    decoded.set(name, { modRevision: kv.modRevision, object });
    return object;
  };
}
