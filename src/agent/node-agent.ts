// `arca agent`: the node agent as a whole. It registers its Node, serves container logs, watches
// the pods bound to it (fieldSelector spec.nodeName) and gives each a PodWorker, and feeds
// ConfigMap/Secret changes to the workers that read them. It acts only through the API.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createApiClient, type ApiConnection } from './api-client.js';
import { KUBELET_BACKOFF, type BackoffPolicy } from './backoff.js';
import { createEventRecorder } from './event-recorder.js';
import { startLogServer } from './log-server.js';
import { mountUnsupportedReason } from './mount-namespace.js';
import { MountPoints } from './mount-points.js';
import { hostNodeFacts, nodeResources, registerNode } from './node-registration.js';
import { ObjectCache } from './object-cache.js';
import type { Pod } from './pod-types.js';
import { PodWorker, type AgentContext } from './pod-worker.js';
import { reflect } from './reflector.js';

export interface NodeAgentOptions {
  connection: ApiConnection;
  nodeName: string;
  /** Where pod directories (volumes, logs) live. */
  rootDir: string;
  /** The node's address, also every pod's IP (host processes share the host's network). */
  hostIP?: string;
  backoff?: BackoffPolicy;
  log?: (message: string) => void;
}

export interface RunningNodeAgent {
  nodeName: string;
  kubeletPort: number;
  /** Stops every pod's processes (their pods stay in the API) and the agent. */
  stop(): Promise<void>;
}

/** Logs each distinct error message once in a row, so a retry loop does not flood the log. */
function onceEach(say: (message: string) => void): (e: unknown) => void {
  let last = '';
  return (e) => {
    const message = (e as Error).message;
    if (message !== last) say(message);
    last = message;
  };
}

export async function startNodeAgent(options: NodeAgentOptions): Promise<RunningNodeAgent> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const hostIP = options.hostIP ?? '127.0.0.1';
  const rootDir = resolve(options.rootDir);
  await mkdir(resolve(rootDir, 'pods'), { recursive: true });
  const client = createApiClient(options.connection);
  const workers = new Map<string, PodWorker>();

  const objects = new ObjectCache(client, (change) => { for (const w of workers.values()) w.objectChanged(change); }, log);
  const logs = await startLogServer((namespace, podName, container, previous) => {
    const worker = [...workers.values()].find((w) => w.matches(namespace, podName));
    return worker ? worker.logLocation(container, previous) : { error: `pod ${namespace}/${podName} is not running on node ${options.nodeName}` };
  }, hostIP, (namespace, podName, container) => {
    const worker = [...workers.values()].find((w) => w.matches(namespace, podName));
    return worker ? worker.execTarget(container) : { error: `pod ${namespace}/${podName} is not running on node ${options.nodeName}` };
  });
  const facts = hostNodeFacts(options.nodeName, hostIP, logs.port);
  const heartbeat = registerNode(client, facts, log);
  await heartbeat.firstAttempt;

  const ctx: AgentContext = {
    client, nodeName: options.nodeName, hostIP, rootDir,
    node: { allocatable: nodeResources(facts), hostIPs: [hostIP] },
    objects, events: createEventRecorder(client, options.nodeName, log), mountPoints: new MountPoints(),
    backoff: options.backoff ?? KUBELET_BACKOFF,
    mountUnsupported: mountUnsupportedReason(process.platform, process.getuid?.()),
    log,
  };

  const upsert = (pod: Pod) => {
    const uid = pod.metadata.uid!;
    const worker = workers.get(uid);
    if (worker) { worker.update(pod); return; }
    const fresh = new PodWorker(ctx, pod);
    workers.set(uid, fresh);
    if (pod.metadata.deletionTimestamp) fresh.update(pod);
  };
  const remove = (pod: Pod) => {
    const worker = workers.get(pod.metadata.uid!);
    if (!worker) return;
    void worker.terminate((pod.spec.terminationGracePeriodSeconds ?? 30) * 1000, false).then(() => workers.delete(pod.metadata.uid!));
  };
  const pods = reflect<Pod>(client, '/api/v1/pods', { fieldSelector: `spec.nodeName=${options.nodeName}` }, {
    onAdd: upsert, onUpdate: upsert, onDelete: remove,
    onError: onceEach((m) => log(`arca agent: watching pods: ${m}`)),
  });

  return {
    nodeName: options.nodeName,
    kubeletPort: logs.port,
    async stop() {
      pods.stop();
      heartbeat.stop();
      await Promise.all([...workers.values()].map((w) => w.terminate(2000, false)));
      objects.stop();
      await logs.close();
    },
  };
}
