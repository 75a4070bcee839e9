// The current context of a kubeconfig file as an API connection (server, CA, client certificate),
// for a standalone `arca agent --kubeconfig FILE`. Inline `*-data` and file references both work;
// relative file references are resolved against the kubeconfig's directory, as kubectl does.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import type { ApiConnection } from './api-client.js';

interface Named<T> { name: string; [key: string]: T | string }

function pick<T>(entries: Array<Named<T>> | undefined, name: string, field: string, what: string): T {
  const found = (entries ?? []).find((e) => e.name === name);
  if (!found) throw new Error(`kubeconfig: ${what} ${JSON.stringify(name)} not found`);
  return found[field] as T;
}

export function connectionFromKubeconfig(path: string): ApiConnection {
  const config = parse(readFileSync(path, 'utf8')) ?? {};
  const base = dirname(resolve(path));
  const contextName: string | undefined = config['current-context'];
  if (!contextName) throw new Error(`kubeconfig ${path}: no current-context`);
  const context = pick<any>(config.contexts, contextName, 'context', 'context');
  const cluster = pick<any>(config.clusters, context.cluster, 'cluster', 'cluster');
  const user = context.user ? pick<any>(config.users, context.user, 'user', 'user') ?? {} : {};
  const material = (inline: string | undefined, file: string | undefined) =>
    inline ? Buffer.from(inline, 'base64').toString('utf8') : file ? readFileSync(resolve(base, file), 'utf8') : undefined;
  return {
    server: cluster.server,
    caPem: material(cluster['certificate-authority-data'], cluster['certificate-authority']),
    certPem: material(user['client-certificate-data'], user['client-certificate']),
    keyPem: material(user['client-key-data'], user['client-key']),
  };
}
