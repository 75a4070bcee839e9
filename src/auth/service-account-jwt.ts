// Signing and verifying service account JWTs (compact JWS) with the service-account key, as
// kube-apiserver does with --service-account-signing-key-file: RS256 for RSA keys, ES256/384/512
// for EC keys, and a key ID derived from the public key.
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { CompactSign, compactVerify } from 'jose';
import { InvalidTokenError } from './token-authenticator.js';

export type SigningAlgorithm = 'RS256' | 'ES256' | 'ES384' | 'ES512';

export interface VerificationKey {
  alg: SigningAlgorithm;
  keyId: string;
  publicKey: KeyObject;
}

export interface SigningKey extends VerificationKey {
  privateKey: KeyObject;
}

const EC_ALGORITHMS: Record<string, SigningAlgorithm> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };
const CRYPTO_FAILURE = 'go-jose/go-jose: error in cryptographic primitive';

export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  return { alg: algorithmFor(privateKey), keyId: keyIdOf(publicKey), privateKey, publicKey };
}

function algorithmFor(key: KeyObject): SigningAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const alg = key.asymmetricKeyType === 'ec' && curve ? EC_ALGORITHMS[curve] : undefined;
  if (!alg) throw new Error(`unsupported service account signing key: ${key.asymmetricKeyType ?? 'unknown'} ${curve ?? ''}`.trim());
  return alg;
}

/** base64url(SHA-256(DER SubjectPublicKeyInfo)): stable per key and not reversible. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
}

export async function signJwt(key: SigningKey, claims: Record<string, unknown>): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: key.alg, kid: key.keyId })
    .sign(key.privateKey);
}

/**
 * The payload of something shaped like a compact JWT, read WITHOUT checking the signature: only
 * to decide whether a token is ours (by its issuer) before spending a verification on it.
 */
export function unverifiedPayload(token: string): Record<string, unknown> | undefined {
  if (token.trim().startsWith('{')) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? payload as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/** The payload once a key (the one named by `kid`, else any) verifies the signature. */
export async function verifiedPayload(token: string, keys: readonly VerificationKey[]): Promise<Record<string, unknown>> {
  const kid = protectedKeyId(token);
  const candidates = kid ? keys.filter((k) => k.keyId === kid) : keys;
  if (!candidates.length) throw new InvalidTokenError('invalid signature, no keys found');
  for (const key of candidates) {
    try {
      const { payload } = await compactVerify(token, key.publicKey, { algorithms: [key.alg] });
      return JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    } catch {
      // try the next key
    }
  }
  throw new InvalidTokenError(CRYPTO_FAILURE);
}

function protectedKeyId(token: string): string | undefined {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
    const kid = header && typeof header === 'object' ? (header as Record<string, unknown>).kid : undefined;
    return typeof kid === 'string' && kid ? kid : undefined;
  } catch {
    return undefined;
  }
}
