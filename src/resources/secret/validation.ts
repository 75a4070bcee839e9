// Secret validation (Kubernetes' ValidateSecret / ValidateSecretUpdate) and the
// kubernetes.io/tls warning. Data values are base64 strings as in JSON; every rule that
// looks at contents (sizes, docker JSON, the key pair) works on the decoded bytes.
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { fieldError, FieldPath, type FieldError } from '../../machinery/field-errors.js';
import { isConfigMapKey, nameIsDNSSubdomain } from '../../machinery/validation/names.js';
import { goJsonObjectError } from '../../machinery/go-json/object-error.js';
import {
  validateObjectMeta, validateObjectMetaUpdate, type ObjectMetaInput,
} from '../../machinery/validation/object-meta.js';

/** The fields validation reads. stringData has already been folded into data by then. */
export interface Secret {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaInput;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  type?: string;
  immutable?: boolean;
}

/** corev1.MaxSecretSize: the data limit of Secrets and ConfigMaps alike. */
export const maxSecretSize = 1024 * 1024;
export const immutableWhenSetMessage = 'field is immutable when `immutable` is set';

const redacted = '<secret contents redacted>';
const serviceAccountNameKey = 'kubernetes.io/service-account.name';

const decode = (base64: string) => Buffer.from(base64, 'base64');

export function validateSecret(secret: Secret): FieldError[] {
  const errs = validateObjectMeta(secret.metadata, { namespaced: true, validateName: nameIsDNSSubdomain });
  const dataPath = FieldPath.root('data');
  const data = secret.data ?? {};
  const has = (key: string) => Object.hasOwn(data, key);
  let totalSize = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const msg of isConfigMapKey(key)) errs.push(fieldError.invalid(dataPath.key(key), key, msg));
    totalSize += decode(value).length;
  }
  if (totalSize > maxSecretSize) errs.push(fieldError.tooLong(dataPath, maxSecretSize));

  switch (secret.type ?? '') {
    case 'kubernetes.io/service-account-token':
      // Only the account name is required; uid and token are filled in later by a controller.
      if (!secret.metadata?.annotations?.[serviceAccountNameKey]) {
        errs.push(fieldError.required(FieldPath.root('metadata').child('annotations').key(serviceAccountNameKey)));
      }
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = secret.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!has(key)) {
        errs.push(fieldError.required(dataPath.key(key)));
        break;
      }
      const jsonError = goJsonObjectError(decode(data[key]!));
      if (jsonError) errs.push(fieldError.invalid(dataPath.key(key), redacted, jsonError));
      break;
    }
    case 'kubernetes.io/basic-auth':
      // Either may be empty, but one of them must be present.
      if (!has('username') && !has('password')) {
        errs.push(fieldError.required(dataPath.key('username')), fieldError.required(dataPath.key('password')));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!has('ssh-privatekey') || decode(data['ssh-privatekey']!).length === 0) {
        errs.push(fieldError.required(dataPath.key('ssh-privatekey')));
      }
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(fieldError.required(dataPath.key('tls.crt')));
      if (!has('tls.key')) errs.push(fieldError.required(dataPath.key('tls.key')));
      break;
    default:
      // Opaque, bootstrap tokens and custom types: no rules.
      break;
  }
  return errs;
}

/** Metadata update rules, type and data immutability, then every create rule on the new object. */
export function validateSecretUpdate(secret: Secret, old: Secret): FieldError[] {
  const errs = validateObjectMetaUpdate(secret.metadata, old.metadata);
  if ((secret.type ?? '') !== (old.type ?? '')) errs.push(fieldError.invalid('type', secret.type ?? '', 'field is immutable'));
  if (old.immutable === true) {
    if (secret.immutable !== true) errs.push(fieldError.forbidden('immutable', immutableWhenSetMessage));
    if (!sameBase64Maps(secret.data, old.data)) errs.push(fieldError.forbidden('data', immutableWhenSetMessage));
  }
  return errs.concat(validateSecret(secret));
}

/**
 * Whether a new map of base64 values equals the stored one, comparing decoded bytes. These maps
 * are not defaulted, so an explicit `{}` differs from none; the stored side never holds an empty
 * map (storage drops it), so an empty stored map counts as none.
 */
export function sameBase64Maps(next: Record<string, string> | undefined, stored: Record<string, string> | undefined): boolean {
  const old = stored && Object.keys(stored).length > 0 ? stored : undefined;
  if (!next || !old) return !next && !old;
  const keys = Object.keys(next);
  return keys.length === Object.keys(old).length &&
    keys.every((k) => Object.hasOwn(old, k) && decode(next[k]!).equals(decode(old[k]!)));
}

/** kubernetes.io/tls Secrets warn (but are accepted) when tls.crt/tls.key are not a matching pair. */
export function secretTlsWarnings(secret: Secret): string[] {
  if (secret.type !== 'kubernetes.io/tls') return [];
  const data = secret.data ?? {};
  const cert = decode(data['tls.crt'] ?? '');
  const key = decode(data['tls.key'] ?? '');
  const problem = goX509KeyPairError(cert, key);
  return problem ? [problem] : [];
}

// ---- Go's tls.X509KeyPair errors ----

interface PemBlock { type: string; bytes: Buffer }

/** The error Go's crypto/tls X509KeyPair returns for this cert/key PEM pair, if any. */
export function goX509KeyPairError(certPem: Uint8Array, keyPem: Uint8Array): string | undefined {
  const certBlocks = decodePem(certPem);
  const certs = certBlocks.filter((b) => b.type === 'CERTIFICATE');
  if (certs.length === 0) {
    const skipped = certBlocks.map((b) => b.type);
    if (skipped.length === 0) return 'tls: failed to find any PEM data in certificate input';
    if (skipped.length === 1 && skipped[0]!.endsWith('PRIVATE KEY')) {
      return 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched';
    }
    return `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`;
  }
  const keyBlocks = decodePem(keyPem);
  const keyIndex = keyBlocks.findIndex((b) => b.type === 'PRIVATE KEY' || b.type.endsWith(' PRIVATE KEY'));
  if (keyIndex < 0) {
    const skipped = keyBlocks.map((b) => b.type);
    if (skipped.length === 0) return 'tls: failed to find any PEM data in key input';
    if (skipped.length === 1 && skipped[0] === 'CERTIFICATE') return 'tls: found a certificate rather than a key in the PEM for the private key';
    return `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`;
  }

  let publicKey: KeyObject;
  try {
    publicKey = new X509Certificate(certs[0]!.bytes).publicKey;
  } catch {
    // Go's texts for malformed DER vary with the defect; this is the outermost one.
    return 'x509: malformed certificate';
  }
  if (publicKey.asymmetricKeyType === 'ec' && !goCurves.has(publicKey.asymmetricKeyDetails?.namedCurve ?? '')) {
    return 'x509: unsupported elliptic curve';
  }
  const parsed = parseGoPrivateKey(keyBlocks[keyIndex]!.bytes);
  if (typeof parsed === 'string') return parsed;

  const publicType = publicKey.asymmetricKeyType ?? '';
  if (!['rsa', 'ec', 'ed25519'].includes(publicType)) return 'tls: unknown public key algorithm';
  if (parsed.asymmetricKeyType !== publicType) return 'tls: private key type does not match public key type';
  if (!samePublicKey(publicKey, createPublicKey(parsed))) return 'tls: private key does not match public key';
  return undefined;
}

/** The NIST curves Go's crypto/x509 accepts. */
const goCurves = new Set(['secp224r1', 'prime256v1', 'secp384r1', 'secp521r1']);

/** Go tries PKCS#1, then PKCS#8 (RSA, ECDSA, Ed25519 only), then SEC 1 EC keys. */
function parseGoPrivateKey(der: Buffer): KeyObject | string {
  for (const type of ['pkcs1', 'pkcs8', 'sec1'] as const) {
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: der, format: 'der', type });
    } catch {
      continue;
    }
    if (key.asymmetricKeyType === 'x25519') return 'tls: found unknown private key type in PKCS#8 wrapping';
    const supported = key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'ed25519' ||
      (key.asymmetricKeyType === 'ec' && goCurves.has(key.asymmetricKeyDetails?.namedCurve ?? ''));
    if (supported) return key;
  }
  return 'tls: failed to parse private key';
}

/** Go compares the RSA modulus, the EC point, or the Ed25519 key bytes. */
function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  const x = a.export({ format: 'jwk' });
  const y = b.export({ format: 'jwk' });
  return x.n === y.n && x.x === y.x && x.y === y.y;
}

const pemBegin = '-----BEGIN ';
const pemEnd = '\n-----END ';
const pemDashes = '-----';
const strictBase64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Every block Go's encoding/pem.Decode finds, in order (malformed blocks are skipped as Go skips them). */
function decodePem(input: Uint8Array): PemBlock[] {
  const blocks: PemBlock[] = [];
  let rest = Buffer.from(input).toString('latin1'); // one char per byte, as Go sees it
  for (;;) {
    const found = decodeOnePem(rest);
    if (!found) return blocks;
    blocks.push(found.block);
    rest = found.rest;
  }
}

/** A line without its `\n`, trailing spaces, tabs and `\r` removed; and what follows it. */
function getLine(data: string): [string, string] {
  const i = data.indexOf('\n');
  const [line, rest] = i < 0 ? [data, ''] : [data.slice(0, i), data.slice(i + 1)];
  return [line.replace(/[ \t\r]+$/, ''), rest];
}

function decodeOnePem(data: string): { block: PemBlock; rest: string } | undefined {
  let rest = data;
  for (;;) {
    if (rest.startsWith(pemBegin)) {
      rest = rest.slice(pemBegin.length);
    } else {
      const at = rest.indexOf('\n' + pemBegin);
      if (at < 0) return undefined;
      rest = rest.slice(at + 1 + pemBegin.length);
    }
    let typeLine: string;
    [typeLine, rest] = getLine(rest);
    if (!typeLine.endsWith(pemDashes)) continue;
    const type = typeLine.slice(0, -pemDashes.length);

    let headers = 0;
    let truncated = false;
    for (;;) {
      if (rest.length === 0) { truncated = true; break; }
      const [line, next] = getLine(rest);
      if (!line.includes(':')) break;
      headers++;
      rest = next;
    }
    if (truncated) return undefined;

    let endIndex: number;
    let trailerIndex: number;
    if (headers === 0 && rest.startsWith(pemEnd.slice(1))) {
      endIndex = 0;
      trailerIndex = pemEnd.length - 1;
    } else {
      endIndex = rest.indexOf(pemEnd);
      trailerIndex = endIndex + pemEnd.length;
    }
    if (endIndex < 0) continue;
    const trailerLength = type.length + pemDashes.length;
    const trailer = rest.slice(trailerIndex, trailerIndex + trailerLength);
    if (trailer.length < trailerLength || !trailer.startsWith(type) || !trailer.endsWith(pemDashes)) continue;
    if (getLine(rest.slice(trailerIndex + trailerLength))[0].length !== 0) continue;
    const base64 = rest.slice(0, endIndex).replace(/[ \t\r\n]/g, '');
    if (!strictBase64.test(base64)) continue;
    const block = { type, bytes: Buffer.from(base64, 'base64') };
    return { block, rest: getLine(rest.slice(endIndex + pemEnd.length - 1))[1] };
  }
}
