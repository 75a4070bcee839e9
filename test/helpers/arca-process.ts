// Starts the real `arca` CLI as a child process on a free port with a temporary data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ARCA_MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface ArcaProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  stdout(): string;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  /** SIGKILL and wait (no shutdown path runs). */
  kill9(): Promise<void>;
  /** Stops and removes the data directory. */
  cleanup(): Promise<void>;
}

export function tempDir(prefix = 'arca-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** `arca server` (plain HTTP on loopback); resolves once it prints its URL. */
export async function startArcaServerProcess(opts: { dataDir?: string; args?: string[] } = {}): Promise<ArcaProcess> {
  const dataDir = opts.dataDir ?? tempDir();
  const child = spawn(process.execPath, [ARCA_MAIN, 'server', '--data-dir', dataDir, '--port', '0', ...(opts.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { err += d; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`arca server did not start in 20s; stderr:\n${err}`)), 20_000);
    const check = () => {
      const m = /listening on (\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`arca server exited with ${code}; stderr:\n${err}`)); });
  });
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url, dataDir, child,
    stderr: () => err,
    stdout: () => out,
    stop: () => stopWith('SIGTERM'),
    kill9: () => stopWith('SIGKILL'),
    async cleanup() {
      await stopWith('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
