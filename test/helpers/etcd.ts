// Starts a throwaway single-member etcd (/usr/bin/etcd, Debian's etcd-server) on free loopback
// ports with a temporary data directory. etcd refuses port 0, so free ports are found by
// binding 127.0.0.1:0 in Node and closing again before etcd starts.
import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ETCD_BINARY = '/usr/bin/etcd';

const HEALTHY_WITHIN_MS = 15_000;
const STOP_WITHIN_MS = 10_000;

export interface EtcdProcess {
  /** Client URL, e.g. http://127.0.0.1:40123. */
  endpoint: string;
  dataDir: string;
  /** Everything etcd wrote to stderr so far (its log). */
  log(): string;
  /** Stops etcd (SIGTERM) and removes its data directory; idempotent. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown path runs; the data directory stays for `start`. */
  kill9(): Promise<void>;
  /** SIGTERM and wait; the data directory stays for `start`. */
  halt(): Promise<void>;
  /** Starts the halted or killed member again on the same ports and data directory, waiting until healthy. */
  start(): Promise<void>;
}

export async function startEtcd(): Promise<EtcdProcess> {
  await access(ETCD_BINARY).catch(() => {
    throw new Error(`${ETCD_BINARY} is missing: install it with \`apt-get install -y etcd-server\``);
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'arca-etcd-'));
  const [clientPort, peerPort] = await freePorts(2);
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name', 'arca-test',
    '--data-dir', join(dataDir, 'member'),
    '--listen-client-urls', endpoint,
    '--advertise-client-urls', endpoint,
    '--listen-peer-urls', peerUrl,
    '--initial-advertise-peer-urls', peerUrl,
    '--initial-cluster', `arca-test=${peerUrl}`,
    '--logger', 'zap',
    '--log-level', 'warn',
  ];

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let stderr = '';
  let removed = false;

  const launch = async () => {
    const started = spawn(ETCD_BINARY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = started;
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    started.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    try {
      await waitUntilHealthy(endpoint, exited);
    } catch (err) {
      await signal('SIGKILL');
      throw new Error(`${(err as Error).message}; etcd log:\n${stderr}`);
    }
  };

  const signal = async (name: NodeJS.Signals) => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    running.kill(name);
    const timer = setTimeout(() => running.kill('SIGKILL'), STOP_WITHIN_MS);
    await exited;
    clearTimeout(timer);
  };

  try {
    await launch();
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    endpoint,
    dataDir,
    log: () => stderr,
    async stop() {
      await signal('SIGTERM');
      if (removed) return;
      removed = true;
      await rm(dataDir, { recursive: true, force: true });
    },
    kill9: () => signal('SIGKILL'),
    halt: () => signal('SIGTERM'),
    async start() {
      if (removed) throw new Error('etcd was stopped for good; its data directory is gone');
      await signal('SIGTERM');
      await launch();
    },
  };
}

/** Ports nobody listens on right now (all held open together, so they are distinct). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  })));
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Polls etcd's /health until it reports healthy; fails early if etcd exits. */
async function waitUntilHealthy(endpoint: string, exited: Promise<void>): Promise<void> {
  let hasExited = false;
  void exited.then(() => { hasExited = true; });
  const deadline = Date.now() + HEALTHY_WITHIN_MS;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`etcd exited before it became healthy at ${endpoint}`);
    try {
      const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
      const body = await response.text();
      if (response.ok && (JSON.parse(body) as { health?: string }).health === 'true') return;
      lastProblem = `${response.status} ${body}`;
    } catch (err) {
      lastProblem = (err as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`etcd at ${endpoint} did not become healthy within ${HEALTHY_WITHIN_MS} ms (${lastProblem})`);
}
