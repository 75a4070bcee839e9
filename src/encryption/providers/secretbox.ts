// secretbox: NaCl's XSalsa20-Poly1305 with a 32-byte key and a random 24-byte nonce per write
// (tweetnacl, the audited port of TweetNaCl). After the `k8s:enc:secretbox:v1:<key name>:`
// prefix the value is
//   <nonce: 24 bytes><Poly1305 tag: 16 bytes><ciphertext>
// as kube-apiserver writes it (golang.org/x/crypto/nacl/secretbox). As upstream, the storage key
// is not authenticated: secretbox has no additional data.
import nacl from 'tweetnacl';
import { TransformError, type Transform } from '../prefix-transformers.js';
import { secureRandom, type RandomSource } from './random.js';
import { tooShort } from './stored-data-errors.js';

const NONCE_SIZE = nacl.secretbox.nonceLength;
const OVERHEAD = nacl.secretbox.overheadLength;

export function secretboxTransform(key: Uint8Array, random: RandomSource = secureRandom): Transform {
  return {
    toStorage(plain) {
      const nonce = random(NONCE_SIZE);
      return Buffer.concat([nonce, nacl.secretbox(plain, nonce, key)]);
    },
    fromStorage(stored) {
      if (stored.length < NONCE_SIZE + OVERHEAD) throw tooShort();
      const opened = nacl.secretbox.open(stored.subarray(NONCE_SIZE), stored.subarray(0, NONCE_SIZE), key);
      // Upstream's text for a box that does not open (wrong key or tampered bytes).
      if (!opened) throw new TransformError(['output array was not large enough for encryption']);
      return opened;
    },
  };
}
