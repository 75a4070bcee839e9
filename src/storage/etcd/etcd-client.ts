// The etcd client a Store talks through. Three choices differ from the etcd3 library's defaults:
// - no circuit breaker and no blanket retry: the breaker keeps a recovered etcd unused for
//   seconds, and retrying any failed write could apply it twice; the store retries itself,
//   where that is safe (see `neverSent`);
// - every unary call has a deadline, so a hung member yields Unavailable instead of a stuck request;
// - gRPC keepalive (as kube-apiserver sets it) notices a silently dead member under a watch stream,
//   and a short reconnect backoff brings a restarted member back quickly;
// - no limit on the size of a response (gRPC's default is 4 MiB), as kube-apiserver sets it:
//   an unpaged list easily returns more.
import { readFile } from 'node:fs/promises';
import { Etcd3, type IOptions } from 'etcd3';

export interface EtcdTlsFiles {
  /** CA bundle that signed the etcd server certificates (default: the system's roots). */
  caFile?: string;
  /** Client certificate and its key, for etcd's client-cert-auth. */
  certFile?: string;
  keyFile?: string;
}

export interface EtcdConnectionOptions {
  /** Client URLs, e.g. https://10.0.0.1:2379. */
  endpoints: string[];
  tls?: EtcdTlsFiles;
}

/** How long one unary request may take before it counts as Unavailable. */
export const REQUEST_TIMEOUT_MS = 15_000;

type Policy = NonNullable<NonNullable<IOptions['faultHandling']>['global']>;

/** The policy never cancels a call (deadlines do), so every call shares one signal that never fires. */
const NEVER_ABORTED = new AbortController().signal;

/** Runs each call once: no retry, no circuit breaker. */
const passThrough: Policy = {
  _altReturn: undefined as never,
  onSuccess: () => ({ dispose: () => {} }),
  onFailure: () => ({ dispose: () => {} }),
  execute: async (fn) => fn({ signal: NEVER_ABORTED }),
};

export async function connectEtcd(options: EtcdConnectionOptions): Promise<Etcd3> {
  if (options.endpoints.length === 0) throw new Error('etcd: no endpoints given');
  return new Etcd3({
    hosts: options.endpoints,
    ...(options.tls && { credentials: await readTlsCredentials(options.tls) }),
    faultHandling: { host: () => passThrough, global: passThrough },
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + REQUEST_TIMEOUT_MS }),
    grpcOptions: {
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 2_000,
      'grpc.max_receive_message_length': -1,
    },
  });
}

/** gRPC failures that prove a request never reached etcd, so sending it again cannot apply it twice. */
export function neverSent(err: unknown): boolean {
  return err instanceof Error && /No connection established|Channel closed before call started/.test(err.message);
}

async function readTlsCredentials(tls: EtcdTlsFiles): Promise<NonNullable<IOptions['credentials']>> {
  if (Boolean(tls.certFile) !== Boolean(tls.keyFile)) {
    throw new Error('etcd TLS: certFile and keyFile must be given together');
  }
  const [ca, cert, key] = await Promise.all([tls.caFile, tls.certFile, tls.keyFile].map(readTlsFile));
  // gRPC falls back to the system's roots when no CA is given; the library's type insists on one.
  return { rootCertificate: ca as Buffer, ...(cert && { certChain: cert }), ...(key && { privateKey: key }) };
}

async function readTlsFile(path: string | undefined): Promise<Buffer | undefined> {
  if (!path) return undefined;
  try {
    return await readFile(path);
  } catch (err) {
    throw new Error(`etcd TLS: cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
}
