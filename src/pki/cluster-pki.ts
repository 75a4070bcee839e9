// The cluster's PKI on disk (<dataDir>/pki/): created on first start, reused after,
// with leaf certificates reissued only when they no longer fit (SANs changed, near
// expiry, not signed by the CA, key lost). The CA itself is never replaced silently:
// that would invalidate every kubeconfig handed out.
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { OWNER_ONLY_MODE, WORLD_READABLE_MODE, writeFileAtomically } from './atomic-file.js';
import type { KeyPairPem } from './certificates.js';
import { classifySubjectAltNames, normalizeSubjectAltNames, readSubjectAltNames, type SubjectAltNames } from './subject-alt-names.js';

/** Issuing loads @peculiar/x509 (about half a second); a restart with valid certificates never needs it. */
const issuing = () => import('./certificates.js');

export const CA_COMMON_NAME = 'arca-ca';
/** The identity of the admin kubeconfig; system:masters bypasses RBAC, as in Kubernetes. */
export const ADMIN_USER = 'arca-admin';
export const ADMIN_GROUPS: readonly string[] = ['system:masters'];
/** Leaf certificates this close to expiry are reissued at start-up. */
export const RENEW_BEFORE_EXPIRY_DAYS = 30;

/** Names every serving certificate carries, before the host name and the extra SANs. */
const DEFAULT_SERVING_SANS = ['localhost', '127.0.0.1', '::1'];
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ClusterPkiPaths {
  dir: string;
  caCert: string;
  caKey: string;
  servingCert: string;
  servingKey: string;
  adminCert: string;
  adminKey: string;
}

export interface ClusterPki {
  paths: ClusterPkiPaths;
  ca: KeyPairPem;
  serving: KeyPairPem;
  admin: KeyPairPem;
  /** What was generated or reissued during this call, one sentence each; empty when all was reused. */
  log: string[];
}

export function clusterPkiPaths(dataDir: string): ClusterPkiPaths {
  const dir = join(dataDir, 'pki');
  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    servingCert: join(dir, 'apiserver.crt'),
    servingKey: join(dir, 'apiserver.key'),
    adminCert: join(dir, 'admin.crt'),
    adminKey: join(dir, 'admin.key'),
  };
}

/** The SANs the serving certificate must carry: loopback names, this host's name, then the extras. */
export function requestedServingSubjectAltNames(extraSans: readonly string[], hostName: string = hostname()): SubjectAltNames {
  return normalizeSubjectAltNames(classifySubjectAltNames([...DEFAULT_SERVING_SANS, hostName, ...extraSans]));
}

/** "added …; removed …" between two normalized SAN sets, or undefined when they are equal. */
export function describeSubjectAltNameChange(current: SubjectAltNames, requested: SubjectAltNames): string | undefined {
  const currentNames = sanLabels(current);
  const requestedNames = sanLabels(requested);
  const added = requestedNames.filter((name) => !currentNames.includes(name));
  const removed = currentNames.filter((name) => !requestedNames.includes(name));
  const parts = [
    ...(added.length > 0 ? [`added ${added.join(', ')}`] : []),
    ...(removed.length > 0 ? [`removed ${removed.join(', ')}`] : []),
  ];
  return parts.length > 0 ? parts.join('; ') : undefined;
}

export async function ensureClusterPki(dataDir: string, opts: { extraSans: string[] }): Promise<ClusterPki> {
  const paths = clusterPkiPaths(dataDir);
  const log: string[] = [];
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });

  const ca = await ensureCertificateAuthority(paths, log);
  const requestedSans = requestedServingSubjectAltNames(opts.extraSans);

  const serving = await ensureLeafCertificate(
    {
      description: 'serving certificate',
      certPath: paths.servingCert,
      keyPath: paths.servingKey,
      issue: async () => (await issuing()).issueServingCertificate(ca, requestedSans),
      issuedDetail: `for ${sanLabels(requestedSans).join(', ')}`,
      reissueReason: (existing) => {
        const change = describeSubjectAltNameChange(normalizeSubjectAltNames(readSubjectAltNames(existing.certPem)), requestedSans);
        return change === undefined ? undefined : `subject alternative names changed (${change})`;
      },
    },
    ca,
    log,
  );

  const admin = await ensureLeafCertificate(
    {
      description: 'admin client certificate',
      certPath: paths.adminCert,
      keyPath: paths.adminKey,
      issue: async () => (await issuing()).issueClientCertificate(ca, { user: ADMIN_USER, groups: [...ADMIN_GROUPS] }),
      issuedDetail: `for user ${ADMIN_USER} in groups ${ADMIN_GROUPS.join(', ')}`,
      reissueReason: () => undefined,
    },
    ca,
    log,
  );

  return { paths, ca, serving, admin, log };
}

/**
 * The client certificate of the node agent `arca up` runs (<dataDir>/pki/node.crt), kept across
 * restarts as a kubelet keeps its own, and reissued when the node name changed or it no longer fits.
 */
export async function ensureNodeClientCertificate(dataDir: string, ca: KeyPairPem, nodeName: string): Promise<KeyPairPem> {
  const { dir } = clusterPkiPaths(dataDir);
  const user = `system:node:${nodeName}`;
  const groups = ['system:nodes'];
  // Node prints the subject one attribute a line, in certificate order: O before CN.
  const subject = [...groups.map((group) => `O=${group}`), `CN=${user}`].join('\n');
  return ensureLeafCertificate(
    {
      description: 'node client certificate',
      certPath: join(dir, 'node.crt'),
      keyPath: join(dir, 'node.key'),
      issue: async () => (await issuing()).issueClientCertificate(ca, { user, groups }),
      issuedDetail: `for user ${user}`,
      reissueReason: (existing) => new X509Certificate(existing.certPem).subject === subject ? undefined : `its subject is not ${user}`,
    },
    ca,
    [],
  );
}

async function ensureCertificateAuthority(paths: ClusterPkiPaths, log: string[]): Promise<KeyPairPem> {
  const certPem = await readIfExists(paths.caCert);
  const keyPem = await readIfExists(paths.caKey);
  if (certPem === undefined && keyPem === undefined) {
    const ca = await (await issuing()).createCertificateAuthority(CA_COMMON_NAME);
    await writeKeyPair(ca, paths.caCert, paths.caKey);
    log.push(`generated cluster CA ${paths.caCert}`);
    return ca;
  }
  if (certPem === undefined || keyPem === undefined) {
    const [missing, present] = certPem === undefined ? [paths.caCert, paths.caKey] : [paths.caKey, paths.caCert];
    throw new Error(
      `incomplete cluster CA: ${missing} is missing; restore it, or remove ${present} to generate a new CA ` +
        '(certificates and kubeconfigs issued by the old CA then stop working)',
    );
  }
  if (!keyMatchesCertificate({ certPem, keyPem })) {
    throw new Error(`cluster CA key ${paths.caKey} does not belong to the certificate ${paths.caCert}`);
  }
  return { certPem, keyPem };
}

interface LeafCertificateSpec {
  description: string;
  certPath: string;
  keyPath: string;
  issue: () => Promise<KeyPairPem>;
  /** Appended to the "issued" log line: what the new certificate is for. */
  issuedDetail: string;
  /** Why an otherwise valid existing certificate no longer fits the request, if it does not. */
  reissueReason: (existing: KeyPairPem) => string | undefined;
}

async function ensureLeafCertificate(spec: LeafCertificateSpec, ca: KeyPairPem, log: string[]): Promise<KeyPairPem> {
  const certPem = await readIfExists(spec.certPath);
  const keyPem = await readIfExists(spec.keyPath);
  if (certPem !== undefined && keyPem !== undefined) {
    const existing = { certPem, keyPem };
    const reason = unusableLeafReason(existing, ca) ?? spec.reissueReason(existing);
    if (reason === undefined) return existing;
    const reissued = await spec.issue();
    await writeKeyPair(reissued, spec.certPath, spec.keyPath);
    log.push(`reissued ${spec.description} ${spec.certPath}: ${reason}`);
    return reissued;
  }
  const issued = await spec.issue();
  await writeKeyPair(issued, spec.certPath, spec.keyPath);
  log.push(`issued ${spec.description} ${spec.certPath} ${spec.issuedDetail}`);
  return issued;
}

function unusableLeafReason(leaf: KeyPairPem, ca: KeyPairPem): string | undefined {
  const certificate = new X509Certificate(leaf.certPem);
  const caCertificate = new X509Certificate(ca.certPem);
  if (!certificate.checkIssued(caCertificate) || !certificate.verify(caCertificate.publicKey)) {
    return 'it is not signed by the cluster CA';
  }
  if (!keyMatchesCertificate(leaf)) return 'its private key does not match it';
  const expiry = new Date(certificate.validTo);
  if (expiry.getTime() - Date.now() < RENEW_BEFORE_EXPIRY_DAYS * DAY_MS) {
    return `it expires ${expiry.toISOString()}`;
  }
  return undefined;
}

function keyMatchesCertificate(pair: KeyPairPem): boolean {
  const fromKey = createPublicKey(createPrivateKey(pair.keyPem)).export({ type: 'spki', format: 'der' });
  const fromCertificate = new X509Certificate(pair.certPem).publicKey.export({ type: 'spki', format: 'der' });
  return fromKey.equals(fromCertificate);
}

async function writeKeyPair(pair: KeyPairPem, certPath: string, keyPath: string): Promise<void> {
  await writeFileAtomically(keyPath, pair.keyPem, OWNER_ONLY_MODE);
  await writeFileAtomically(certPath, pair.certPem, WORLD_READABLE_MODE);
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function sanLabels(sans: SubjectAltNames): string[] {
  return [...sans.dnsNames.map((name) => `DNS:${name}`), ...sans.ipAddresses.map((address) => `IP:${address}`)];
}
