// A Node child process the benchmark drives (Arca, or a bare baseline server): started, waited
// for until it prints its address, measured through /proc, and stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Memory {
  /** Resident set size now. */
  rssBytes: number;
  /** The largest resident set size so far (VmHWM). */
  peakRssBytes: number;
}

export interface Child {
  pid: number;
  /** The first match of the awaited pattern in stdout. */
  match: RegExpExecArray;
  memory(): Memory;
  output(): { stdout: string; stderr: string };
  /** SIGTERM and wait for exit (a --cpu-prof child writes its profile on the way out). */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

/** Runs `node ...args` and resolves once stdout matches `ready`. */
export async function startNodeChild(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<Child> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`timed out after ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const onData = () => {
      const m = ready.exec(stdout);
      if (m) { cleanup(); resolve(m); }
    };
    const onExit = (code: number | null) => fail(new Error(`exited with ${code}`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    };
    function fail(err: Error) {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`node ${args.join(' ')}: ${err.message}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
  return {
    pid: child.pid!,
    match,
    memory: () => readMemory(child),
    output: () => ({ stdout, stderr }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function readMemory(child: ChildProcess): Memory {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM') };
}
