// Which backend stores the data: embedded SQLite in the data dir (default), or an etcd cluster
// shared by several Arca servers.
import { join } from 'node:path';
import { openEtcdStore } from '../storage/etcd/etcd-store.js';
import type { Store } from '../storage/interface.js';
import { openSqliteStore } from '../storage/sqlite/sqlite-store.js';

export type StorageOptions =
  | { kind: 'sqlite' }
  | { kind: 'etcd'; endpoints: string[]; prefix?: string; tls?: { caFile?: string; certFile?: string; keyFile?: string } };

export function openConfiguredStore(storage: StorageOptions, dataDir: string): Promise<Store> {
  if (storage.kind === 'etcd') return openEtcdStore({ endpoints: storage.endpoints, prefix: storage.prefix, tls: storage.tls });
  return openSqliteStore(join(dataDir, 'arca.db'));
}
