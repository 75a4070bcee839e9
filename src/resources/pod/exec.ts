// pods/exec: the API server's part of `kubectl exec` (pod.ExecLocation + the upgrade-aware proxy).
// Design: the API server does not speak the channel protocol. It checks the pod and container,
// finds the node agent's endpoint in the Node's status, forwards the client's upgrade request to
// the agent's /exec endpoint and, once the agent answers 101, splices the two connections byte for
// byte — as kube-apiserver proxies upgraded connections to the kubelet. Whatever WebSocket
// subprotocol (v5/v4.channel.k8s.io) the agent negotiates flows through untouched; an agent that
// refuses answers plain HTTP, which becomes a Status error here.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { errors, StatusError } from '../../machinery/status.js';
import type { CustomHandler, CustomResponse } from '../types.js';
import { logContainer, nodeDaemonEndpoint, readAll } from './log.js';
import type { Pod } from './schema.js';

/** The PodExecOptions query parameters passed on to the agent. */
const FORWARDED_PARAMS = ['command', 'stdin', 'stdout', 'stderr', 'tty'];
/** The request headers an upgrade needs end to end (WebSocket handshake, SPDY's protocol offer). */
const FORWARDED_HEADER = /^(upgrade|sec-websocket-.*|x-stream-protocol-version)$/i;

export const podExec: CustomHandler = async (request): Promise<CustomResponse> => {
  const registry = request.registry;
  if (!registry) throw errors.internal('pods/exec needs the registry');
  const pod = (await registry.kind('', 'Pod').store.get(request.namespace, request.name!)) as Pod;
  const container = logContainer(pod, request.query.get('container') ?? '');
  const { req } = request.http;
  if (!req.headers.upgrade) throw errors.badRequest('Upgrade request required');
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw errors.badRequest(`pod ${pod.metadata.name ?? ''} does not have a host assigned`);
  const node = await registry.kind('', 'Node').store.get(undefined, nodeName);
  const endpoint = nodeDaemonEndpoint(node as { status?: Record<string, any> });
  if (!endpoint) throw errors.badRequest(`container ${JSON.stringify(container)} in pod ${JSON.stringify(pod.metadata.name ?? '')} is not available`);

  const params = new URLSearchParams();
  for (const name of FORWARDED_PARAMS) for (const value of request.query.getAll(name)) params.append(name, value);
  const path = `/exec/${[pod.metadata.namespace ?? '', pod.metadata.name ?? '', container].map(encodeURIComponent).join('/')}?${params}`;
  const upstream = await openUpgrade(`${endpoint}${path}`, req);
  if ('response' in upstream) {
    const text = (await readAll(upstream.response)).trim();
    throw upstream.response.statusCode === 400 ? errors.badRequest(text) : errors.unknown(text, upstream.response.statusCode);
  }
  splice(req.socket, upstream);
  await new Promise<void>((resolve) => req.socket.once('close', () => resolve()));
  return { streamed: true };
};

interface Upgraded { head: IncomingMessage; socket: Duplex; data: Buffer }

/** Sends the client's upgrade to the agent: the upgraded connection, or the agent's plain answer. */
function openUpgrade(url: string, client: IncomingMessage): Promise<Upgraded | { response: IncomingMessage }> {
  const headers: Record<string, string | string[]> = { Connection: 'Upgrade' };
  for (const [name, value] of Object.entries(client.headers)) {
    if (value !== undefined && FORWARDED_HEADER.test(name)) headers[name] = value;
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: client.method, headers });
    req.on('upgrade', (head, socket, data) => resolve({ head, socket, data }));
    req.on('response', (response) => resolve({ response }));
    req.on('error', (e) => reject(new StatusError(errors.unknown(`error dialing backend: ${e.message}`).status)));
    req.end();
  });
}

/** Relays the agent's 101 to the client, then joins the two connections. */
function splice(client: Duplex, agent: Upgraded): void {
  const lines = [`HTTP/1.1 101 ${agent.head.statusMessage ?? 'Switching Protocols'}`];
  const raw = agent.head.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) lines.push(`${raw[i]}: ${raw[i + 1]}`);
  client.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (agent.data.length) client.write(agent.data);
  agent.socket.on('error', () => client.destroy());
  client.on('error', () => agent.socket.destroy());
  agent.socket.pipe(client);
  client.pipe(agent.socket);
}
