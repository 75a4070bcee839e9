// What makes a verified service account token still valid (Kubernetes' pkg/serviceaccount
// validators): its times, and the service account and bound object it names still existing
// with the same UIDs. Messages are Kubernetes' own; they surface in TokenReview errors.
import type { KubeObject } from '../machinery/object.js';
import {
  credentialIdForJti, splitServiceAccountUsername, type ObjectRef, type ServiceAccountInfo,
} from './service-account-claims.js';
import type { ObjectLookups } from './object-lookups.js';
import { InvalidTokenError } from './token-authenticator.js';

/** go-jose's default leeway for exp/nbf/iat, also the grace for objects being deleted. */
export const LEEWAY_SECONDS = 60;
export const LEGACY_INVALID_SINCE_LABEL = 'kubernetes.io/legacy-token-invalid-since';
export const LEGACY_LAST_USED_LABEL = 'kubernetes.io/legacy-token-last-used';

const invalid = (message: string) => new InvalidTokenError(message);
const INVALIDATED = 'service account token has been invalidated';

/** go-jose Claims.ValidateWithLeeway, in its order: nbf, exp, iat. */
export function tokenTimeProblem(claims: Record<string, unknown>, now: Date): string | undefined {
  const at = now.getTime() / 1000;
  const nbf = numericDate(claims.nbf);
  const exp = numericDate(claims.exp);
  const iat = numericDate(claims.iat);
  if (nbf !== undefined && at + LEEWAY_SECONDS < nbf) return 'service account token is not valid yet';
  if (exp !== undefined && at - LEEWAY_SECONDS > exp) return 'service account token has expired';
  if (iat !== undefined && at + LEEWAY_SECONDS < iat) return 'service account token is issued in the future';
  return undefined;
}

const numericDate = (v: unknown) => (typeof v === 'number' ? v : undefined);

/** Validates a bound (TokenRequest) token's private claims against the live objects. */
export async function validateBoundToken(claims: Record<string, unknown>, now: Date, lookups: ObjectLookups): Promise<ServiceAccountInfo> {
  const timeProblem = tokenTimeProblem(claims, now);
  if (timeProblem) throw invalid(timeProblem);
  const invalidIfDeletedBefore = now.getTime() - LEEWAY_SECONDS * 1000;
  const deleted = (obj: KubeObject) => {
    const ts = obj.metadata.deletionTimestamp;
    return typeof ts === 'string' && Date.parse(ts) < invalidIfDeletedBefore;
  };
  const k8s = record(claims['kubernetes.io']);
  const namespace = text(k8s.namespace);
  const saRef = ref(k8s.serviceaccount) ?? { name: '', uid: '' };
  const podRef = ref(k8s.pod);
  const secretRef = ref(k8s.secret);
  const nodeRef = ref(k8s.node);

  const sa = await lookupOr(() => lookups.serviceAccount(namespace, saRef.name), (message) => message);
  if (sa.metadata.uid !== saRef.uid) throw invalid(`service account UID (${sa.metadata.uid ?? ''}) does not match claim (${saRef.uid})`);
  if (deleted(sa)) throw invalid(`service account ${namespace}/${saRef.name} has been deleted`);

  if (secretRef) {
    const secret = await lookupOr(() => lookups.secret(namespace, secretRef.name), () => INVALIDATED);
    if (secret.metadata.uid !== secretRef.uid) {
      throw invalid(`secret UID (${secret.metadata.uid ?? ''}) does not match service account secret ref claim (${secretRef.uid})`);
    }
    if (deleted(secret)) throw invalid(INVALIDATED);
  }
  if (podRef) {
    const pod = await lookupOr(() => lookups.pod(namespace, podRef.name), () => INVALIDATED);
    if (pod.metadata.uid !== podRef.uid) {
      throw invalid(`pod UID (${pod.metadata.uid ?? ''}) does not match service account pod ref claim (${podRef.uid})`);
    }
    if (deleted(pod)) throw invalid(INVALIDATED);
  }
  let node: ServiceAccountInfo['node'];
  if (nodeRef && podRef) {
    // Pod-bound tokens only carry the node for information.
    node = { name: nodeRef.name, uid: nodeRef.uid || undefined };
  } else if (nodeRef) {
    const found = await lookupOr(() => lookups.node(nodeRef.name), () => INVALIDATED);
    if (found.metadata.uid !== nodeRef.uid) {
      throw invalid(`node UID (${found.metadata.uid ?? ''}) does not match service account node ref claim (${nodeRef.uid})`);
    }
    if (deleted(found)) throw invalid(INVALIDATED);
    node = { name: nodeRef.name, uid: nodeRef.uid };
  }

  const info: ServiceAccountInfo = { namespace, name: saRef.name, uid: saRef.uid };
  if (podRef) info.pod = podRef;
  if (node) info.node = node;
  const credentialId = credentialIdForJti(typeof claims.jti === 'string' ? claims.jti : undefined);
  if (credentialId) info.credentialId = credentialId;
  return info;
}

/** Validates a secret-based token: its claims, its Secret (holding exactly this token) and its service account. */
export async function validateLegacyToken(
  token: string, claims: Record<string, unknown>, lookups: ObjectLookups,
): Promise<{ info: ServiceAccountInfo; secret: KubeObject }> {
  const sub = text(claims.sub);
  const namespace = text(claims['kubernetes.io/serviceaccount/namespace']);
  const secretName = text(claims['kubernetes.io/serviceaccount/secret.name']);
  const name = text(claims['kubernetes.io/serviceaccount/service-account.name']);
  const uid = text(claims['kubernetes.io/serviceaccount/service-account.uid']);
  if (!sub) throw invalid('sub claim is missing');
  if (!namespace) throw invalid('namespace claim is missing');
  if (!secretName) throw invalid('secretName claim is missing');
  if (!name) throw invalid('serviceAccountName claim is missing');
  if (!uid) throw invalid('serviceAccountUID claim is missing');
  const subject = splitServiceAccountUsername(sub);
  if (!subject || subject.namespace !== namespace || subject.name !== name) throw invalid('sub claim is invalid');

  const secret = await lookupOr(() => lookups.secret(namespace, secretName), () => 'Token has been invalidated');
  if (secret.metadata.deletionTimestamp) throw invalid('Token has been invalidated');
  const stored = record(secret.data).token;
  if (typeof stored !== 'string' || Buffer.from(stored, 'base64').toString('utf8') !== token) {
    throw invalid("Token does not match server's copy");
  }
  const sa = await lookupOr(() => lookups.serviceAccount(namespace, name), (message) => message);
  if (sa.metadata.deletionTimestamp) throw invalid(`ServiceAccount ${namespace}/${name} has been deleted`);
  if (sa.metadata.uid !== uid) throw invalid(`ServiceAccount UID (${sa.metadata.uid ?? ''}) does not match claim (${uid})`);
  if (secret.metadata.labels?.[LEGACY_INVALID_SINCE_LABEL]) {
    throw invalid(
      `the token in secret ${namespace}/${secretName} for service account ${namespace}/${name} has been marked invalid. ` +
      'Use tokens from the TokenRequest API or manually created secret-based tokens, or remove the ' +
      `'${LEGACY_INVALID_SINCE_LABEL}' label from the secret to temporarily allow use of this token`,
    );
  }
  return { info: { namespace, name, uid }, secret };
}

/** The last-used date to record on a legacy token Secret, or undefined when today's (or tomorrow's) is there. */
export function legacyLastUsedDate(secret: KubeObject, now: Date): string | undefined {
  const today = now.toISOString().slice(0, 10);
  const tomorrow = new Date(now.getTime() + 24 * 3600 * 1000).toISOString().slice(0, 10);
  const lastUsed = secret.metadata.labels?.[LEGACY_LAST_USED_LABEL];
  return lastUsed === today || lastUsed === tomorrow ? undefined : today;
}

async function lookupOr(get: () => Promise<KubeObject>, reason: (message: string) => string): Promise<KubeObject> {
  try {
    return await get();
  } catch (e) {
    throw invalid(reason(e instanceof Error ? e.message : String(e)));
  }
}

const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {});
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function ref(v: unknown): ObjectRef | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const r = v as Record<string, unknown>;
  return { name: text(r.name), uid: text(r.uid) };
}
