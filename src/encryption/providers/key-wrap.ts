// AES Key Wrap (RFC 3394, NIST SP 800-38F) of a 256-bit data key under a 256-bit key-encryption
// key. Key wrap is deterministic and nonce-free, and its 8-byte integrity check rejects a wrong
// key-encryption key or a tampered wrap.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { TransformError } from '../prefix-transformers.js';

/** The wrap adds one 8-byte integrity block to the 32-byte key. */
export const WRAPPED_KEY_SIZE = 32 + 8;
/** RFC 3394's default initial value: the integrity check unwrapping verifies. */
const KEY_WRAP_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');

export type UnwrapKey = (kek: Uint8Array, wrapped: Uint8Array) => Buffer;

export function wrapKey(kek: Uint8Array, key: Uint8Array): Buffer {
  const cipher = createCipheriv('id-aes256-wrap', kek, KEY_WRAP_IV);
  return Buffer.concat([cipher.update(key), cipher.final()]);
}

export const unwrapKey: UnwrapKey = (kek, wrapped) => {
  try {
    const decipher = createDecipheriv('id-aes256-wrap', kek, KEY_WRAP_IV);
    return Buffer.concat([decipher.update(wrapped), decipher.final()]);
  } catch {
    throw new TransformError(['failed to decrypt DEK: key unwrap integrity check failed']);
  }
};
