// The providers that encrypt with named keys: their configuration field, the prefix their values
// carry, the key sizes they take and the error when no key name matches a value. Order is
// upstream's validation order (aesgcm, aescbc, secretbox), then Arca's own.
import type { Transform } from '../prefix-transformers.js';
import { aesCbcTransform } from './aes-cbc.js';
import { aesGcmTransform } from './aes-gcm.js';
import { arcaEnvelopeTransform } from './arca-envelope.js';
import type { RandomSource } from './random.js';
import { secretboxTransform } from './secretbox.js';

export type KeyedProviderField = 'aesgcm' | 'aescbc' | 'secretbox' | 'arcaEnvelope';

export interface KeyedProvider {
  field: KeyedProviderField;
  /** Written before the key name: `k8s:enc:<provider>:v1:`. */
  prefix: string;
  /** Accepted decoded key lengths in bytes. */
  keySizes: readonly number[];
  noMatchingKeyMessage: string;
  create(key: Uint8Array, random?: RandomSource): Transform;
}

const AES_KEY_SIZES = [16, 24, 32];

export const KEYED_PROVIDERS: readonly KeyedProvider[] = [
  {
    field: 'aesgcm',
    prefix: 'k8s:enc:aesgcm:v1:',
    keySizes: AES_KEY_SIZES,
    noMatchingKeyMessage: 'no matching key was found for the provided AES transformer',
    create: aesGcmTransform,
  },
  {
    field: 'aescbc',
    prefix: 'k8s:enc:aescbc:v1:',
    keySizes: AES_KEY_SIZES,
    noMatchingKeyMessage: 'no matching key was found for the provided AES transformer',
    create: aesCbcTransform,
  },
  {
    field: 'secretbox',
    prefix: 'k8s:enc:secretbox:v1:',
    keySizes: [32],
    noMatchingKeyMessage: 'no matching key was found for the provided Secretbox transformer',
    create: secretboxTransform,
  },
  {
    field: 'arcaEnvelope',
    prefix: 'k8s:enc:arca-envelope:v1:',
    keySizes: [32],
    noMatchingKeyMessage: 'no matching key was found for the provided arca-envelope transformer',
    create: (key, random) => arcaEnvelopeTransform(key, { random }),
  },
];
