// Filling a namespace through the API: many concurrent creates, as a real client would, so the
// store grows exactly as it does in use (and the creates' rate is itself a measurement).
import { performance } from 'node:perf_hooks';
import type { HttpClient } from './http-client.js';
import { configMapBody, namespaceBody, objectName, secretBody } from './objects.js';

export type PopulatedKind = 'configmaps' | 'secrets';

export interface PopulateResult {
  created: number;
  seconds: number;
  createsPerSecond: number;
}

export async function createNamespace(client: HttpClient, name: string): Promise<void> {
  await client.expect(201, 'POST', '/api/v1/namespaces', namespaceBody(name));
}

/** Creates objects `from` … `to - 1` (see objectName) with `concurrency` requests in flight. */
export async function populate(
  client: HttpClient, namespace: string, kind: PopulatedKind, from: number, to: number, concurrency: number,
): Promise<PopulateResult> {
  const path = `/api/v1/namespaces/${namespace}/${kind}`;
  const body = kind === 'configmaps' ? (i: number) => configMapBody(objectName(i)) : (i: number) => secretBody(objectName(i));
  let next = from;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < to) {
      const i = next++;
      await client.expect(201, 'POST', path, body(i));
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const created = Math.max(0, to - from);
  return { created, seconds, createsPerSecond: seconds > 0 ? created / seconds : NaN };
}

/**
 * A time allowance for filling stores: a fill whose projected time (at the last measured
 * create rate) does not fit in what is left is skipped rather than let the run overrun.
 */
export class FillBudget {
  private spentSeconds = 0;
  private lastRate: number | undefined;

  constructor(private readonly seconds: number) {}

  /** Does filling `count` more objects fit in what is left (always, before any rate is known)? */
  fits(count: number): boolean {
    if (this.lastRate === undefined) return true;
    return count / this.lastRate <= this.seconds - this.spentSeconds;
  }

  /** Projected seconds to fill `count` objects at the last rate (NaN before any). */
  projectedSeconds(count: number): number {
    return this.lastRate ? count / this.lastRate : NaN;
  }

  record(fill: PopulateResult): void {
    this.spentSeconds += fill.seconds;
    if (fill.created > 0) this.lastRate = fill.createsPerSecond;
  }
}
