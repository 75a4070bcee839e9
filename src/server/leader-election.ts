// Cluster-wide controllers (namespace deletion, tokens, scheduler, compaction…) must run on exactly
// one Arca server at a time. With SQLite there is only one server, so it always leads; with etcd
// the servers elect a leader through an etcd lease (etcd-leader-election.ts).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { StorageOptions } from './storage-selection.js';

/** kube-controller-manager's --leader-elect-lease-duration, --leader-elect-renew-deadline, --leader-elect-retry-period. */
export interface LeaderElectionTimings {
  /** How long a dead leader keeps the lead (etcd lease TTL, whole seconds; etcd raises it to at least 2). */
  leaseDurationSeconds: number;
  /** A leader that could not renew for this long stops leading (must be below the lease duration). */
  renewDeadlineMs: number;
  /** How often candidates try to acquire, and the leader renews. */
  retryPeriodMs: number;
}

export const DEFAULT_LEADER_ELECTION_TIMINGS: LeaderElectionTimings = { leaseDurationSeconds: 15, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

/** The election key under the etcd prefix, named after kube-controller-manager's Lease. */
export const LEADER_ELECTION_KEY = 'leases/arca-controller-manager';

export interface LeaderCallbacks {
  onStartedLeading(): void;
  onStoppedLeading(): void;
}

export interface LeaderElection {
  isLeader(): boolean;
  /** Stops leading (onStoppedLeading runs) and leaves the election, handing over at once. */
  close(): Promise<void>;
}

/** Why these timings cannot work (as client-go's leader election checks them); undefined when they can. */
export function leaderElectionTimingsProblem(t: LeaderElectionTimings): string | undefined {
  if (!Number.isInteger(t.leaseDurationSeconds) || t.leaseDurationSeconds < 1) return 'leaseDuration must be a whole number of seconds, at least 1';
  if (t.leaseDurationSeconds * 1000 <= t.renewDeadlineMs) return 'leaseDuration must be greater than renewDeadline';
  if (t.renewDeadlineMs <= t.retryPeriodMs) return 'renewDeadline must be greater than retryPeriod';
  if (t.retryPeriodMs < 1) return 'retryPeriod must be greater than zero';
  return undefined;
}

/** Unique per process, readable in logs: hostname_uuid, as kube-controller-manager does it. */
export function leaderIdentity(): string {
  return `${hostname()}_${randomUUID()}`;
}

/** The one server on SQLite: leads from the start until closed. */
export function singleServerLeadership(callbacks: LeaderCallbacks): LeaderElection {
  let leading = true;
  callbacks.onStartedLeading();
  return {
    isLeader: () => leading,
    async close() {
      if (!leading) return;
      leading = false;
      callbacks.onStoppedLeading();
    },
  };
}

export async function startLeaderElection(
  storage: StorageOptions,
  callbacks: LeaderCallbacks,
  log: (message: string) => void,
): Promise<LeaderElection> {
  if (storage.kind !== 'etcd') return singleServerLeadership(callbacks);
  const timings = storage.leaderElection ?? DEFAULT_LEADER_ELECTION_TIMINGS;
  const problem = leaderElectionTimingsProblem(timings);
  if (problem) throw new Error(`leader election: ${problem}`);
  // Loaded only with etcd, as the store is (storage-selection.ts).
  const [{ connectEtcd }, { startEtcdLeaderElection }] = await Promise.all([
    import('../storage/etcd/etcd-client.js'), import('./etcd-leader-election.js'),
  ]);
  // Its own connection: the election must not wait behind the store's requests.
  const client = await connectEtcd({ endpoints: storage.endpoints, tls: storage.tls });
  const prefix = (storage.prefix ?? '/arca').replace(/\/+$/, '');
  const election = startEtcdLeaderElection(client, { key: `${prefix}/${LEADER_ELECTION_KEY}`, identity: leaderIdentity(), timings, log }, callbacks);
  return {
    isLeader: election.isLeader,
    async close() {
      await election.close();
      client.close();
    },
  };
}
