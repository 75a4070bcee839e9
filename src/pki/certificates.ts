// Creation of the cluster's X.509 material: a self-signed CA and the serving and
// client certificates it signs. Keys are ECDSA P-256 (accepted by Go's crypto/tls,
// hence kubectl and client-go), exported as PEM PKCS#8 ("PRIVATE KEY").
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { normalizeSubjectAltNames, type SubjectAltNames } from './subject-alt-names.js';

export interface KeyPairPem {
  certPem: string;
  keyPem: string;
}

export { classifySubjectAltNames, normalizeSubjectAltNames, readSubjectAltNames, type SubjectAltNames } from './subject-alt-names.js';

export interface ClientCertificateRequest {
  /** Becomes the subject CN: the Kubernetes user name. */
  user: string;
  /** Each becomes one subject O: the Kubernetes groups. */
  groups: string[];
  validityDays?: number;
}

export const CA_VALIDITY_DAYS = 3650;
// One year, like kubeadm's leaf certificates: long enough not to bother a
// single-node user, short enough that a leaked key does not stay valid for ever.
// The cluster PKI renews serving certificates when they near expiry.
export const SERVING_CERTIFICATE_VALIDITY_DAYS = 365;
export const CLIENT_CERTIFICATE_VALIDITY_DAYS = 365;

export const SERVING_CERTIFICATE_COMMON_NAME = 'arca-apiserver';

// Certificates start slightly in the past so a client whose clock runs a little
// behind does not reject a certificate issued a moment ago (kubeadm does the same).
const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const KEY_ALGORITHM: EcKeyGenParams & EcKeyImportParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING_ALGORITHM: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

export async function createCertificateAuthority(commonName: string): Promise<KeyPairPem> {
  requireNonEmpty(commonName, 'CA common name');
  const keys = await generateKeyPair();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: [{ CN: [commonName] }],
    keys,
    signingAlgorithm: SIGNING_ALGORITHM,
    ...validityPeriod(CA_VALIDITY_DAYS),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: certificate.toString('pem'), keyPem: await exportPrivateKeyPem(keys.privateKey) };
}

export async function issueServingCertificate(ca: KeyPairPem, sans: SubjectAltNames): Promise<KeyPairPem> {
  const names = normalizeSubjectAltNames(sans);
  if (names.dnsNames.length + names.ipAddresses.length === 0) {
    throw new Error('a serving certificate needs at least one DNS name or IP address');
  }
  return issueLeafCertificate(ca, {
    subject: [{ CN: [SERVING_CERTIFICATE_COMMON_NAME] }],
    validityDays: SERVING_CERTIFICATE_VALIDITY_DAYS,
    extendedKeyUsage: x509.ExtendedKeyUsage.serverAuth,
    extraExtensions: [
      new x509.SubjectAlternativeNameExtension([
        ...names.dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ...names.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
      ]),
    ],
  });
}

export async function issueClientCertificate(ca: KeyPairPem, request: ClientCertificateRequest): Promise<KeyPairPem> {
  requireNonEmpty(request.user, 'client certificate user');
  request.groups.forEach((group) => requireNonEmpty(group, 'client certificate group'));
  return issueLeafCertificate(ca, {
    // O before CN, the order Go's pkix.Name writes them in.
    subject: [...request.groups.map((group) => ({ O: [group] })), { CN: [request.user] }],
    validityDays: request.validityDays ?? CLIENT_CERTIFICATE_VALIDITY_DAYS,
    extendedKeyUsage: x509.ExtendedKeyUsage.clientAuth,
    extraExtensions: [],
  });
}

interface LeafCertificateSpec {
  subject: x509.JsonName;
  validityDays: number;
  extendedKeyUsage: x509.ExtendedKeyUsage;
  extraExtensions: x509.Extension[];
}

async function issueLeafCertificate(ca: KeyPairPem, spec: LeafCertificateSpec): Promise<KeyPairPem> {
  const caCertificate = new x509.X509Certificate(ca.certPem);
  const caKey = await importPrivateKeyPem(ca.keyPem);
  const keys = await generateKeyPair();
  const certificate = await x509.X509CertificateGenerator.create({
    subject: spec.subject,
    issuer: caCertificate.subjectName,
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: SIGNING_ALGORITHM,
    ...validityPeriod(spec.validityDays),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      // digitalSignature is the only usage an ECDSA key has in TLS.
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([spec.extendedKeyUsage]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await authorityKeyIdentifier(caCertificate),
      ...spec.extraExtensions,
    ],
  });
  return { certPem: certificate.toString('pem'), keyPem: await exportPrivateKeyPem(keys.privateKey) };
}

async function authorityKeyIdentifier(caCertificate: x509.X509Certificate): Promise<x509.AuthorityKeyIdentifierExtension> {
  const caKeyId = caCertificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  return caKeyId === undefined
    ? x509.AuthorityKeyIdentifierExtension.create(caCertificate.publicKey)
    : new x509.AuthorityKeyIdentifierExtension(caKeyId);
}

function validityPeriod(days: number): { notBefore: Date; notAfter: Date } {
  if (!Number.isInteger(days) || days <= 0) throw new Error(`validity must be a positive number of days, got ${days}`);
  const now = Date.now();
  return { notBefore: new Date(now - CLOCK_SKEW_ALLOWANCE_MS), notAfter: new Date(now + days * DAY_MS) };
}

async function generateKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
}

async function exportPrivateKeyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

async function importPrivateKeyPem(pem: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(pem), KEY_ALGORITHM, false, ['sign']);
}

function requireNonEmpty(value: string, what: string): void {
  if (value.trim() === '') throw new Error(`${what} must not be empty`);
}
