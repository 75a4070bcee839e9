// The server's encryption transformer, replaceable while it runs: key rotation adds a key to the
// configuration file and asks the server to load it again. Every call goes to the transformer
// current at that moment; the swap is one assignment, so a read or write never sees half of one.
// A reload that fails (a broken file) leaves the current transformer in place.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ResourceDefinition } from '../resources/types.js';
import { loadEncryptionTransformer, type EncryptionTransformer } from './transformer.js';

export interface ReloadableTransformer extends EncryptionTransformer {
  /** Loads the configuration file again; resolves to the SHA-256 (hex) of the text it loaded. */
  reload(): Promise<string>;
}

/**
 * `onReload` runs after a reload took effect: what was decrypted under the old configuration
 * (a key may have been removed) must not outlive it in caches.
 */
export async function loadReloadableTransformer(
  path: string, resources: ReadonlyArray<ResourceDefinition<any>>, onReload: () => void = () => {},
): Promise<ReloadableTransformer> {
  const load = async () => {
    const text = await readFile(path);
    const transformer = await loadEncryptionTransformer(path, { resources });
    // The file may change between the two reads; the checksum is of the text read first, so a
    // caller comparing it with what it wrote at worst sees a mismatch and reloads again.
    return { transformer, checksum: createHash('sha256').update(text).digest('hex') };
  };
  let current = (await load()).transformer;
  return {
    toStorage: (plain, key) => current.toStorage(plain, key),
    fromStorage: (stored, key) => current.fromStorage(stored, key),
    needsRewrite: (stored, key) => current.needsRewrite(stored, key),
    async reload() {
      const next = await load();
      current = next.transformer;
      onReload();
      return next.checksum;
    },
  };
}
