// `arca agent`: a node agent on its own, talking to an Arca (or Kubernetes-compatible) API server
// with the identity in a kubeconfig (normally CN system:node:<name>, O system:nodes).
import { hostname } from 'node:os';
import type { Command } from 'commander';

interface AgentOptions { kubeconfig: string; nodeName: string; rootDir: string }

export function registerAgentCommand(program: Command): void {
  program
    .command('agent')
    .description('run the pods bound to this node as host processes, delivering their ConfigMaps and Secrets')
    .requiredOption('--kubeconfig <file>', 'kubeconfig with the node identity (user system:node:<node-name>)')
    .option('--node-name <name>', 'the Node this agent registers and runs pods for', hostname().toLowerCase())
    .option('--root-dir <dir>', 'where pod volumes and logs live', '/var/lib/arca-agent')
    .action(async (opts: AgentOptions) => {
      // Loaded only for this command, so `arca up` and `arca server` do not start slower for it.
      const [{ connectionFromKubeconfig }, { startNodeAgent }] = await Promise.all([import('../agent/kubeconfig-connection.js'), import('../agent/node-agent.js')]);
      const agent = await startNodeAgent({ connection: connectionFromKubeconfig(opts.kubeconfig), nodeName: opts.nodeName, rootDir: opts.rootDir });
      process.stdout.write(`arca agent running node ${agent.nodeName} (container logs on port ${agent.kubeletPort})\n`);
      const shutdown = () => { void agent.stop().then(() => process.exit(0)); };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
}
