// Arca under test, as a real process: `arca server` (plain HTTP) or `arca up` (HTTPS with the
// admin client certificate), with the time from spawn to a successful /readyz.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { clusterPkiPaths } from '../../src/pki/cluster-pki.js';
import { startNodeChild, type Child, type Memory } from './child.js';
import { HttpClient, type ClientTls } from './http-client.js';

const ARCA_MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export type ArcaMode = 'server' | 'up';

export interface ArcaOptions {
  mode: ArcaMode;
  dataDir: string;
  /** Extra `node` flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Extra `arca` flags, e.g. --storage etcd --etcd-servers URL. */
  arcaArgs?: string[];
}

export interface Arca {
  mode: ArcaMode;
  url: string;
  dataDir: string;
  /** Client TLS material (the admin certificate) for `up`; undefined for `server`. */
  tls?: ClientTls;
  /** Milliseconds from spawn to the first 200 from /readyz. */
  readyMs: number;
  memory(): Memory;
  /** A keep-alive client with `connections` connections (admin certificate over HTTPS). */
  client(connections: number): HttpClient;
  stop(): Promise<void>;
}

const READY_LINE: Record<ArcaMode, RegExp> = {
  server: /listening on (http:\/\/\S+)/,
  up: /Arca is up: (https:\/\/\S+)/,
};

export async function startArca(options: ArcaOptions): Promise<Arca> {
  const started = performance.now();
  const child: Child = await startNodeChild(
    [...(options.nodeArgs ?? []), ARCA_MAIN, options.mode, '--data-dir', options.dataDir, '--port', '0', ...(options.arcaArgs ?? [])],
    READY_LINE[options.mode],
  );
  const url = child.match[1]!;
  const tls = options.mode === 'up' ? adminTls(options.dataDir) : undefined;
  const probe = new HttpClient(url, { connections: 1, tls });
  try {
    for (;;) {
      const res = await probe.request('GET', '/readyz');
      if (res.status === 200) break;
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    probe.close();
  }
  const readyMs = performance.now() - started;
  return {
    mode: options.mode, url, dataDir: options.dataDir, tls, readyMs,
    memory: child.memory,
    client: (connections) => new HttpClient(url, { connections, tls }),
    stop: child.stop,
  };
}

function adminTls(dataDir: string): ClientTls {
  const paths = clusterPkiPaths(dataDir);
  return {
    ca: readFileSync(paths.caCert, 'utf8'),
    cert: readFileSync(paths.adminCert, 'utf8'),
    key: readFileSync(paths.adminKey, 'utf8'),
  };
}
