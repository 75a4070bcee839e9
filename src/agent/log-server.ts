// The agent's own small HTTP server, the kubelet endpoint the API server proxies pod logs to:
// GET /containerLogs/<namespace>/<pod>/<container>?follow=&tailLines=&previous=&timestamps=
// and exec upgrades to (WebSocket, see exec-protocol.ts):
// GET /exec/<namespace>/<pod>/<container>?command=…&command=…&stdin=&stdout=&stderr=
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { hostExecutable, type ExecTarget } from './exec-command.js';
import { chooseSubprotocol, requestedStreams } from './exec-protocol.js';
import { runExecSession } from './exec-session.js';
import { open, readFile } from 'node:fs/promises';
import { parseLogFile, parseLogLine, renderLogEntries, tailEntries } from './container-logs.js';

/** Where a container's log is, and whether it is still being written. */
export interface LogLocation {
  path: string;
  /** Resolves when the writer is done (already resolved for a finished run). */
  finished: Promise<void>;
}

/** The log to serve, or the kubelet's error text (answered as 400). */
export type LogLocator = (namespace: string, pod: string, container: string, previous: boolean) => LogLocation | { error: string };

/** The running container to exec into, or the kubelet's error text (answered as 400). */
export type ExecLocator = (namespace: string, pod: string, container: string) => ExecTarget | { error: string };

const FOLLOW_POLL_MS = 50;

export async function startLogServer(locate: LogLocator, host: string, locateExec?: ExecLocator): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://agent');
    const parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
    if (req.method !== 'GET' || parts[0] !== 'containerLogs' || parts.length !== 4) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
      return;
    }
    const flag = (name: string) => url.searchParams.get(name) === 'true' || url.searchParams.get(name) === '1';
    const tail = url.searchParams.get('tailLines');
    const location = locate(parts[1]!, parts[2]!, parts[3]!, flag('previous'));
    if ('error' in location) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(location.error);
      return;
    }
    const options = { timestamps: flag('timestamps') };
    void serveLog(location, { follow: flag('follow'), tailLines: tail === null ? undefined : Number(tail), ...options }, res, req);
  });
  if (locateExec) {
    const sockets = new WebSocketServer({ noServer: true, handleProtocols: (offered) => chooseSubprotocol(offered) });
    const nsenterPath = hostExecutable('nsenter');
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      const url = new URL(req.url ?? '/', 'http://agent');
      const parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
      if (parts[0] !== 'exec' || parts.length !== 4) { refuseUpgrade(socket, 404, '404 page not found\n'); return; }
      const argv = url.searchParams.getAll('command');
      if (argv.length === 0) { refuseUpgrade(socket, 400, 'you must specify at least 1 command'); return; }
      const target = locateExec(parts[1]!, parts[2]!, parts[3]!);
      if ('error' in target) { refuseUpgrade(socket, 400, target.error); return; }
      if (String(req.headers.upgrade).toLowerCase() !== 'websocket') {
        refuseUpgrade(socket, 400, `unable to upgrade: arca serves exec over WebSocket (v5.channel.k8s.io) only`);
        return;
      }
      sockets.handleUpgrade(req, socket, head, (ws) => {
        void runExecSession(ws, { target, argv, streams: requestedStreams(url.searchParams), nsenterPath });
      });
    });
  }
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A plain HTTP answer on a connection that asked to upgrade. */
function refuseUpgrade(socket: Socket, code: number, text: string): void {
  const reason = code === 404 ? 'Not Found' : 'Bad Request';
  socket.end(`HTTP/1.1 ${code} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}

async function serveLog(location: LogLocation, options: { follow: boolean; tailLines?: number; timestamps: boolean },
  res: import('node:http').ServerResponse, req: import('node:http').IncomingMessage): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/plain' });
  const text = await readFile(location.path, 'utf8').catch(() => '');
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  res.write(renderLogEntries(tailEntries(parseLogFile(complete), options.tailLines), options));
  if (!options.follow) { res.end(); return; }

  let offset = Buffer.byteLength(complete);
  let done = false;
  let closed = false;
  void location.finished.then(() => { done = true; });
  req.on('close', () => { closed = true; });
  const handle = await open(location.path, 'r').catch(() => undefined);
  let pending = '';
  while (!closed) {
    const finishedBefore = done;
    if (handle) {
      const buffer = Buffer.alloc(64 * 1024);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
        pending += buffer.subarray(0, bytesRead).toString('utf8');
      }
      const lines = pending.split('\n');
      pending = lines.pop()!;
      const entries = lines.map(parseLogLine).filter((e) => e !== undefined);
      if (entries.length > 0) res.write(renderLogEntries(entries, options));
    }
    if (finishedBefore) break;
    await new Promise((r) => setTimeout(r, FOLLOW_POLL_MS));
  }
  await handle?.close();
  res.end();
}
