// identity: values stored as they are. Reading refuses anything carrying the `k8s:enc:` prefix
// reserved for encrypted data, as upstream's encrypt-check identity transformer does, so a
// resource moving to or away from encryption is never handed ciphertext as plaintext.
import { hasPrefix, TransformError, type Transform } from '../prefix-transformers.js';

export const ENCRYPTED_DATA_PREFIX = Buffer.from('k8s:enc:');

export const identityTransform: Transform = {
  toStorage: (plain) => plain,
  fromStorage(stored) {
    if (hasPrefix(stored, ENCRYPTED_DATA_PREFIX)) throw new TransformError(['identity transformer tried to read encrypted data']);
    return stored;
  },
};
