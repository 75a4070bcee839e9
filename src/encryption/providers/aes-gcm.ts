// aesgcm: AES-GCM (16, 24 or 32-byte keys) with a random 96-bit nonce per write and the storage
// key as additional authenticated data, so a value copied under another key does not decrypt.
// After the `k8s:enc:aesgcm:v1:<key name>:` prefix the value is
//   <nonce: 12 bytes><ciphertext><tag: 16 bytes>
// byte for byte what kube-apiserver writes (storage/value/encrypt/aes, NewGCMTransformer).
// Random nonces bound a key to about 2^32 writes (NIST SP 800-38D): rotate keys.
import { createCipheriv, createDecipheriv, type CipherGCMTypes } from 'node:crypto';
import type { Transform } from '../prefix-transformers.js';
import { secureRandom, type RandomSource } from './random.js';
import { authenticationFailed, tooShort } from './stored-data-errors.js';

export const GCM_NONCE_SIZE = 12;
const TAG_SIZE = 16;

const gcmAlgorithm = (key: Uint8Array) => `aes-${key.length * 8}-gcm` as CipherGCMTypes;

/** <nonce><ciphertext><tag> of `plain` under `key`. */
export function gcmSeal(key: Uint8Array, nonce: Uint8Array, plain: Uint8Array, authenticatedData: Uint8Array): Buffer {
  const cipher = createCipheriv(gcmAlgorithm(key), key, nonce, { authTagLength: TAG_SIZE });
  cipher.setAAD(authenticatedData);
  return Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

/** The plaintext of gcmSeal's output; any mismatch of key, data or authenticated data throws. */
export function gcmOpen(key: Uint8Array, sealed: Uint8Array, authenticatedData: Uint8Array): Buffer {
  if (sealed.length < GCM_NONCE_SIZE) throw tooShort();
  if (sealed.length < GCM_NONCE_SIZE + TAG_SIZE) throw authenticationFailed();
  const decipher = createDecipheriv(gcmAlgorithm(key), key, sealed.subarray(0, GCM_NONCE_SIZE), { authTagLength: TAG_SIZE });
  decipher.setAAD(authenticatedData);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
  const plain = decipher.update(sealed.subarray(GCM_NONCE_SIZE, sealed.length - TAG_SIZE));
  try {
    // final() is where the tag is checked: nothing is returned before it passes.
    return Buffer.concat([plain, decipher.final()]);
  } catch {
    throw authenticationFailed();
  }
}

export function aesGcmTransform(key: Uint8Array, random: RandomSource = secureRandom): Transform {
  return {
    toStorage: (plain, authenticatedData) => gcmSeal(key, random(GCM_NONCE_SIZE), plain, authenticatedData),
    fromStorage: (stored, authenticatedData) => gcmOpen(key, stored, authenticatedData),
  };
}
