// pods/log: the API server's part of `kubectl logs` (pod.LogLocation): check the container, find
// the node agent's endpoint in the Node's status and stream its /containerLogs answer through.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { errors, StatusError } from '../../machinery/status.js';
import type { CustomHandler, CustomResponse } from '../types.js';
import type { Pod } from './schema.js';

const FORWARDED_FLAGS = ['follow', 'previous', 'timestamps'];
const FORWARDED_VALUES = ['sinceSeconds', 'sinceTime', 'tailLines', 'limitBytes'];

/** validateContainer: the named container, or the only one; BadRequest otherwise. */
export function logContainer(pod: Pod, requested: string): string {
  const name = pod.metadata.name ?? '';
  const containers = pod.spec?.containers ?? [];
  const all = [...(pod.spec?.initContainers ?? []), ...containers].map((c) => c.name);
  if (!requested) {
    if (containers.length === 1) return containers[0]!.name;
    if (containers.length === 0) throw errors.badRequest(`pod ${name} does not have a container`);
    throw errors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]`);
  }
  if (!all.includes(requested)) throw errors.badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

/** The kubelet's answer for a container it has no logs for yet, when the pod status tells. */
export function waitingContainerError(pod: Pod, container: string): string {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const reason = statuses.find((s) => s.name === container)?.state?.waiting?.reason;
  const quoted = `container ${JSON.stringify(container)} in pod ${JSON.stringify(pod.metadata.name ?? '')}`;
  if (reason === 'ErrImagePull') return `${quoted} is waiting to start: image can't be pulled`;
  if (reason === 'ImagePullBackOff') return `${quoted} is waiting to start: trying and failing to pull image`;
  return reason ? `${quoted} is waiting to start: ${reason}` : `${quoted} is not available`;
}

/** `http://<InternalIP>:<daemon port>` of a Node, when it published one. */
export function nodeDaemonEndpoint(node: { status?: Record<string, any> }): string | undefined {
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  const ip = (node.status?.addresses ?? []).find((a: { type?: string }) => a.type === 'InternalIP')?.address;
  if (!port || !ip) return undefined;
  return `http://${ip.includes(':') ? `[${ip}]` : ip}:${port}`;
}

export const podLogs: CustomHandler = async (request): Promise<CustomResponse> => {
  const registry = request.registry;
  if (!registry) throw errors.internal('pods/log needs the registry');
  const pod = (await registry.kind('', 'Pod').store.get(request.namespace, request.name!)) as Pod;
  const container = logContainer(pod, request.query.get('container') ?? '');
  const { res } = request.http;
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) {
    // An unscheduled pod has no logs yet: an empty answer, as upstream's nil location gives.
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end();
    return { streamed: true };
  }
  const node = await registry.kind('', 'Node').store.get(undefined, nodeName);
  const endpoint = nodeDaemonEndpoint(node as { status?: Record<string, any> });
  if (!endpoint) throw errors.badRequest(waitingContainerError(pod, container));
  const params = new URLSearchParams();
  for (const flag of FORWARDED_FLAGS) if (request.query.get(flag) === 'true') params.set(flag, 'true');
  for (const key of FORWARDED_VALUES) {
    const value = request.query.get(key);
    if (value !== null) params.set(key, value);
  }
  const query = params.toString();
  const path = `/containerLogs/${encodeURIComponent(pod.metadata.namespace ?? '')}/${encodeURIComponent(pod.metadata.name ?? '')}/${encodeURIComponent(container)}`;
  const upstream = await openUpstream(`${endpoint}${path}${query ? `?${query}` : ''}`);
  if ((upstream.statusCode ?? 500) >= 300) {
    const text = (await readAll(upstream)).trim();
    throw upstream.statusCode === 400 ? errors.badRequest(text) : errors.unknown(text, upstream.statusCode);
  }
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  upstream.pipe(res);
  request.http.req.on('close', () => upstream.destroy());
  await new Promise<void>((resolve) => { res.on('close', resolve); upstream.on('end', resolve); upstream.on('error', () => resolve()); });
  return { streamed: true };
};

function openUpstream(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'GET' }, resolve);
    req.on('error', (e) => reject(new StatusError(errors.unknown(`Get ${JSON.stringify(url)}: ${e.message}`).status)));
    req.end();
  });
}

/** The whole body of an agent's (short, textual) answer. */
export function readAll(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    stream.setEncoding('utf8').on('data', (d: string) => { text += d; }).on('end', () => resolve(text)).on('error', () => resolve(text));
  });
}
