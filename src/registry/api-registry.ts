// The served resources: one generic store and watcher per kind, looked up by group, version, plural.
import type { ResourceDefinition } from '../resources/types.js';
import type { Store } from '../storage/interface.js';
import { ObjectCodec, type ValueTransformer } from './codec.js';
import { GenericStore } from './generic-store.js';
import { resourcePrefix } from './keys.js';
import { NamespaceCache } from './namespace-cache.js';
import { SerializedObjectCache } from './serialized-object-cache.js';
import { ResourceWatcher } from './watch.js';

export interface ServedResource {
  def: ResourceDefinition<any>;
  store: GenericStore;
  watcher: ResourceWatcher;
}

export class ApiRegistry {
  private readonly byPath = new Map<string, ServedResource>();
  private readonly byKind = new Map<string, ServedResource>();
  private readonly namespaces?: NamespaceCache;

  constructor(
    definitions: ResourceDefinition<any>[], storage: Store, transformer?: ValueTransformer,
    serializedCache = new SerializedObjectCache(),
  ) {
    // One codec and one cache for every kind, so the cache's bound is the server's.
    const codec = new ObjectCodec(transformer, serializedCache);
    const namespaceDef = definitions.find((def) => def.group === '' && def.plural === 'namespaces');
    if (namespaceDef) this.namespaces = new NamespaceCache(storage, codec, resourcePrefix(namespaceDef));
    const namespaces = this.namespaces;
    for (const def of definitions) {
      const served: ServedResource = {
        def,
        store: new GenericStore(def, storage, codec, {
          namespaceLookup: def.namespaced ? namespaces?.lookup : undefined,
          observeWrite: def === namespaceDef ? (key, revision, obj) => namespaces?.observeWrite(key, revision, obj) : undefined,
        }),
        watcher: new ResourceWatcher(def, storage, codec),
      };
      this.byPath.set(`${def.group}/${def.version}/${def.plural}`, served);
      this.byKind.set(`${def.group}/${def.kind}`, served);
    }
  }

  /** Starts following the namespaces (until then, and whenever the watch is down, admission reads them live). */
  async start(): Promise<void> {
    await this.namespaces?.start();
  }

  stop(): void {
    this.namespaces?.stop();
  }

  lookup(group: string, version: string, plural: string): ServedResource | undefined {
    return this.byPath.get(`${group}/${version}/${plural}`);
  }

  /** The store of a kind, for controllers (e.g. `registry.kind('', 'ConfigMap')`). */
  kind(group: string, kind: string): ServedResource {
    const served = this.byKind.get(`${group}/${kind}`);
    if (!served) throw new Error(`kind ${group}/${kind} is not served`);
    return served;
  }

  all(): ServedResource[] {
    return [...this.byPath.values()];
  }
}
