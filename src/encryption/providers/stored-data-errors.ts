// Upstream's error texts for stored values a provider cannot read, shared so every provider
// words the same failure the same way.
import { TransformError } from '../prefix-transformers.js';

export const tooShort = (): TransformError => new TransformError(['the stored data was shorter than the required size']);

/** Go's crypto/cipher AEAD Open failure: wrong key, wrong storage key or tampered bytes. */
export const authenticationFailed = (): TransformError => new TransformError(['cipher: message authentication failed']);
