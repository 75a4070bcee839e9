// arca-envelope: Arca's own envelope encryption, in the manner of Kubernetes' KMS v2 but with the
// key-encryption key (KEK) in the configuration file instead of behind a KMS plugin.
//
// Every write draws a fresh 256-bit data-encryption key (DEK), encrypts the value with it and
// stores the DEK wrapped by the KEK next to the ciphertext. After the
// `k8s:enc:arca-envelope:v1:<key name>:` prefix the value is
//
//   <wrapped DEK: 40 bytes><nonce: 12 bytes><ciphertext><GCM tag: 16 bytes>
//
// - wrapped DEK: AES Key Wrap (RFC 3394, NIST SP 800-38F) of the 32-byte DEK under the 32-byte
//   KEK. Key wrap is deterministic and nonce-free, and its 8-byte integrity check rejects a
//   wrong KEK or a tampered wrap, so the KEK carries no random-nonce limit (aesgcm's key is good
//   for about 2^32 writes; this KEK for as many as there are distinct DEKs).
// - nonce, ciphertext, tag: AES-256-GCM of the value under the DEK with a random nonce; the
//   additional authenticated data is the storage key, as for aesgcm, so a value copied under
//   another key does not decrypt.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { TransformError, type Transform } from '../prefix-transformers.js';
import { GCM_NONCE_SIZE, gcmOpen, gcmSeal } from './aes-gcm.js';
import { secureRandom, type RandomSource } from './random.js';
import { tooShort } from './stored-data-errors.js';

const DEK_SIZE = 32;
/** The key wrap adds one 8-byte integrity block. */
const WRAPPED_DEK_SIZE = DEK_SIZE + 8;
/** RFC 3394's default initial value: the integrity check unwrapping verifies. */
const KEY_WRAP_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');

const wrap = (kek: Uint8Array, dek: Uint8Array): Buffer => {
  const cipher = createCipheriv('id-aes256-wrap', kek, KEY_WRAP_IV);
  return Buffer.concat([cipher.update(dek), cipher.final()]);
};

function unwrap(kek: Uint8Array, wrapped: Uint8Array): Buffer {
  try {
    const decipher = createDecipheriv('id-aes256-wrap', kek, KEY_WRAP_IV);
    return Buffer.concat([decipher.update(wrapped), decipher.final()]);
  } catch {
    throw new TransformError(['failed to decrypt DEK: key unwrap integrity check failed']);
  }
}

export function arcaEnvelopeTransform(kek: Uint8Array, random: RandomSource = secureRandom): Transform {
  return {
    toStorage(plain, authenticatedData) {
      const dek = random(DEK_SIZE);
      return Buffer.concat([wrap(kek, dek), gcmSeal(dek, random(GCM_NONCE_SIZE), plain, authenticatedData)]);
    },
    fromStorage(stored, authenticatedData) {
      if (stored.length < WRAPPED_DEK_SIZE + GCM_NONCE_SIZE) throw tooShort();
      const dek = unwrap(kek, stored.subarray(0, WRAPPED_DEK_SIZE));
      return gcmOpen(dek, stored.subarray(WRAPPED_DEK_SIZE), authenticatedData);
    },
  };
}
