import { randomBytes } from 'node:crypto';
import { chmod, rename, rm, writeFile } from 'node:fs/promises';

/** Mode for private keys and kubeconfigs: readable by the owner only. */
export const OWNER_ONLY_MODE = 0o600;
/** Mode for certificates, which are public. */
export const WORLD_READABLE_MODE = 0o644;

/**
 * Writes `contents` to `path` through a temporary file in the same directory and a
 * rename, so a crash never leaves a half-written key or certificate, and the file
 * ends up with exactly `mode` even when it already existed with another one.
 */
export async function writeFileAtomically(path: string, contents: string, mode: number): Promise<void> {
  const temporaryPath = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temporaryPath, contents, { mode, flag: 'wx' });
    // The umask may have cleared bits that `mode` asked for.
    await chmod(temporaryPath, mode);
    await rename(temporaryPath, path);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
}
