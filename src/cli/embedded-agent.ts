// The node agent inside `arca up`, so the quick start runs pods with no extra step. It is still an
// API client: it dials the server over HTTPS with its own node certificate, issued from the cluster CA
// and kept in the data dir.
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { RunningNodeAgent } from '../agent/node-agent.js';
import { KUBELET_BACKOFF } from '../agent/backoff.js';
import type { KeyPairPem } from '../pki/certificates.js';
import { ensureNodeClientCertificate } from '../pki/cluster-pki.js';

export interface EmbeddedAgentOptions { agent: boolean; nodeName: string; agentBackoffMs?: number }

/** `--no-agent`, `--node-name` and the crash-loop back-off base (tests shorten it). */
export function addEmbeddedAgentOptions(command: Command): Command {
  return command
    .option('--no-agent', 'do not run the node agent (pods are then never started)')
    .option('--node-name <name>', 'name of the Node the built-in agent registers', hostname().toLowerCase())
    .option('--agent-backoff-ms <ms>', `first crash-loop back-off delay (default ${KUBELET_BACKOFF.initialMs})`, (v) => Number(v));
}

export async function startEmbeddedAgent(opts: EmbeddedAgentOptions, server: string, ca: KeyPairPem, dataDir: string): Promise<RunningNodeAgent | undefined> {
  if (!opts.agent) return undefined;
  // Loaded here, once the server listens, so the agent's modules do not delay the server's start.
  const { startNodeAgent } = await import('../agent/node-agent.js');
  const identity = await ensureNodeClientCertificate(dataDir, ca, opts.nodeName);
  return startNodeAgent({
    connection: { server, caPem: ca.certPem, certPem: identity.certPem, keyPem: identity.keyPem },
    nodeName: opts.nodeName,
    rootDir: join(dataDir, 'agent'),
    backoff: opts.agentBackoffMs ? { initialMs: opts.agentBackoffMs, maxMs: Math.max(opts.agentBackoffMs, KUBELET_BACKOFF.maxMs * opts.agentBackoffMs / KUBELET_BACKOFF.initialMs) } : undefined,
  });
}
