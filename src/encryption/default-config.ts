// The encryption configuration Arca makes for itself when none is given: Secrets encrypted with
// arca-envelope under a fresh 256-bit key (plaintext Secrets written before still read, through
// identity), kept at <dataDir>/encryption-config.yaml, readable by the owner only. And key rotation.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import YAML from 'yaml';
import { OWNER_ONLY_MODE, writeFileAtomically } from '../pki/atomic-file.js';
import { EncryptionConfigError, parseEncryptionConfig } from './config.js';
import { KEYED_PROVIDERS } from './providers/catalog.js';

export const DEFAULT_ENCRYPTION_CONFIG_FILE = 'encryption-config.yaml';

/** A new 32-byte key, base64-encoded as the configuration holds keys. */
export function generateEncryptionKeySecret(): string {
  return randomBytes(32).toString('base64');
}

export function defaultEncryptionConfigText(keySecret: string): string {
  return `# Arca's encryption at rest, in Kubernetes' EncryptionConfiguration format, made on first start.
# Keep it secret and back it up with the data directory: without its keys, encrypted Secrets are lost.
# The first provider (and its first key) writes; all of them read.
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - arcaEnvelope:
          keys:
            - name: key1
              secret: ${keySecret}
      - identity: {}
`;
}

/**
 * The path of <dataDir>/encryption-config.yaml, written with a new key on first start and reused
 * as it is afterwards. Never replaces an existing file, even when two starts race.
 */
export async function ensureDefaultEncryptionConfig(dataDir: string): Promise<string> {
  const path = join(dataDir, DEFAULT_ENCRYPTION_CONFIG_FILE);
  if (await exists(path)) return path;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await createFileIfAbsent(path, defaultEncryptionConfigText(generateEncryptionKeySecret()), OWNER_ONLY_MODE);
  return path;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Writes and syncs a temporary file, then hard-links it into place: the link fails if the file
 * exists, so a key that may already have encrypted data is never overwritten, and no reader
 * ever sees a half-written file.
 */
async function createFileIfAbsent(path: string, contents: string, mode: number): Promise<void> {
  const temporaryPath = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const file = await open(temporaryPath, 'wx', mode);
    try {
      await file.chmod(mode); // the umask may have cleared bits of `mode`
      await file.writeFile(contents);
      await file.sync();
    } finally {
      await file.close();
    }
    await link(temporaryPath, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(temporaryPath, { force: true });
  }
}

/**
 * Puts a new key in front of the keys of every resource entry whose first provider encrypts with
 * keys, so it writes from the next start on, while the older keys still read. Returns the new
 * key's name. Values written under older keys stay readable; rewriting them (see needsRewrite)
 * moves them to the new key, after which the old keys can be removed by hand.
 */
export async function addRotationKey(path: string): Promise<string> {
  const text = await readFile(path, 'utf8');
  const config = parseEncryptionConfig(text, path);
  const targets = config.resources.flatMap((entry, index) => {
    const provider = KEYED_PROVIDERS.find((p) => entry.providers[0]?.[p.field]);
    return provider ? [{ index, field: provider.field }] : [];
  });
  if (targets.length === 0) {
    throw new EncryptionConfigError(`no resource in ${path} is written by a provider with keys: there is no key to rotate`);
  }
  const names = config.resources.flatMap((entry) => entry.providers.flatMap((p) => KEYED_PROVIDERS.flatMap((k) => p[k.field]?.keys ?? []))).map((k) => k.name);
  const name = nextKeyName(names);
  const keyFor = () => ({ name, secret: generateEncryptionKeySecret() });

  let updated: string;
  if (text.trimStart().startsWith('{')) {
    const json = JSON.parse(text);
    for (const { index, field } of targets) json.resources[index].providers[0][field].keys.unshift(keyFor());
    updated = `${JSON.stringify(json, null, 2)}\n`;
  } else {
    // Editing the YAML document keeps the file's comments and layout.
    const document = YAML.parseDocument(text, { version: '1.1' });
    for (const { index, field } of targets) {
      const keys = document.getIn(['resources', index, 'providers', 0, field, 'keys'], true) as YAML.YAMLSeq;
      keys.items.unshift(document.createNode(keyFor()));
    }
    updated = document.toString();
  }
  parseEncryptionConfig(updated, path); // never write a file the server could not load
  await writeFileAtomically(path, updated, OWNER_ONLY_MODE);
  return name;
}

/** `key<N>` one past the highest number in use, so names never repeat across rotations. */
function nextKeyName(names: string[]): string {
  const numbers = names.map((n) => /^key(\d+)$/.exec(n)?.[1]).filter((n): n is string => n !== undefined).map(Number);
  return `key${Math.max(0, ...numbers) + 1}`;
}
