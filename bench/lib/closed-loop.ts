// The Node load generator: `concurrency` workers, each issuing its next operation as soon as the
// previous one answers, for a fixed time. Latency is measured per operation; any failed
// operation aborts the run (a benchmark with errors measures the errors).
import { performance } from 'node:perf_hooks';
import { summarizeLatencies, type LatencySummary } from './stats.js';

export interface LoadResult extends LatencySummary {
  concurrency: number;
  seconds: number;
  /** Completed operations per second. */
  throughput: number;
}

/** One operation of worker `worker` (its `iteration`-th); throws on failure. */
export type Operation = (worker: number, iteration: number) => Promise<void>;

export async function runClosedLoop(concurrency: number, durationMs: number, op: Operation): Promise<LoadResult> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    for (let i = 0; performance.now() < deadline; i++) {
      const t0 = performance.now();
      await op(worker, i);
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  return { concurrency, seconds, throughput: latencies.length / seconds, ...summarizeLatencies(latencies) };
}

/** A short unmeasured run first (JIT, connection set-up), then the measured one. */
export async function warmThenRun(concurrency: number, warmupMs: number, durationMs: number, op: Operation): Promise<LoadResult> {
  await runClosedLoop(concurrency, warmupMs, op);
  return runClosedLoop(concurrency, durationMs, op);
}
