// The HTTP(S) listener: run the pipeline's stages, route, then the handler. Plain node:http
// rather than a framework: Kubernetes' URL space is regular and derived from the registry,
// and the bare runtime is the throughput baseline we are measured against.
import { createServer as createHttpServer, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { createServer as createHttpsServer, type ServerOptions as HttpsOptions } from 'node:https';
import { errors } from '../machinery/status.js';
import type { ApiRegistry } from '../registry/api-registry.js';
import { runStages, type RequestContext, type Stage } from './pipeline.js';
import { requestInfo, type RequestInfo } from './request-info.js';
import { parseRequestUrl, type RequestUrl } from './request-url.js';
import { handleResourceRequest } from './resource-handler.js';
import { negotiateOutput, sendError, sendObject, type OutputFormat } from './respond.js';
import { storageFailureStatus } from './storage-failure-status.js';
import { versionInfo } from './version.js';

/** A handler for a non-resource path (health, version, discovery, OpenAPI); returns false to pass. */
export type PathHandler = (req: IncomingMessage, res: ServerResponse, url: RequestUrl) => boolean | Promise<boolean>;

export interface ApiServerOptions {
  registry: ApiRegistry;
  /** Extra non-resource handlers, tried in order before resources. */
  pathHandlers?: PathHandler[];
  /** Is the server ready to serve (storage open, bootstrap done)? */
  ready?: () => boolean;
  tls?: HttpsOptions;
  /** authenticate → audit → impersonate → authorize, in order (see pipeline.ts). */
  stages: Stage[];
  log?: (message: string) => void;
}

export function createApiServer(options: ApiServerOptions): Server {
  const log = options.log ?? logToStderr;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    handleRequest(options, req, res).catch((err) => {
      let format: OutputFormat = 'json';
      try { format = negotiateOutput(req.headers.accept); } catch { /* keep JSON */ }
      sendError(res, err, format, (e) => log(`internal error on ${req.method} ${req.url}: ${(e as Error)?.stack ?? String(e)}`));
    });
  };
  const server = options.tls ? createHttpsServer(options.tls, handler) : createHttpServer(handler);
  // Upgrade requests (kubectl exec: WebSocket, or SPDY as its fallback) run the same pipeline with
  // a response bound to the raw connection, so errors are answered as usual; a connect handler
  // (pods/exec) takes the connection over once everything passed.
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (head.length) socket.unshift(head);
    const res = new ServerResponse(req);
    res.assignSocket(socket);
    res.shouldKeepAlive = false;
    res.once('finish', () => socket.end());
    handler(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 0; // watches are long-lived
  return server;
}

async function handleRequest(options: ApiServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = parseRequestUrl(req.url ?? '/');
  const path = decodePath(url.pathname);
  const ctx: RequestContext = {
    req, res, url, path, info: connectAsCreate(options.registry, requestInfo(req.method ?? 'GET', path, url.searchParams)), onComplete: [],
  };
  if (options.stages.length) {
    res.once('finish', () => { for (const done of ctx.onComplete) done(res.statusCode); });
    await runStages(options.stages, ctx);
  }
  if (path === '/healthz' || path === '/livez' || path === '/readyz') {
    const ready = path !== '/readyz' || (options.ready?.() ?? true);
    res.writeHead(ready ? 200 : 500, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    res.end(ready ? 'ok' : '[-]storage not ready\nreadyz check failed');
    return;
  }
  if (path === '/version') {
    sendObject(res, 200, versionInfo);
    return;
  }
  for (const handle of options.pathHandlers ?? []) {
    if (await handle(req, res, url)) return;
  }
  const info = ctx.info;
  if (!info.isResourceRequest) throw errors.routeNotFound();
  const served = options.registry.lookup(info.group, info.version, info.resource);
  if (!served) throw errors.routeNotFound();
  try {
    await handleResourceRequest({ req, res, info, query: url.searchParams, served, user: ctx.user, registry: options.registry });
  } catch (err) {
    const answer = storageFailureStatus(err, info);
    if (answer !== err) (options.log ?? logToStderr)(`storage failure on ${req.method} ${req.url}: ${(err as Error).message}`);
    throw answer;
  }
}

const logToStderr = (message: string) => process.stderr.write(`${message}\n`);

/** A connect subresource (pods/exec) is authorized and served as `create`, whether GET or POST opened it. */
function connectAsCreate(registry: ApiRegistry, info: RequestInfo): RequestInfo {
  if (!info.isResourceRequest || !info.subresource) return info;
  const def = registry.lookup(info.group, info.version, info.resource)?.def;
  const connect = def?.subresources.some((s) => s.name === info.subresource && s.connect);
  return connect ? { ...info, verb: 'create' } : info;
}

/** Go's server hands handlers the decoded path; so do we (a bad escape stays as it was). */
function decodePath(pathname: string): string {
  if (!pathname.includes('%')) return pathname;
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}
