// Secret validation (Kubernetes' ValidateSecret / ValidateSecretUpdate) and the
// kubernetes.io/tls warning. Data values are base64 strings as in JSON; every rule that
// looks at contents (sizes, docker JSON, the key pair) works on the decoded bytes.
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { fieldError, FieldPath, type FieldError } from '../../machinery/field-errors.js';
import { goQuote } from '../../machinery/go-format.js';
import { isConfigMapKey, nameIsDNSSubdomain } from '../../machinery/validation/names.js';
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

// ---- Go's json.Unmarshal(bytes, &map[string]interface{}{}) errors ----

const maxNestingDepth = 10000;

/** The error text Go's encoding/json gives when decoding `bytes` into a map, if any. */
export function goJsonObjectError(bytes: Uint8Array): string | undefined {
  const scan = scanGoJson(bytes);
  if (scan.syntaxError) return scan.syntaxError;
  const first = bytes.find((c) => !isJsonSpace(c));
  const kind = first === 0x7b || first === 0x6e ? undefined // object, or null (which leaves the map nil)
    : first === 0x5b ? 'array' : first === 0x22 ? 'string' : first === 0x74 || first === 0x66 ? 'bool' : 'number';
  if (kind) return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
  // Inside the object every value fits interface{}, except numbers beyond float64.
  if (scan.overflowingNumber) return `json: cannot unmarshal number ${scan.overflowingNumber} into Go value of type float64`;
  return undefined;
}

const isJsonSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** encoding/json's quoteChar: the byte as a rune, Go-quoted between single quotes. */
function goQuoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  return `'${goQuote(String.fromCharCode(c)).slice(1, -1)}'`;
}

interface GoJsonScan { syntaxError?: string; overflowingNumber?: string }

/** A byte-at-a-time JSON syntax check with encoding/json's scanner states and messages. */
function scanGoJson(bytes: Uint8Array): GoJsonScan {
  type Step = (c: number) => void;
  const stack: ('objectKey' | 'objectValue' | 'arrayValue')[] = [];
  const result: GoJsonScan = {};
  let error: string | undefined;
  let endTop = false;
  let pos = 0;
  let numberStart = 0;

  const fail = (c: number, context: string) => { error = `invalid character ${goQuoteChar(c)} ${context}`; };
  const push = (c: number, state: (typeof stack)[number], next: Step) => {
    stack.push(state);
    if (stack.length > maxNestingDepth) fail(c, 'exceeded max depth');
    else step = next;
  };
  const pop = () => {
    stack.pop();
    if (stack.length === 0) { step = endTopStep; endTop = true; } else { step = endValue; }
  };
  const literal = (expected: string, name: string, next: Step): Step => (c) => {
    if (c === expected.charCodeAt(0)) step = next;
    else fail(c, `in literal ${name} (expecting '${expected}')`);
  };

  const beginValue: Step = (c) => {
    if (isJsonSpace(c)) return;
    if (c === 0x7b) return push(c, 'objectKey', beginStringOrEmpty);
    if (c === 0x5b) return push(c, 'arrayValue', beginValueOrEmpty);
    if (c === 0x22) { step = inString; return; }
    numberStart = pos;
    if (c === 0x2d) { step = neg; return; }
    if (c === 0x30) { step = zero; return; }
    if (c >= 0x31 && c <= 0x39) { step = oneToNine; return; }
    if (c === 0x74) { step = literal('r', 'true', literal('u', 'true', literal('e', 'true', endValue))); return; }
    if (c === 0x66) { step = literal('a', 'false', literal('l', 'false', literal('s', 'false', literal('e', 'false', endValue)))); return; }
    if (c === 0x6e) { step = literal('u', 'null', literal('l', 'null', literal('l', 'null', endValue))); return; }
    fail(c, 'looking for beginning of value');
  };
  const beginValueOrEmpty: Step = (c) => {
    if (isJsonSpace(c)) return;
    if (c === 0x5d) return endValue(c);
    beginValue(c);
  };
  const beginStringOrEmpty: Step = (c) => {
    if (isJsonSpace(c)) return;
    if (c === 0x7d) { stack[stack.length - 1] = 'objectValue'; return endValue(c); }
    beginString(c);
  };
  const beginString: Step = (c) => {
    if (isJsonSpace(c)) return;
    if (c === 0x22) step = inString;
    else fail(c, 'looking for beginning of object key string');
  };
  const endValue: Step = (c) => {
    const top = stack[stack.length - 1];
    if (top === undefined) { step = endTopStep; endTop = true; return endTopStep(c); }
    if (isJsonSpace(c)) { step = endValue; return; }
    if (top === 'objectKey') {
      if (c === 0x3a) { stack[stack.length - 1] = 'objectValue'; step = beginValue; } else fail(c, 'after object key');
    } else if (top === 'objectValue') {
      if (c === 0x2c) { stack[stack.length - 1] = 'objectKey'; step = beginString; } else if (c === 0x7d) pop();
      else fail(c, 'after object key:value pair');
    } else if (c === 0x2c) step = beginValue;
    else if (c === 0x5d) pop();
    else fail(c, 'after array element');
  };
  const endTopStep: Step = (c) => {
    if (!isJsonSpace(c)) fail(c, 'after top-level value');
  };
  const inString: Step = (c) => {
    if (c === 0x22) step = endValue;
    else if (c === 0x5c) step = inStringEscape;
    else if (c < 0x20) fail(c, 'in string literal');
  };
  const inStringEscape: Step = (c) => {
    if ('bfnrt\\/"'.includes(String.fromCharCode(c))) step = inString;
    else if (c === 0x75) step = hexDigits(4);
    else fail(c, 'in string escape code');
  };
  const hexDigits = (remaining: number): Step => (c) => {
    if (!isHex(c)) return fail(c, 'in \\u hexadecimal character escape');
    step = remaining === 1 ? inString : hexDigits(remaining - 1);
  };
  // Numbers: a number ends at the first byte that cannot continue it.
  const endNumber: Step = (c) => {
    const text = Buffer.from(bytes.subarray(numberStart, pos)).toString('latin1');
    if (!Number.isFinite(Number(text)) && result.overflowingNumber === undefined) result.overflowingNumber = text;
    endValue(c);
  };
  const neg: Step = (c) => {
    if (c === 0x30) step = zero;
    else if (c >= 0x31 && c <= 0x39) step = oneToNine;
    else fail(c, 'in numeric literal');
  };
  const oneToNine: Step = (c) => (isDigit(c) ? undefined : zero(c));
  const zero: Step = (c) => {
    if (c === 0x2e) step = dot;
    else if (c === 0x65 || c === 0x45) step = exponent;
    else endNumber(c);
  };
  const dot: Step = (c) => {
    if (isDigit(c)) step = dotDigits;
    else fail(c, 'after decimal point in numeric literal');
  };
  const dotDigits: Step = (c) => {
    if (isDigit(c)) return;
    if (c === 0x65 || c === 0x45) step = exponent;
    else endNumber(c);
  };
  const exponent: Step = (c) => {
    if (c === 0x2b || c === 0x2d) step = exponentSign;
    else exponentSign(c);
  };
  const exponentSign: Step = (c) => {
    if (isDigit(c)) step = exponentDigits;
    else fail(c, 'in exponent of numeric literal');
  };
  const exponentDigits: Step = (c) => (isDigit(c) ? undefined : endNumber(c));

  let step: Step = beginValue;
  for (pos = 0; pos < bytes.length; pos++) {
    step(bytes[pos]!);
    if (error) return { syntaxError: error };
  }
  // At the end of input a pending number or literal is finished by a virtual space.
  if (!endTop) step(0x20);
  if (error) return { syntaxError: error };
  if (!endTop) return { syntaxError: 'unexpected end of JSON input' };
  return result;
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
