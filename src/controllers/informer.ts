// A minimal in-process informer for controllers: watch a resource (initial state included) and
// call back per event; restart from the current state if the watch ends. Controllers are API
// clients in spirit: they act only through the registry's verbs, never on storage directly.
// The initial state comes from the watch, which reads it in pages of 500 at one revision (as
// client-go's reflector lists with limit + continue), so an informer selecting a few of 100k
// Secrets holds one page of them at a time, not all.
import type { KubeObject } from '../machinery/object.js';
import type { ServedResource } from '../registry/api-registry.js';
import type { ApiWatchEvent } from '../registry/watch.js';
import type { Selection } from '../registry/selection.js';

export interface Informer { stop(): void }

export function inform(
  served: ServedResource, selection: Selection, onEvent: (type: ApiWatchEvent['type'], obj: KubeObject) => void,
  onError: (err: unknown) => void,
): Informer {
  let stopWatch: (() => void) | undefined;
  let stopped = false;
  const start = () => {
    if (stopped) return;
    served.watcher.watch(undefined, { ...selection }, {
      send: (events) => {
        for (const e of events) {
          if (e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED') onEvent(e.type, e.object as KubeObject);
        }
      },
      end: () => { if (!stopped) setTimeout(start, 100); },
    }).then((stop) => {
      if (stopped) stop();
      else stopWatch = stop;
    }, (err) => {
      onError(err);
      if (!stopped) setTimeout(start, 1000);
    });
  };
  start();
  return { stop: () => { stopped = true; stopWatch?.(); } };
}

/** Runs `work(key)` for queued keys one at a time; a key queued while running runs again after. */
export class WorkQueue {
  private readonly pending = new Set<string>();
  private running = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly work: (key: string) => Promise<void>, private readonly onError: (key: string, err: unknown) => void) {}

  add(key: string): void {
    this.pending.add(key);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.pending.size) {
      const key = this.pending.values().next().value as string;
      this.pending.delete(key);
      try {
        await this.work(key);
      } catch (err) {
        this.onError(key, err);
        setTimeout(() => this.add(key), 500);
      }
    }
    this.running = false;
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
