import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_LEADER_ELECTION_TIMINGS, leaderElectionTimingsProblem, type LeaderElectionTimings } from '../server/leader-election.js';
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
  leaderElectLeaseDuration?: number;
  leaderElectRenewDeadline?: number;
  leaderElectRetryPeriod?: number;
}

/** A duration as kube-controller-manager's flags take it: 15s, 500ms; in milliseconds. */
export function parseDurationMs(value: string): number {
  const m = /^(\d+)(ms|s)$/.exec(value);
  if (!m) throw new InvalidArgumentError('must be a duration such as 15s or 500ms.');
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
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
    .option('--etcd-keyfile <file>', 'client key for etcd')
    // kube-controller-manager's leader-election flags: servers sharing one etcd elect the one running controllers.
    .option('--leader-elect-lease-duration <duration>', 'how long a dead leader keeps the lead (whole seconds, e.g. 15s)', parseDurationMs)
    .option('--leader-elect-renew-deadline <duration>', 'a leader that cannot renew for this long stops leading (e.g. 10s)', parseDurationMs)
    .option('--leader-elect-retry-period <duration>', 'how often candidates try to acquire and the leader renews (e.g. 2s)', parseDurationMs);
}

export function storageFromFlags(flags: StorageFlags): StorageOptions {
  if (flags.storage !== 'etcd') return { kind: 'sqlite' };
  const endpoints = (flags.etcdServers ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!endpoints.length) throw new InvalidArgumentError('--storage etcd needs --etcd-servers URL[,URL…]');
  return {
    kind: 'etcd', endpoints, prefix: flags.etcdPrefix,
    tls: flags.etcdCafile || flags.etcdCertfile || flags.etcdKeyfile
      ? { caFile: flags.etcdCafile, certFile: flags.etcdCertfile, keyFile: flags.etcdKeyfile } : undefined,
    leaderElection: leaderElectionFromFlags(flags),
  };
}

function leaderElectionFromFlags(flags: StorageFlags): LeaderElectionTimings {
  const defaults = DEFAULT_LEADER_ELECTION_TIMINGS;
  const leaseMs = flags.leaderElectLeaseDuration ?? defaults.leaseDurationSeconds * 1000;
  if (leaseMs % 1000 !== 0) throw new InvalidArgumentError('--leader-elect-lease-duration must be whole seconds (an etcd lease TTL).');
  const timings = {
    leaseDurationSeconds: leaseMs / 1000,
    renewDeadlineMs: flags.leaderElectRenewDeadline ?? defaults.renewDeadlineMs,
    retryPeriodMs: flags.leaderElectRetryPeriod ?? defaults.retryPeriodMs,
  };
  const problem = leaderElectionTimingsProblem(timings);
  if (problem) throw new InvalidArgumentError(`leader election: ${problem}.`);
  return timings;
}
