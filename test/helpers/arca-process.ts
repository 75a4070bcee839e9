// Starts the real `arca` CLI as a child process on a free port with a temporary data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEtcd } from './etcd.js';

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

/** `arca up`: also where it wrote the admin kubeconfig (from its `export KUBECONFIG=` line). */
export interface ArcaUpProcess extends ArcaProcess {
  kubeconfig: string;
}

export function tempDir(prefix = 'arca-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export type Backend = 'sqlite' | 'etcd';

/** The backend of servers whose test names none: ARCA_TEST_BACKEND, so `npm test` can run a suite again on etcd. */
export const defaultBackend: Backend = backendFromEnv(process.env.ARCA_TEST_BACKEND);

function backendFromEnv(value: string | undefined): Backend {
  if (value === undefined || value === '' || value === 'sqlite') return 'sqlite';
  if (value === 'etcd') return 'etcd';
  throw new Error(`ARCA_TEST_BACKEND must be sqlite or etcd, not ${JSON.stringify(value)}`);
}

/**
 * `backend` defaults to `defaultBackend`. `backend: 'etcd'` starts a throwaway etcd too (stopped with Arca) and points Arca at it, or, with
 * `etcdEndpoint`, points Arca at that etcd (left running: several servers share it).
 */
interface StartOptions { dataDir?: string; args?: string[]; backend?: Backend; etcdEndpoint?: string }

/**
 * Storage for servers started one after another on one data directory: with the etcd default backend, one
 * etcd they all use (the start options to pass), which `stop` ends after them; SQLite lives in the data directory.
 */
export async function startSharedStorage(): Promise<{ options: Pick<StartOptions, 'etcdEndpoint'>; stop(): Promise<void> }> {
  if (defaultBackend !== 'etcd') return { options: {}, stop: async () => {} };
  const etcd = await startEtcd();
  return { options: { etcdEndpoint: etcd.endpoint }, stop: () => etcd.stop() };
}

/** `arca server` (plain HTTP on loopback); resolves once it prints its URL. */
export async function startArcaServerProcess(opts: StartOptions = {}): Promise<ArcaProcess> {
  return withBackend(opts, async (o) => {
    const { process, match } = await startArca('server', o, /listening on (\S+)/);
    return { ...process, url: match[1]! };
  });
}

async function withBackend<T extends ArcaProcess>(opts: StartOptions, start: (o: StartOptions) => Promise<T>): Promise<T> {
  if ((opts.backend ?? defaultBackend) !== 'etcd') return start(opts);
  if (opts.etcdEndpoint) return start({ ...opts, args: [...(opts.args ?? []), '--storage', 'etcd', '--etcd-servers', opts.etcdEndpoint] });
  const etcd = await startEtcd();
  const arca = await start({ ...opts, args: [...(opts.args ?? []), '--storage', 'etcd', '--etcd-servers', etcd.endpoint] });
  // The etcd belongs to this one process (a restart could not find it), so it ends with it whichever way:
  // left running, it would keep the test runner waiting for ever.
  const withEtcd = (end: () => Promise<void>) => async () => { await end(); await etcd.stop(); };
  return { ...arca, stop: withEtcd(arca.stop), kill9: withEtcd(arca.kill9), cleanup: withEtcd(arca.cleanup) };
}

/** `arca up` (HTTPS, client certificates, kubeconfig); resolves once it prints how to use it. */
export async function startArcaUpProcess(opts: StartOptions = {}): Promise<ArcaUpProcess> {
  return withBackend(opts, async (o) => {
    const { process, match } = await startArca('up', o, /^Arca is up: (\S+) .*\n(?:.*\n)*?\s*export KUBECONFIG=(\S+)\n/m);
    return { ...process, url: match[1]!, kubeconfig: match[2]! };
  });
}

/** Spawns `arca <command> --data-dir D --port 0` and waits until stdout matches `ready`. */
async function startArca(
  command: string, opts: StartOptions, ready: RegExp,
): Promise<{ process: Omit<ArcaProcess, 'url'>; match: RegExpExecArray }> {
  const dataDir = opts.dataDir ?? tempDir();
  const child = spawn(process.execPath, [ARCA_MAIN, command, '--data-dir', dataDir, '--port', '0', ...(opts.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { err += d; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`arca ${command} did not start in 20s; stderr:\n${err}`)), 20_000);
    const check = () => {
      const m = ready.exec(out);
      if (m) { clearTimeout(timer); resolve(m); }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`arca ${command} exited with ${code}; stderr:\n${err}`)); });
  });
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    match,
    process: {
      dataDir, child,
      stderr: () => err,
      stdout: () => out,
      stop: () => stopWith('SIGTERM'),
      kill9: () => stopWith('SIGKILL'),
      async cleanup() {
        await stopWith('SIGTERM');
        rmSync(dataDir, { recursive: true, force: true });
      },
    },
  };
}
