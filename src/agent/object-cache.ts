// The ConfigMaps and Secrets pods on this node consume, kept current by one watch per object
// (`fieldSelector=metadata.name=<name>`, the kubelet's Watch strategy), shared and counted across
// pods. A change of content is reported at once, so volumes are rewritten within milliseconds.
// An object seen immutable is kept and its watch stopped: it can no longer change.
import { ApiError, type ApiClient } from './api-client.js';
import type { ConfigMap, Secret } from './pod-types.js';
import { reflect, type Reflector } from './reflector.js';

export type SourceKind = 'configmap' | 'secret';
type Source = ConfigMap | Secret;

export interface ObjectChange { kind: SourceKind; namespace: string; name: string }

interface Entry {
  holders: number;
  reflector?: Reflector<Source>;
  object?: Source;
  forbidden: boolean;
  synced: Promise<void>;
}

const keyOf = (kind: SourceKind, namespace: string, name: string) => `${kind}/${namespace}/${name}`;
const contentOf = (o: Source | undefined) => JSON.stringify(o ? [(o as any).data, (o as any).binaryData, o.immutable] : null);

export class ObjectCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly client: ApiClient, private readonly onChange: (change: ObjectChange) => void,
    private readonly log: (m: string) => void) {}

  /** Starts (or shares) the watch of one object; resolves once its first list answered. */
  acquire(kind: SourceKind, namespace: string, name: string): Promise<void> {
    const key = keyOf(kind, namespace, name);
    const existing = this.entries.get(key);
    if (existing) { existing.holders++; return existing.synced; }
    const entry: Entry = { holders: 1, forbidden: false, synced: Promise.resolve() };
    this.entries.set(key, entry);
    const resource = kind === 'configmap' ? 'configmaps' : 'secrets';
    // The first list only fills the entry: whoever acquired it reads it once synced.
    let listed = false;
    const change = (object: Source | undefined) => {
      const before = contentOf(entry.object);
      entry.object = object;
      entry.forbidden = false;
      if (object?.immutable === true) { entry.reflector?.stop(); entry.reflector = undefined; }
      if (listed && contentOf(object) !== before) this.onChange({ kind, namespace, name });
    };
    entry.reflector = reflect<Source>(this.client, `/api/v1/namespaces/${encodeURIComponent(namespace)}/${resource}`,
      { fieldSelector: `metadata.name=${name}` }, {
        onSync: () => { listed = true; },
        onAdd: change, onUpdate: change,
        onDelete: () => change(undefined),
        onError: (e) => {
          if (e instanceof ApiError && e.code === 403) entry.forbidden = true;
          else this.log(`arca agent: watching ${kind} ${namespace}/${name}: ${(e as Error).message}`);
        },
      });
    entry.synced = entry.reflector.synced;
    return entry.synced;
  }

  release(kind: SourceKind, namespace: string, name: string): void {
    const key = keyOf(kind, namespace, name);
    const entry = this.entries.get(key);
    if (!entry || --entry.holders > 0) return;
    entry.reflector?.stop();
    this.entries.delete(key);
  }

  /** The current object, undefined when it does not exist, or 'forbidden'. */
  get<T extends Source>(kind: SourceKind, namespace: string, name: string): T | undefined | 'forbidden' {
    const entry = this.entries.get(keyOf(kind, namespace, name));
    if (entry?.forbidden) return 'forbidden';
    return entry?.object as T | undefined;
  }

  stop(): void {
    for (const entry of this.entries.values()) entry.reflector?.stop();
    this.entries.clear();
  }
}
