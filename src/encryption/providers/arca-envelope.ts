// arca-envelope: Arca's own envelope encryption, in the manner of Kubernetes' KMS v2 but with the
// key-encryption key (KEK) in the configuration file instead of behind a KMS plugin.
//
// Values are encrypted with a 256-bit data-encryption key (DEK) that is stored, wrapped by the
// KEK, next to each ciphertext. After the `k8s:enc:arca-envelope:v1:<key name>:` prefix a value is
//
//   <wrapped DEK: 40 bytes><nonce: 12 bytes><ciphertext><GCM tag: 16 bytes>
//
// - wrapped DEK: AES Key Wrap (see key-wrap.ts), so the KEK carries no random-nonce limit.
// - nonce, ciphertext, tag: AES-256-GCM of the value under the DEK with a fresh random nonce per
//   write; the additional authenticated data is the storage key, as for aesgcm, so a value copied
//   under another key does not decrypt.
//
// As KMS v2 does, one DEK serves many writes: a process draws its first DEK on its first write
// and a new one after MAX_WRITES_PER_DEK writes or MAX_DEK_AGE_MS. Reads keep unwrapped DEKs in
// an LRU keyed by the wrapped bytes (key wrap is deterministic, and its integrity check ties the
// wrapped bytes to one DEK under this KEK), so reading many values unwraps each DEK once.
// Values written when every write had its own DEK have the same layout and read the same way.
import { LRUCache } from 'lru-cache';
import type { Transform } from '../prefix-transformers.js';
import { GCM_NONCE_SIZE, gcmOpen, gcmSeal } from './aes-gcm.js';
import { unwrapKey, wrapKey, WRAPPED_KEY_SIZE, type UnwrapKey } from './key-wrap.js';
import { secureRandom, type RandomSource } from './random.js';
import { tooShort } from './stored-data-errors.js';

const DEK_SIZE = 32;
/**
 * Random 96-bit nonces under one key may repeat, and a repeat breaks GCM. NIST SP 800-38D §8.3
 * caps a key at 2^32 encryptions with random nonces; 2^20 keeps the chance of any repeat under
 * one DEK at about n²/2^97 = 2^-57.
 */
export const MAX_WRITES_PER_DEK = 2 ** 20;
/** Also bounds how much one DEK protects on a server that writes slowly. */
export const MAX_DEK_AGE_MS = 24 * 60 * 60 * 1000;
/** An entry is a 40-byte key and a 32-byte DEK plus object overhead: about 1 MB when full. */
export const DEK_CACHE_SIZE = 4096;

export interface ArcaEnvelopeOptions {
  /** Where DEKs and nonces come from; tests pass fixed bytes. */
  random?: RandomSource;
  maxWritesPerDek?: number;
  maxDekAgeMs?: number;
  /** How many unwrapped DEKs reads keep. */
  dekCacheSize?: number;
  /** A monotonic clock in milliseconds, for the DEK's age. */
  now?: () => number;
  /** The KEK's unwrap; tests count the unwraps through it. */
  unwrap?: UnwrapKey;
}

interface CurrentDek {
  wrapped: Buffer;
  dek: Uint8Array;
  writes: number;
  drawnAt: number;
}

const bytesAsKey = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
/**
 * A copy with its own memory: small Buffers are slices of shared 8 KiB pool blocks, and a cached
 * slice would keep its whole block alive.
 */
const ownCopy = (bytes: Uint8Array) => new Uint8Array(bytes);

export function arcaEnvelopeTransform(kek: Uint8Array, options: ArcaEnvelopeOptions = {}): Transform {
  const {
    random = secureRandom, maxWritesPerDek = MAX_WRITES_PER_DEK, maxDekAgeMs = MAX_DEK_AGE_MS,
    dekCacheSize = DEK_CACHE_SIZE, now = () => performance.now(), unwrap = unwrapKey,
  } = options;
  const unwrapped = new LRUCache<string, Uint8Array>({ max: dekCacheSize });
  let current: CurrentDek | undefined;

  const dekForWrite = (): CurrentDek => {
    const time = now();
    if (!current || current.writes >= maxWritesPerDek || time - current.drawnAt >= maxDekAgeMs) {
      const dek = ownCopy(random(DEK_SIZE));
      const wrapped = wrapKey(kek, dek);
      unwrapped.set(bytesAsKey(wrapped), dek);
      current = { wrapped, dek, writes: 0, drawnAt: time };
    }
    current.writes++;
    return current;
  };

  const dekForRead = (wrapped: Uint8Array): Uint8Array => {
    const cacheKey = bytesAsKey(wrapped);
    let dek = unwrapped.get(cacheKey);
    if (!dek) {
      dek = ownCopy(unwrap(kek, wrapped));
      unwrapped.set(cacheKey, dek);
    }
    return dek;
  };

  return {
    toStorage(plain, authenticatedData) {
      const { wrapped, dek } = dekForWrite();
      return Buffer.concat([wrapped, gcmSeal(dek, random(GCM_NONCE_SIZE), plain, authenticatedData)]);
    },
    fromStorage(stored, authenticatedData) {
      if (stored.length < WRAPPED_KEY_SIZE + GCM_NONCE_SIZE) throw tooShort();
      const dek = dekForRead(stored.subarray(0, WRAPPED_KEY_SIZE));
      return gcmOpen(dek, stored.subarray(WRAPPED_KEY_SIZE), authenticatedData);
    },
  };
}
