// Measuring Arca and its baseline in alternating rounds (A B A B A B): on a shared, noisy
// machine, background load then hits both sides alike instead of one whole side.
import type { LoadResult } from './closed-loop.js';

/** Each side's round with the median throughput (its latencies come from that same round). */
export async function alternateRounds(
  rounds: number, arca: () => Promise<LoadResult>, baseline: () => Promise<LoadResult>,
): Promise<{ arca: LoadResult; baseline: LoadResult }> {
  const a: LoadResult[] = [];
  const b: LoadResult[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(await arca());
    b.push(await baseline());
  }
  return { arca: medianRound(a), baseline: medianRound(b) };
}

export function medianRound(results: LoadResult[]): LoadResult {
  const sorted = [...results].sort((x, y) => x.throughput - y.throughput);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}
