// wrk (Debian package `wrk`): a C load generator, far cheaper per request than a Node one, used
// where it can speak the protocol (plain HTTP; it has no client certificates).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LoadResult } from './closed-loop.js';

const run = promisify(execFile);
export const WRK = '/usr/bin/wrk';

export interface WrkOptions {
  connections: number;
  threads: number;
  durationS: number;
}

export async function runWrk(url: string, options: WrkOptions): Promise<LoadResult> {
  const { stdout } = await run(WRK, [
    `-t${options.threads}`, `-c${options.connections}`, `-d${options.durationS}s`, '--latency', url,
  ]);
  const parsed = parseWrkOutput(stdout);
  if (parsed.failures > 0) throw new Error(`wrk ${url}: ${parsed.failures} failed requests\n${stdout}`);
  return {
    concurrency: options.connections,
    seconds: options.durationS,
    throughput: parsed.requestsPerSecond,
    count: parsed.requests,
    p50Ms: parsed.p50Ms,
    p99Ms: parsed.p99Ms,
    maxMs: parsed.maxMs,
  };
}

export interface WrkSummary {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Non-2xx/3xx responses plus socket errors. */
  failures: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function durationMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!m) throw new Error(`unparseable wrk duration ${JSON.stringify(text)}`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

/** Reads wrk's `--latency` report. */
export function parseWrkOutput(out: string): WrkSummary {
  const need = (re: RegExp, what: string): RegExpExecArray => {
    const m = re.exec(out);
    if (!m) throw new Error(`wrk output has no ${what}:\n${out}`);
    return m;
  };
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    requests: Number(need(/(\d+) requests in/, 'request count')[1]),
    requestsPerSecond: Number(need(/Requests\/sec:\s+([\d.]+)/, 'Requests/sec')[1]),
    p50Ms: durationMs(need(/^\s+50%\s+(\S+)/m, '50% latency')[1]!),
    p99Ms: durationMs(need(/^\s+99%\s+(\S+)/m, '99% latency')[1]!),
    maxMs: durationMs(need(/^\s+Latency\s+\S+\s+\S+\s+(\S+)/m, 'max latency')[1]!),
    failures: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0)
      + (socketErrors ? socketErrors.slice(1).reduce((n, s) => n + Number(s), 0) : 0),
  };
}
