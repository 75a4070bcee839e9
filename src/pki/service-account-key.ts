// The key that signs service account tokens (<dataDir>/pki/sa.key, with sa.pub beside it), like
// kube-apiserver's --service-account-signing-key-file: generated on first start (RSA 2048,
// signing RS256) and kept, since replacing it invalidates every token issued.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OWNER_ONLY_MODE, WORLD_READABLE_MODE, writeFileAtomically } from './atomic-file.js';

export interface ServiceAccountKeyFiles {
  keyPath: string;
  publicKeyPath: string;
}

export function serviceAccountKeyPaths(dataDir: string): ServiceAccountKeyFiles {
  const dir = join(dataDir, 'pki');
  return { keyPath: join(dir, 'sa.key'), publicKeyPath: join(dir, 'sa.pub') };
}

/** The signing key's PEM, and what was generated (one sentence, or nothing when reused). */
export async function ensureServiceAccountKey(dataDir: string): Promise<{ keyPem: string; log: string[] }> {
  const paths = serviceAccountKeyPaths(dataDir);
  const existing = await readFile(paths.keyPath, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (existing !== undefined) {
    // Fails early, with the path, on a file that is not a private key.
    try {
      createPrivateKey(existing);
    } catch (e) {
      throw new Error(`service account key ${paths.keyPath} is not a usable private key: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    return { keyPem: existing, log: [] };
  }
  await mkdir(join(dataDir, 'pki'), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  const publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string;
  await writeFileAtomically(paths.keyPath, keyPem, OWNER_ONLY_MODE);
  await writeFileAtomically(paths.publicKeyPath, publicPem, WORLD_READABLE_MODE);
  return { keyPem, log: [`generated service account signing key ${paths.keyPath}`] };
}
