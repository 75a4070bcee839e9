// Timing LIST requests: the whole collection in one response, or page by page with
// limit/continue. Only the request and its full response are timed; checking the answer
// (parsing it, counting items) happens outside the timed span.
import { performance } from 'node:perf_hooks';
import type { HttpClient } from './http-client.js';

export interface ListTiming {
  /** Time spent waiting for responses (all pages). */
  seconds: number;
  bytes: number;
  items: number;
  /** Per-request latencies (one for a full list). */
  requestMs: number[];
}

interface ListBody {
  metadata?: { continue?: string };
  items?: unknown[];
}

/** Lists `path` (a collection URL) completely, in pages of `pageSize` (0: one request). */
export async function timeList(client: HttpClient, path: string, pageSize: number): Promise<ListTiming> {
  const timing: ListTiming = { seconds: 0, bytes: 0, items: 0, requestMs: [] };
  let token: string | undefined;
  do {
    const query = new URLSearchParams();
    if (pageSize > 0) query.set('limit', String(pageSize));
    if (token) query.set('continue', token);
    const url = query.size ? `${path}?${query}` : path;
    const t0 = performance.now();
    const body = await client.expect(200, 'GET', url);
    const ms = performance.now() - t0;
    timing.requestMs.push(ms);
    timing.seconds += ms / 1000;
    timing.bytes += body.length;
    const list = JSON.parse(body.toString('utf8')) as ListBody;
    timing.items += list.items?.length ?? 0;
    token = pageSize > 0 ? list.metadata?.continue || undefined : undefined;
  } while (token);
  return timing;
}
