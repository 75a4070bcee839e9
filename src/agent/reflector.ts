// List-then-watch of one collection (client-go's Reflector): list, deliver the state, watch from the
// list's resourceVersion, resume from the last seen version when a watch ends, and relist when the
// server says that version is gone (410 Expired / Gone).
import { ApiError, queryString, type ApiClient, type WatchEvent } from './api-client.js';

export interface ReflectorHandlers<T> {
  /** The full current state after every (re)list: objects by name (namespace/name when cluster-wide). */
  onSync?(objects: Map<string, T>): void;
  onAdd?(object: T): void;
  onUpdate?(object: T): void;
  onDelete?(object: T): void;
  onError?(error: unknown): void;
}

export interface Reflector<T> {
  /** The latest known object by key. */
  readonly items: ReadonlyMap<string, T>;
  /** Resolves after the first list has been delivered. */
  readonly synced: Promise<void>;
  stop(): void;
}

interface Listed<T> { metadata?: { resourceVersion?: string }; items?: T[] }
interface Named { metadata?: { name?: string; namespace?: string; resourceVersion?: string } }

const RETRY_DELAY_MS = 200;

export function objectKey(object: Named): string {
  const { namespace, name } = object.metadata ?? {};
  return namespace ? `${namespace}/${name}` : `${name}`;
}

const isGone = (e: unknown) => e instanceof ApiError && (e.code === 410 || e.reason === 'Expired' || e.reason === 'Gone');

/** `collectionPath` is e.g. `/api/v1/pods`; `selectors` are fieldSelector / labelSelector. */
export function reflect<T extends Named>(client: ApiClient, collectionPath: string,
  selectors: { fieldSelector?: string; labelSelector?: string }, handlers: ReflectorHandlers<T>): Reflector<T> {
  const items = new Map<string, T>();
  const abort = new AbortController();
  let markSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => { markSynced = resolve; });

  async function list(): Promise<string> {
    const answer = await client.request<Listed<T>>('GET', collectionPath + queryString(selectors));
    const fresh = new Map((answer.items ?? []).map((o) => [objectKey(o), o] as const));
    for (const [key, old] of items) if (!fresh.has(key)) { items.delete(key); handlers.onDelete?.(old); }
    for (const [key, object] of fresh) {
      const known = items.has(key);
      items.set(key, object);
      if (known) handlers.onUpdate?.(object); else handlers.onAdd?.(object);
    }
    handlers.onSync?.(items);
    markSynced();
    return answer.metadata?.resourceVersion ?? '';
  }

  function apply(event: WatchEvent<T>): string | undefined {
    if (event.type === 'ERROR') throw new ApiError((event.object as any)?.code ?? 500, (event.object as any)?.reason ?? '', event.object);
    const version = event.object.metadata?.resourceVersion;
    if (event.type === 'BOOKMARK') return version;
    const key = objectKey(event.object);
    if (event.type === 'DELETED') {
      items.delete(key);
      handlers.onDelete?.(event.object);
    } else {
      const known = items.has(key);
      items.set(key, event.object);
      if (known) handlers.onUpdate?.(event.object); else handlers.onAdd?.(event.object);
    }
    return version;
  }

  async function run(): Promise<void> {
    let version: string | undefined;
    while (!abort.signal.aborted) {
      try {
        if (version === undefined) version = await list();
        const path = collectionPath + queryString({ ...selectors, watch: 1, resourceVersion: version, allowWatchBookmarks: true });
        await client.watch(path, (event) => { version = apply(event as WatchEvent<T>) ?? version; }, abort.signal);
      } catch (e) {
        if (abort.signal.aborted) return;
        if (isGone(e)) version = undefined;
        else {
          handlers.onError?.(e);
          await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
        }
      }
    }
  }

  void run();
  return { items, synced, stop: () => abort.abort() };
}
