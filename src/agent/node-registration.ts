// The agent's Node: registered at start (or taken over when it exists), its status heartbeated, so
// the scheduler sees a Ready node and the API server knows where to proxy pod logs.
import { arch, cpus, release, totalmem } from 'node:os';
import { ApiError, type ApiClient } from './api-client.js';

export const HEARTBEAT_INTERVAL_MS = 10_000;
const RETRY_MS = 1000;
export const KUBELET_VERSION = 'v1.32.0-arca';

export interface NodeFacts {
  nodeName: string;
  hostIP: string;
  /** The agent's own HTTP port (containerLogs). */
  kubeletPort: number;
  cpuCount: number;
  memoryBytes: number;
}

export function hostNodeFacts(nodeName: string, hostIP: string, kubeletPort: number): NodeFacts {
  return { nodeName, hostIP, kubeletPort, cpuCount: cpus().length, memoryBytes: totalmem() };
}

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };

/** The node's allocatable resources as Kubernetes writes them (`2`, `24576000Ki`, `110`). */
export function nodeResources(facts: NodeFacts): Record<string, string> {
  return { cpu: String(facts.cpuCount), memory: `${Math.floor(facts.memoryBytes / 1024)}Ki`, pods: '110' };
}

export function nodeStatus(facts: NodeFacts, now: string, readySince: string): Record<string, unknown> {
  const condition = (type: string, status: string, reason: string, message: string, since: string) =>
    ({ type, status, lastHeartbeatTime: now, lastTransitionTime: since, reason, message });
  return {
    capacity: nodeResources(facts),
    allocatable: nodeResources(facts),
    conditions: [
      condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', readySince),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', readySince),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', readySince),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', readySince),
    ],
    addresses: [{ type: 'InternalIP', address: facts.hostIP }, { type: 'Hostname', address: facts.nodeName }],
    daemonEndpoints: { kubeletEndpoint: { Port: facts.kubeletPort } },
    nodeInfo: {
      machineID: '', systemUUID: '', bootID: '',
      kernelVersion: release(), osImage: 'arca host processes', containerRuntimeVersion: 'arca://0.1.0',
      kubeletVersion: KUBELET_VERSION, kubeProxyVersion: '', operatingSystem: 'linux', architecture: GO_ARCH[arch()] ?? arch(),
    },
  };
}

export function nodeObject(facts: NodeFacts, now: string): Record<string, unknown> {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      name: facts.nodeName,
      labels: {
        'kubernetes.io/hostname': facts.nodeName, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': GO_ARCH[arch()] ?? arch(),
        'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': GO_ARCH[arch()] ?? arch(),
      },
    },
    spec: {},
    status: nodeStatus(facts, now, now),
  };
}

const timestamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Registers the node and heartbeats its status until stopped. Registration is retried until the
 * server accepts it; `firstAttempt` settles after the first try either way.
 */
export function registerNode(client: ApiClient, facts: NodeFacts, log: (m: string) => void,
  intervalMs = HEARTBEAT_INTERVAL_MS): { firstAttempt: Promise<void>; stop(): void } {
  const readySince = timestamp();
  const path = `/api/v1/nodes/${encodeURIComponent(facts.nodeName)}`;
  let registered = false;
  let lastError = '';
  const beat = () => client.request('PATCH', `${path}/status`, {
    body: { status: nodeStatus(facts, timestamp(), readySince) }, contentType: 'application/merge-patch+json',
  });
  const attempt = async () => {
    try {
      if (!registered) {
        await client.request('POST', '/api/v1/nodes', { body: nodeObject(facts, readySince) })
          .catch((e) => { if (!(e instanceof ApiError && e.code === 409)) throw e; });
        registered = true;
      }
      await beat();
      lastError = '';
    } catch (e) {
      // Said once per distinct failure: an API without Nodes yet would otherwise flood the log.
      const message = (e as Error).message;
      if (message !== lastError) log(`arca agent: registering node ${facts.nodeName}: ${message}`);
      lastError = message;
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => { void attempt().then(schedule); }, registered && lastError === '' ? intervalMs : Math.min(intervalMs, RETRY_MS));
    timer.unref();
  };
  const firstAttempt = attempt().then(schedule);
  return { firstAttempt, stop: () => { stopped = true; clearTimeout(timer); } };
}
