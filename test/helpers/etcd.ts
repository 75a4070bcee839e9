// Starts a throwaway etcd (/usr/bin/etcd, Debian's etcd-server) on free loopback ports with a
// temporary data directory: one member, or a cluster of several whose members can be killed and
// started one by one. etcd refuses port 0, so free ports are found by binding 127.0.0.1:0 in Node
// and closing again before etcd starts.
import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ETCD_BINARY = '/usr/bin/etcd';

const HEALTHY_WITHIN_MS = 15_000;
const STOP_WITHIN_MS = 10_000;

/** Serve clients over TLS with these PEM files, requiring client certificates signed by the CA. */
export interface EtcdServerTls {
  certFile: string;
  keyFile: string;
  trustedCaFile: string;
}

export interface EtcdProcess {
  /** The member's name in its cluster. */
  name: string;
  /** Client URL, e.g. http://127.0.0.1:40123 (https:// with TLS). */
  endpoint: string;
  dataDir: string;
  /** Whether this member is the raft leader right now (its etcd_server_is_leader metric). */
  isLeader(): Promise<boolean>;
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

export interface EtcdCluster {
  members: EtcdProcess[];
  /** Every member's client URL, as Arca's --etcd-servers takes them (joined by commas). */
  endpoints: string[];
  /** The member that is raft leader now (waits through an election). */
  leader(): Promise<EtcdProcess>;
  /** Stops every member and removes the data directories; idempotent. */
  stop(): Promise<void>;
}

interface StartOptions {
  tls?: EtcdServerTls;
  /** More etcd flags, e.g. ['--max-request-bytes', '65536']. */
  extraArgs?: string[];
}

/** Another process may take a chosen port before etcd binds it: then etcd exits, and we try new ports. */
const LAUNCH_ATTEMPTS = 3;
const PORTS_PER_MEMBER = 3;
const LEADER_WITHIN_MS = 15_000;

export async function startEtcd(options: StartOptions = {}): Promise<EtcdProcess> {
  return (await launchMembers(['arca-test'], options))[0]!.handle();
}

/** A cluster of `size` members on loopback, started together and healthy (it has a leader). */
export async function startEtcdCluster(size = 3, options: StartOptions = {}): Promise<EtcdCluster> {
  const members = (await launchMembers(Array.from({ length: size }, (_, i) => `m${i + 1}`), options)).map((member) => member.handle());
  return {
    members,
    endpoints: members.map((member) => member.endpoint),
    leader: () => findLeader(members),
    stop: async () => { await Promise.all(members.map((member) => member.stop())); },
  };
}

/** Launches one member per name as one cluster, each in its own data directory. */
async function launchMembers(names: string[], options: StartOptions): Promise<EtcdMember[]> {
  await access(ETCD_BINARY).catch(() => {
    throw new Error(`${ETCD_BINARY} is missing: install it with \`apt-get install -y etcd-server\``);
  });
  const dataDirs = await Promise.all(names.map(() => mkdtemp(join(tmpdir(), 'arca-etcd-'))));
  for (let attempt = 1; ; attempt++) {
    const ports = await freePorts(PORTS_PER_MEMBER * names.length);
    const specs = names.map((name, i) => ({ name, ports: ports.slice(PORTS_PER_MEMBER * i, PORTS_PER_MEMBER * (i + 1)) }));
    const initialCluster = specs.map(({ name, ports: [, peerPort] }) => `${name}=http://127.0.0.1:${peerPort}`).join(',');
    const members = specs.map(({ name, ports: memberPorts }, i) => new EtcdMember(name, dataDirs[i]!, memberPorts, initialCluster, options));
    const launched = await Promise.allSettled(members.map((member) => member.launch()));
    const failure = launched.find((result) => result.status === 'rejected');
    if (!failure) return members;
    await Promise.all(members.map((member) => member.kill()));
    const retry = attempt < LAUNCH_ATTEMPTS && members.some((member) => member.exitedEarly);
    // New members must not find the half-made data of the ones that failed.
    await Promise.all(dataDirs.map((dir) => (retry ? rm(join(dir, 'member'), { recursive: true, force: true }) : rm(dir, { recursive: true, force: true }))));
    if (retry) continue;
    throw failure.reason;
  }
}

async function findLeader(members: EtcdProcess[]): Promise<EtcdProcess> {
  const deadline = Date.now() + LEADER_WITHIN_MS;
  while (Date.now() < deadline) {
    const leaders = await Promise.all(members.map((member) => member.isLeader().catch(() => false)));
    const index = leaders.indexOf(true);
    if (index >= 0) return members[index]!;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no etcd member became leader within ${LEADER_WITHIN_MS} ms`);
}

/** One etcd member on fixed ports and a fixed data directory, which can be stopped and started again. */
class EtcdMember {
  readonly endpoint: string;
  /** Plain-HTTP /health and /metrics, even when clients must use TLS. */
  private readonly metricsUrl: string;
  private readonly args: string[];
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stderr = '';
  private removed = false;
  /** The last launch failed because etcd exited (e.g. a port was taken), not because it hung. */
  exitedEarly = false;

  constructor(
    private readonly name: string,
    private readonly dataDir: string,
    [clientPort, peerPort, metricsPort]: number[],
    initialCluster: string,
    { tls, extraArgs = [] }: StartOptions,
  ) {
    this.endpoint = `${tls ? 'https' : 'http'}://127.0.0.1:${clientPort}`;
    this.metricsUrl = `http://127.0.0.1:${metricsPort}`;
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    this.args = [
      '--name', name,
      '--data-dir', join(dataDir, 'member'),
      '--listen-client-urls', this.endpoint,
      '--advertise-client-urls', this.endpoint,
      '--listen-peer-urls', peerUrl,
      '--initial-advertise-peer-urls', peerUrl,
      '--initial-cluster', initialCluster,
      '--initial-cluster-token', 'arca-test',
      '--listen-metrics-urls', this.metricsUrl,
      '--logger', 'zap',
      '--log-level', 'warn',
      ...(tls ? ['--cert-file', tls.certFile, '--key-file', tls.keyFile, '--trusted-ca-file', tls.trustedCaFile, '--client-cert-auth'] : []),
      ...extraArgs,
    ];
  }

  async launch(): Promise<void> {
    const started = spawn(ETCD_BINARY, this.args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = started;
    this.exited = new Promise((resolve) => started.once('exit', () => resolve()));
    started.stderr!.setEncoding('utf8').on('data', (chunk: string) => { this.stderr += chunk; });
    try {
      await waitUntilHealthy(this.metricsUrl, this.exited);
    } catch (err) {
      this.exitedEarly = started.exitCode !== null || started.signalCode !== null;
      await this.kill();
      throw new Error(`${(err as Error).message}; etcd log:\n${this.stderr}`, { cause: err });
    }
  }

  handle(): EtcdProcess {
    return {
      name: this.name,
      endpoint: this.endpoint,
      dataDir: this.dataDir,
      isLeader: async () => {
        const metrics = await (await fetch(`${this.metricsUrl}/metrics`, { signal: AbortSignal.timeout(1000) })).text();
        return /^etcd_server_is_leader 1$/m.test(metrics);
      },
      log: () => this.stderr,
      stop: async () => {
        await this.signal('SIGTERM');
        if (this.removed) return;
        this.removed = true;
        await rm(this.dataDir, { recursive: true, force: true });
      },
      kill9: () => this.kill(),
      halt: () => this.signal('SIGTERM'),
      start: async () => {
        if (this.removed) throw new Error('etcd was stopped for good; its data directory is gone');
        await this.signal('SIGTERM');
        await this.launch();
      },
    };
  }

  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  private async signal(name: NodeJS.Signals): Promise<void> {
    const running = this.child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    running.kill(name);
    const timer = setTimeout(() => running.kill('SIGKILL'), STOP_WITHIN_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Ports nobody listens on right now (all held open together, so they are distinct). */
export async function freePorts(count: number): Promise<number[]> {
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
async function waitUntilHealthy(healthUrl: string, exited: Promise<void>): Promise<void> {
  let hasExited = false;
  void exited.then(() => { hasExited = true; });
  const deadline = Date.now() + HEALTHY_WITHIN_MS;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`etcd exited before it became healthy (${healthUrl}/health)`);
    try {
      const response = await fetch(`${healthUrl}/health`, { signal: AbortSignal.timeout(1000) });
      const body = await response.text();
      if (response.ok && (JSON.parse(body) as { health?: string }).health === 'true') return;
      lastProblem = `${response.status} ${body}`;
    } catch (err) {
      lastProblem = (err as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`etcd did not become healthy at ${healthUrl}/health within ${HEALTHY_WITHIN_MS} ms (${lastProblem})`);
}
