// Where backup, restore and migrate read or write: `sqlite:DIR` (a data directory's arca.db) or
// `etcd:URL[,URL…]` (prefix and TLS from the --etcd-* flags), or --data-dir with --storage.
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { openConfiguredStore, type StorageOptions } from '../server/storage-selection.js';
import type { Store } from '../storage/interface.js';
import { storageFromFlags, type StorageFlags } from './options.js';

export const SQLITE_FILE = 'arca.db';

export interface StoreLocation {
  storage: StorageOptions;
  /** The data directory (SQLite: where arca.db lives). */
  dataDir?: string;
  /** For messages: "sqlite:/path" or "etcd:URL,URL (prefix /arca)". */
  description: string;
}

/** Parses `sqlite:DIR` or `etcd:URL[,URL…]`; etcd's prefix and TLS files come from `flags`. */
export function parseLocation(text: string, flags: Omit<StorageFlags, 'storage' | 'etcdServers'>): StoreLocation {
  const colon = text.indexOf(':');
  const scheme = colon < 0 ? '' : text.slice(0, colon);
  const rest = text.slice(colon + 1);
  if (scheme === 'sqlite' && rest) return sqliteLocation(rest);
  if (scheme === 'etcd' && rest) return locationFromFlags({ ...flags, storage: 'etcd', etcdServers: rest });
  throw new InvalidArgumentError(`must be sqlite:DIR or etcd:URL[,URL…], not ${JSON.stringify(text)}`);
}

export function locationFromFlags(flags: StorageFlags & { dataDir?: string }): StoreLocation {
  const storage = storageFromFlags(flags);
  if (storage.kind === 'sqlite') return sqliteLocation(flags.dataDir ?? '.arca');
  return { storage, dataDir: flags.dataDir && resolve(flags.dataDir), description: `etcd:${storage.endpoints.join(',')} (prefix ${storage.prefix ?? '/arca'})` };
}

function sqliteLocation(dir: string): StoreLocation {
  const dataDir = resolve(dir);
  return { storage: { kind: 'sqlite' }, dataDir, description: `sqlite:${dataDir}` };
}

/**
 * Opens the store. A source (`mustExist`) SQLite file is never created; a SQLite file held by a
 * running server is refused: SQLite data is copied with its server stopped.
 */
export async function openLocation(location: StoreLocation, mustExist: boolean): Promise<Store> {
  if (location.storage.kind === 'sqlite') {
    const file = join(location.dataDir!, SQLITE_FILE);
    if (mustExist) {
      await access(file).catch(() => { throw new Error(`${location.description} holds no Arca data (${file} does not exist)`); });
    }
    try {
      return await openConfiguredStore(location.storage, location.dataDir!);
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'Unavailable') throw err;
      throw new Error(`${file} is in use by a running Arca server: stop it first (a SQLite data directory is copied with its server stopped; an etcd-backed server may keep running)`, { cause: err });
    }
  }
  return openConfiguredStore(location.storage, location.dataDir ?? '.');
}
