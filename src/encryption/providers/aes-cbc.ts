// aescbc: AES-CBC with PKCS#7 padding and a random IV per write. After the
// `k8s:enc:aescbc:v1:<key name>:` prefix the value is
//   <IV: 16 bytes><ciphertext: a multiple of 16 bytes>
// as kube-apiserver writes it (storage/value/encrypt/aes, NewCBCTransformer). Like upstream it is
// not authenticated: a flipped byte is caught only when it breaks the padding. Kubernetes
// recommends against aescbc (padding oracles); it is here to read and migrate such data.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { TransformError, type Transform } from '../prefix-transformers.js';
import { secureRandom, type RandomSource } from './random.js';
import { tooShort } from './stored-data-errors.js';

const BLOCK_SIZE = 16;

const cbcAlgorithm = (key: Uint8Array) => `aes-${key.length * 8}-cbc` as const;

function encrypt(key: Uint8Array, iv: Uint8Array, plain: Uint8Array): Buffer {
  const paddingSize = BLOCK_SIZE - (plain.length % BLOCK_SIZE);
  const cipher = createCipheriv(cbcAlgorithm(key), key, iv).setAutoPadding(false);
  const padded = Buffer.concat([plain, Buffer.alloc(paddingSize, paddingSize)]);
  return Buffer.concat([iv, cipher.update(padded), cipher.final()]);
}

function decrypt(key: Uint8Array, stored: Uint8Array): Buffer {
  if (stored.length < BLOCK_SIZE) throw tooShort();
  const body = stored.subarray(BLOCK_SIZE);
  if (body.length % BLOCK_SIZE !== 0) throw new TransformError(['the stored data is not a multiple of the block size']);
  const decipher = createDecipheriv(cbcAlgorithm(key), key, stored.subarray(0, BLOCK_SIZE)).setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(body), decipher.final()]);
  // PKCS#7, checked as upstream checks it (an IV alone, which upstream cannot handle, is "not padded").
  const paddingSize = padded.length > 0 ? padded[padded.length - 1]! : 0;
  if (paddingSize === 0 || paddingSize > padded.length) throw new TransformError(['invalid PKCS7 data (empty or not padded)']);
  for (let i = padded.length - paddingSize; i < padded.length; i++) {
    if (padded[i] !== paddingSize) throw new TransformError(['invalid padding on input']);
  }
  return padded.subarray(0, padded.length - paddingSize);
}

export function aesCbcTransform(key: Uint8Array, random: RandomSource = secureRandom): Transform {
  return {
    toStorage: (plain) => encrypt(key, random(BLOCK_SIZE), plain),
    fromStorage: (stored) => decrypt(key, stored),
  };
}
