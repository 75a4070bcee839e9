// `arca up` (and `npm start`): the whole of Arca in one process, over HTTPS with the cluster PKI,
// writing an admin kubeconfig and printing how to use it.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ENCRYPTION_CONFIG_FLAG, ENCRYPTION_CONFIG_HELP, parsePort } from './options.js';
import { writeKubeconfig } from '../pki/kubeconfig.js';
import { ADMIN_USER } from '../pki/cluster-pki.js';
import { startArcaServer } from '../server/arca-server.js';

interface UpOptions { dataDir: string; port: number; bindAddress: string; encryptionProviderConfig?: string; tlsSan: string[] }

const collect = (value: string, previous: string[]) => [...previous, value];

/** The address kubectl should dial: a wildcard bind is reached over loopback. */
function dialHost(bindAddress: string): string {
  if (bindAddress === '0.0.0.0' || bindAddress === '') return '127.0.0.1';
  if (bindAddress === '::') return '[::1]';
  return bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress;
}

export function registerUpCommand(program: Command): void {
  program
    .command('up')
    .description('start Arca over HTTPS: API server with TLS, client-certificate authentication and an admin kubeconfig')
    .option('--data-dir <dir>', 'where the database, keys and kubeconfig live', '.arca')
    .option('--port <port>', 'HTTPS port', parsePort, 6443)
    .option('--bind-address <addr>', 'address to listen on', '127.0.0.1')
    .option(ENCRYPTION_CONFIG_FLAG, ENCRYPTION_CONFIG_HELP)
    .option('--tls-san <name>', 'extra DNS name or IP for the serving certificate (repeatable)', collect, [])
    .action(async (opts: UpOptions) => {
      const dataDir = resolve(opts.dataDir);
      const running = await startArcaServer({
        dataDir, port: opts.port, bindAddress: opts.bindAddress, tls: true, extraSans: opts.tlsSan, encryptionProviderConfig: opts.encryptionProviderConfig,
      });
      const kubeconfig = resolve(dataDir, 'kubeconfig');
      await writeKubeconfig(kubeconfig, {
        server: `https://${dialHost(opts.bindAddress)}:${running.port}`,
        caPem: running.pki.ca.certPem,
        clientCertPem: running.pki.admin.certPem,
        clientKeyPem: running.pki.admin.keyPem,
        clusterName: 'arca', userName: ADMIN_USER, contextName: 'arca', namespace: 'default',
      });
      process.stdout.write(`Arca is up: https://${dialHost(opts.bindAddress)}:${running.port} (data in ${dataDir})\n`);
      process.stdout.write(`To use it with kubectl:\n  export KUBECONFIG=${kubeconfig}\n`);
      const shutdown = () => { void running.close().then(() => process.exit(0)); };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
}
