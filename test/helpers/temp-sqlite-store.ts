// A real SQLite store in a temporary directory, for tests that drive the registry without a server.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../../src/storage/interface.js';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { tempDir } from './arca-process.js';

export interface TempSqliteStore {
  store: Store;
  /** Closes the store and removes its directory. */
  close(): Promise<void>;
}

export async function openTempSqliteStore(): Promise<TempSqliteStore> {
  const dir = tempDir();
  const store = await openSqliteStore(join(dir, 'arca.db'));
  return {
    store,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
