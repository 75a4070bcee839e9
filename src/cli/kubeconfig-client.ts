// A small HTTPS client for Arca's own CLI commands, with the server and client certificate of a
// kubeconfig as `arca up` writes it (embedded *-data fields, current context).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFile } from 'node:fs/promises';
import YAML from 'yaml';

export interface ApiResponse { status: number; body: string; json<T = any>(): T }

export interface ApiClient {
  server: string;
  request(method: string, path: string, body?: unknown): Promise<ApiResponse>;
}

interface Named<T> { name: string; [key: string]: unknown; value?: T }

export async function clientFromKubeconfig(path: string): Promise<ApiClient> {
  const config = YAML.parse(await readFile(path, 'utf8')) as Record<string, any>;
  const context = (config.contexts as Named<unknown>[] | undefined)?.find((c) => c.name === config['current-context'])?.context as Record<string, string> | undefined;
  if (!context) throw new Error(`${path}: no current context`);
  const cluster = (config.clusters as Named<unknown>[]).find((c) => c.name === context.cluster)?.cluster as Record<string, string> | undefined;
  const user = ((config.users as Named<unknown>[]).find((u) => u.name === context.user)?.user ?? {}) as Record<string, string>;
  if (!cluster?.server) throw new Error(`${path}: the current context names no cluster server`);
  const fromBase64 = (v: string | undefined) => (v ? Buffer.from(v, 'base64') : undefined);
  const tls = {
    ca: fromBase64(cluster['certificate-authority-data']),
    cert: fromBase64(user['client-certificate-data']),
    key: fromBase64(user['client-key-data']),
  };
  const server = cluster.server.replace(/\/+$/, '');
  return {
    server,
    request(method, requestPath, body) {
      const url = new URL(server + requestPath);
      const text = body === undefined ? undefined : JSON.stringify(body);
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      return new Promise((resolve, reject) => {
        const req = send(url, {
          method, ...tls,
          headers: { Accept: 'application/json', ...(text === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }) },
        }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const bodyText = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, body: bodyText, json: () => JSON.parse(bodyText) });
          });
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(text);
      });
    },
  };
}
