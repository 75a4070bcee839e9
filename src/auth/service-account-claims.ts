// What a service account token says (Kubernetes' pkg/serviceaccount claims and legacy claims)
// and who it names (k8s.io/apiserver authentication/serviceaccount): pure functions.
import { isDNS1123Label, isDNS1123Subdomain } from '../machinery/validation/names.js';
import type { UserInfo } from './user.js';

/** The issuer of secret-based (legacy) tokens, fixed by Kubernetes. */
export const LEGACY_ISSUER = 'kubernetes/serviceaccount';
/** Projected tokens asking for exactly this lifetime get a year, with a warning after it (safe rollout). */
export const WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS = 60 * 60 + 7;
export const EXTENDED_EXPIRATION_SECONDS = 24 * 365 * 60 * 60;

const USERNAME_PREFIX = 'system:serviceaccount:';
export const ALL_SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';

export const extraKeys = {
  podName: 'authentication.kubernetes.io/pod-name',
  podUid: 'authentication.kubernetes.io/pod-uid',
  nodeName: 'authentication.kubernetes.io/node-name',
  nodeUid: 'authentication.kubernetes.io/node-uid',
  credentialId: 'authentication.kubernetes.io/credential-id',
} as const;

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${USERNAME_PREFIX}${namespace}:${name}`;
}

/** `system:serviceaccount:<ns>:<name>` split back, or undefined when it is not a valid one. */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(USERNAME_PREFIX)) return undefined;
  const parts = username.slice(USERNAME_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace, name] = parts as [string, string];
  if (isDNS1123Label(namespace).length || isDNS1123Subdomain(name).length) return undefined;
  return { namespace, name };
}

export function serviceAccountGroups(namespace: string): string[] {
  return [ALL_SERVICE_ACCOUNTS_GROUP, `${ALL_SERVICE_ACCOUNTS_GROUP}:${namespace}`];
}

export interface ObjectRef { name: string; uid: string }

/** What a validated token tells about its service account (ServiceAccountInfo). */
export interface ServiceAccountInfo {
  namespace: string;
  name: string;
  uid: string;
  pod?: ObjectRef;
  node?: { name: string; uid?: string };
  /** `JTI=<jti>` for tokens with an ID. */
  credentialId?: string;
}

/** The user a service account token authenticates as (before system:authenticated is added). */
export function serviceAccountUser(info: ServiceAccountInfo): UserInfo {
  const user: UserInfo = { username: serviceAccountUsername(info.namespace, info.name), uid: info.uid, groups: serviceAccountGroups(info.namespace) };
  const extra: Record<string, string[]> = {};
  if (info.pod?.name && info.pod.uid) {
    extra[extraKeys.podName] = [info.pod.name];
    extra[extraKeys.podUid] = [info.pod.uid];
  }
  if (info.credentialId) extra[extraKeys.credentialId] = [info.credentialId];
  if (info.node?.name) {
    extra[extraKeys.nodeName] = [info.node.name];
    if (info.node.uid) extra[extraKeys.nodeUid] = [info.node.uid];
  }
  if (Object.keys(extra).length) user.extra = extra;
  return user;
}

export const credentialIdForJti = (jti: string | undefined) => (jti ? `JTI=${jti}` : undefined);

export interface BoundTokenRequest {
  issuer: string;
  serviceAccount: { namespace: string; name: string; uid: string };
  /** At most one of pod and secret; node only alongside a pod (or alone for node-bound tokens). */
  pod?: ObjectRef;
  secret?: ObjectRef;
  node?: { name: string; uid?: string };
  audiences: string[];
  expirationSeconds: number;
  /** Non-zero: seconds after which use is flagged (the 3607 s rollout extension). */
  warnAfterSeconds?: number;
  now: Date;
  jti: string;
}

/** The claims of a bound token; keys in the order Go's JSON encoder writes a map (sorted). */
export function boundTokenClaims(req: BoundTokenRequest): Record<string, unknown> {
  const seconds = Math.floor(req.now.getTime() / 1000);
  const kubernetes: Record<string, unknown> = { namespace: req.serviceAccount.namespace };
  if (req.pod) {
    if (req.node) kubernetes.node = refClaim(req.node);
    kubernetes.pod = refClaim(req.pod);
  } else if (req.secret) {
    kubernetes.secret = refClaim(req.secret);
  } else if (req.node) {
    kubernetes.node = refClaim(req.node);
  }
  kubernetes.serviceaccount = refClaim(req.serviceAccount);
  if (req.warnAfterSeconds) kubernetes.warnafter = seconds + req.warnAfterSeconds;
  return {
    aud: req.audiences,
    exp: seconds + req.expirationSeconds,
    iat: seconds,
    iss: req.issuer,
    jti: req.jti,
    'kubernetes.io': kubernetes,
    nbf: seconds,
    sub: serviceAccountUsername(req.serviceAccount.namespace, req.serviceAccount.name),
  };
}

/** name/uid with empty values left out, as Go's omitempty does. */
function refClaim(ref: { name: string; uid?: string }): Record<string, string> {
  const out: Record<string, string> = {};
  if (ref.name) out.name = ref.name;
  if (ref.uid) out.uid = ref.uid;
  return out;
}

/** The claims of a secret-based token (no expiry), keys sorted as Go writes them. */
export function legacyTokenClaims(serviceAccount: { namespace: string; name: string; uid: string }, secretName: string): Record<string, unknown> {
  return {
    iss: LEGACY_ISSUER,
    'kubernetes.io/serviceaccount/namespace': serviceAccount.namespace,
    'kubernetes.io/serviceaccount/secret.name': secretName,
    'kubernetes.io/serviceaccount/service-account.name': serviceAccount.name,
    'kubernetes.io/serviceaccount/service-account.uid': serviceAccount.uid,
    sub: serviceAccountUsername(serviceAccount.namespace, serviceAccount.name),
  };
}
