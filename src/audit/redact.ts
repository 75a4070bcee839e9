// Secret values never reach the audit log in the clear: at the Request and RequestResponse
// levels every value of a Secret's data and stringData becomes `HMAC-SHA256:<hex>`, keyed with
// a per-server key (Vault's audit-device idea), so equal values can still be correlated across
// records by whoever holds the key, and nobody else learns anything. Secrets are found wherever
// they travel: single objects, SecretLists, other lists' items, Table rows and watch events.
import { createHmac, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const AUDIT_HMAC_KEY_FILE = 'audit-hmac.key';

/** The server's audit HMAC key, made on first use at <dataDir>/audit-hmac.key (owner-only). */
export async function ensureAuditHmacKey(dataDir: string): Promise<Buffer> {
  const path = join(dataDir, AUDIT_HMAC_KEY_FILE);
  try {
    return Buffer.from((await readFile(path, 'utf8')).trim(), 'hex');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    await writeFile(path, `${key.toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    await chmod(path, 0o600);
    return key;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return Buffer.from((await readFile(path, 'utf8')).trim(), 'hex'); // another start won the race
  }
}

export function hmacValue(key: Buffer, value: Uint8Array | string): string {
  return `HMAC-SHA256:${createHmac('sha256', key).update(value).digest('hex')}`;
}

/**
 * A copy of `value` with every Secret's values replaced by their HMAC. `isSecretRequest` says
 * the value is the body of a request on the secrets resource, whose kind may be absent (a patch):
 * then its data/stringData maps are redacted, and a JSON patch's operation values too.
 */
export function redactSecrets(value: unknown, key: Buffer, isSecretRequest = false): unknown {
  if (isSecretRequest) {
    if (Array.isArray(value)) return value.map((op) => redactPatchOperation(op, key));
    if (isRecord(value)) return redactSecretObject(value, key);
  }
  return walk(value, key);
}

function walk(value: unknown, key: Buffer): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, key));
  if (!isRecord(value)) return value;
  if (value.kind === 'Secret') return redactSecretObject(value, key);
  if (value.kind === 'SecretList' && Array.isArray(value.items)) {
    return { ...value, items: value.items.map((item) => (isRecord(item) ? redactSecretObject(item, key) : item)) };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = walk(v, key);
  return out;
}

function redactSecretObject(secret: Record<string, unknown>, key: Buffer): Record<string, unknown> {
  const out = { ...secret };
  if (isRecord(secret.data)) out.data = mapValues(secret.data, (v) => hmacValue(key, Buffer.from(String(v), 'base64')));
  if (isRecord(secret.stringData)) out.stringData = mapValues(secret.stringData, (v) => hmacValue(key, String(v)));
  return out;
}

/** A JSON patch operation on a Secret: its value may be a data value or a whole map of them. */
function redactPatchOperation(op: unknown, key: Buffer): unknown {
  if (!isRecord(op) || !('value' in op)) return op;
  return { ...op, value: hmacValue(key, JSON.stringify(op.value)) };
}

function mapValues(record: Record<string, unknown>, fn: (v: unknown) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) out[k] = fn(v);
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
