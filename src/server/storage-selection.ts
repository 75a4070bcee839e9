// Which backend stores the data: embedded SQLite in the data dir (default), or an etcd cluster
// shared by several Arca servers.
import { join } from 'node:path';
import type { Store } from '../storage/interface.js';
import type { LeaderElectionTimings } from './leader-election.js';
import { openSqliteStore } from '../storage/sqlite/sqlite-store.js';

export type StorageOptions =
  | { kind: 'sqlite' }
  | {
    kind: 'etcd'; endpoints: string[]; prefix?: string; tls?: { caFile?: string; certFile?: string; keyFile?: string };
    /** How the servers sharing this etcd elect the one that runs controllers (default: kube-controller-manager's). */
    leaderElection?: LeaderElectionTimings;
  };

export async function openConfiguredStore(storage: StorageOptions, dataDir: string): Promise<Store> {
  if (storage.kind === 'etcd') {
    // Loaded only when chosen: the etcd client (gRPC) costs ~200 ms of start-up.
    const { openEtcdStore } = await import('../storage/etcd/etcd-store.js');
    return openEtcdStore({ endpoints: storage.endpoints, prefix: storage.prefix, tls: storage.tls });
  }
  return openSqliteStore(join(dataDir, 'arca.db'));
}
