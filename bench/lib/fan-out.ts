// Watch fan-out: many watchers on one namespace, one ConfigMap updated again and again; every
// watcher must see every update exactly once, in order. Latency runs from the moment the
// update request is sent to the moment a watcher's socket delivers the event, so it includes
// the write itself. Updates go one at a time: the next is sent once every watcher has the
// previous one, so each latency is a fan-out latency and not a queue behind earlier updates.
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Arca } from './arca.js';
import type { HttpClient } from './http-client.js';
import { configMapBody, resourceVersionOf } from './objects.js';
import { summarizeLatencies, type LatencySummary } from './stats.js';

export interface FanOutOptions {
  namespace: string;
  watchers: number;
  updates: number;
}

export interface FanOutResult extends LatencySummary {
  watchers: number;
  updates: number;
  /** watchers × updates. */
  expected: number;
  /** Expected events no watcher-stream delivered (summed over watchers). */
  missed: number;
  /** Events a watcher got more than once. */
  repeated: number;
  /** Events nobody expected (another object, another type), or delivered out of order. */
  unexpected: number;
  /** Seconds to open every watch. */
  connectSeconds: number;
  /** Delivered events per second over the update phase. */
  eventsPerSecond: number;
}

/** Longest wait for one update to reach every watcher before the run goes on without it. */
const ROUND_TIMEOUT_MS = 10_000;
/** After the last update: time for late duplicates to show up. */
const SETTLE_MS = 300;
const CONNECT_BATCH = 100;

interface Delivery { type: string; rv: string; at: number }

let targets = 0;

export async function measureFanOut(arca: Arca, options: FanOutOptions): Promise<FanOutResult> {
  const writer = arca.client(1);
  const watchClient = arca.client(options.watchers);
  const name = `fan-out-${process.pid}-${targets++}`;
  const base = `/api/v1/namespaces/${options.namespace}/configmaps`;
  const streams: WatchStream[] = [];
  try {
    let rv = resourceVersionOf(await writer.expect(201, 'POST', base, configMapBody(name)));
    const startRv = rv;

    let received = 0;
    let waiting: { count: number; resolve: () => void } | undefined;
    const onDelivery = () => {
      received++;
      if (waiting && received >= waiting.count) waiting.resolve();
    };
    const connectStarted = performance.now();
    for (let i = 0; i < options.watchers; i += CONNECT_BATCH) {
      const batch = Math.min(CONNECT_BATCH, options.watchers - i);
      streams.push(...await Promise.all(Array.from({ length: batch }, () =>
        openWatchStream(watchClient, `${base}?watch=true&resourceVersion=${startRv}&timeoutSeconds=3600`, onDelivery))));
    }
    const connectSeconds = (performance.now() - connectStarted) / 1000;

    const sentAt = new Map<string, number>();
    const order: string[] = [];
    const updateStarted = performance.now();
    for (let u = 1; u <= options.updates; u++) {
      const delivered = new Promise<void>((resolve) => { waiting = { count: u * options.watchers, resolve }; });
      const t0 = performance.now();
      rv = resourceVersionOf(await writer.expect(200, 'PUT', `${base}/${name}`, configMapBody(name, u, rv)));
      sentAt.set(rv, t0);
      order.push(rv);
      if (received < u * options.watchers) {
        await Promise.race([delivered, new Promise((r) => setTimeout(r, ROUND_TIMEOUT_MS))]);
      }
      waiting = undefined;
    }
    const updateSeconds = (performance.now() - updateStarted) / 1000;
    await new Promise((r) => setTimeout(r, SETTLE_MS));

    const indexOf = new Map(order.map((v, i) => [v, i]));
    const latencies: number[] = [];
    let missed = 0;
    let repeated = 0;
    let unexpected = 0;
    for (const stream of streams) {
      const seen = new Set<string>();
      let lastIndex = -1;
      for (const d of stream.deliveries) {
        const index = indexOf.get(d.rv);
        if (d.type !== 'MODIFIED' || index === undefined) { unexpected++; continue; }
        if (seen.has(d.rv)) { repeated++; continue; }
        seen.add(d.rv);
        if (index < lastIndex) unexpected++;
        lastIndex = index;
        latencies.push(d.at - sentAt.get(d.rv)!);
      }
      missed += order.length - seen.size;
    }
    return {
      watchers: options.watchers, updates: options.updates, expected: options.watchers * options.updates,
      missed, repeated, unexpected, connectSeconds,
      eventsPerSecond: latencies.length / updateSeconds,
      ...summarizeLatencies(latencies),
    };
  } finally {
    for (const s of streams) s.close();
    watchClient.close();
    writer.close();
  }
}

interface WatchStream {
  deliveries: Delivery[];
  close(): void;
}

const RV_FIELD = '"resourceVersion":"';

/**
 * Opens one watch and records each event's type and object resourceVersion with its arrival
 * time. The lines are scanned, not parsed: JSON.parse of every event of 1,000 watchers would make
 * the load generator, not the server, the bottleneck. The first resourceVersion in a line is
 * the object's (managedFields, which precede it, hold no such key).
 */
async function openWatchStream(client: HttpClient, path: string, onDelivery: () => void): Promise<WatchStream> {
  const res: IncomingMessage = await client.stream(path);
  if (res.statusCode !== 200) {
    res.resume();
    throw new Error(`watch ${path}: status ${res.statusCode}`);
  }
  const deliveries: Delivery[] = [];
  let pending = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    const at = performance.now();
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      const type = /^\{"type":"([A-Z]+)"/.exec(line)?.[1] ?? 'UNPARSEABLE';
      const rvAt = line.indexOf(RV_FIELD);
      const rv = rvAt < 0 ? '' : line.slice(rvAt + RV_FIELD.length, line.indexOf('"', rvAt + RV_FIELD.length));
      deliveries.push({ type, rv, at });
      onDelivery();
    }
  });
  res.on('error', () => { /* closed by us at the end */ });
  return { deliveries, close: () => res.destroy() };
}
