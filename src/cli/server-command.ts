// `arca server`: the API server alone, over plain HTTP on loopback (local use; `arca up` serves HTTPS).
import type { Command } from 'commander';
import { addStorageOptions, ENCRYPTION_CONFIG_FLAG, ENCRYPTION_CONFIG_HELP, parsePort, storageFromFlags, type StorageFlags } from './options.js';
import { isLoopback } from './loopback.js';
import { startArcaServer } from '../server/arca-server.js';

export function registerServerCommand(program: Command): void {
  addStorageOptions(program
    .command('server'))
    .description('serve the Kubernetes API over plain HTTP on a loopback address (no credentials: local use only)')
    .requiredOption('--data-dir <dir>', 'where the database and keys live')
    .option('--port <port>', 'port to listen on (0: any free port)', parsePort, 8080)
    .option('--bind-address <addr>', 'loopback address to listen on', '127.0.0.1')
    .option(ENCRYPTION_CONFIG_FLAG, ENCRYPTION_CONFIG_HELP)
    .action(async (opts: { dataDir: string; port: number; bindAddress: string; encryptionProviderConfig?: string } & StorageFlags) => {
      if (!isLoopback(opts.bindAddress)) {
        program.error(`error: --bind-address ${opts.bindAddress} is not a loopback address: plain HTTP carries no credentials, so arca server only listens on loopback (use arca up for HTTPS)`);
      }
      const port = opts.port;
      const running = await startArcaServer({ dataDir: opts.dataDir, port, bindAddress: opts.bindAddress, tls: false, encryptionProviderConfig: opts.encryptionProviderConfig, storage: storageFromFlags(opts) });
      process.stderr.write(`WARNING: serving the Kubernetes API over plain HTTP without authentication at ${running.url} (loopback only)\n`);
      process.stdout.write(`arca server listening on ${running.url}\n`);
      const shutdown = () => { void running.close().then(() => process.exit(0)); };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
}
