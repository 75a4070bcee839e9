import { InvalidArgumentError, type Command } from 'commander';
import type { StorageOptions } from '../server/storage-selection.js';

/** A TCP port (0: any free port). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('must be a port number (0-65535).');
  return port;
}

export const ENCRYPTION_CONFIG_FLAG = '--encryption-provider-config <file>';
export const ENCRYPTION_CONFIG_HELP =
  'EncryptionConfiguration (apiserver.config.k8s.io/v1) for data at rest; default: <data-dir>/encryption-config.yaml, generated on first start, encrypting Secrets';

export interface StorageFlags {
  storage: 'sqlite' | 'etcd';
  etcdServers?: string;
  etcdPrefix?: string;
  etcdCafile?: string;
  etcdCertfile?: string;
  etcdKeyfile?: string;
}

/** --storage and the etcd client flags (named as kube-apiserver names them). */
export function addStorageOptions(command: Command): Command {
  return command
    .option('--storage <backend>', 'sqlite (embedded, in the data dir) or etcd', (v: string) => {
      if (v !== 'sqlite' && v !== 'etcd') throw new InvalidArgumentError('must be sqlite or etcd.');
      return v;
    }, 'sqlite')
    .option('--etcd-servers <urls>', 'comma-separated etcd client URLs (with --storage etcd)')
    .option('--etcd-prefix <prefix>', 'key prefix in etcd', '/arca')
    .option('--etcd-cafile <file>', 'CA bundle to verify etcd servers')
    .option('--etcd-certfile <file>', 'client certificate for etcd')
    .option('--etcd-keyfile <file>', 'client key for etcd');
}

export function storageFromFlags(flags: StorageFlags): StorageOptions {
  if (flags.storage !== 'etcd') return { kind: 'sqlite' };
  const endpoints = (flags.etcdServers ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!endpoints.length) throw new InvalidArgumentError('--storage etcd needs --etcd-servers URL[,URL…]');
  return {
    kind: 'etcd', endpoints, prefix: flags.etcdPrefix,
    tls: flags.etcdCafile || flags.etcdCertfile || flags.etcdKeyfile
      ? { caFile: flags.etcdCafile, certFile: flags.etcdCertfile, keyFile: flags.etcdKeyfile } : undefined,
  };
}
