// POST …/serviceaccounts/<name>/token (Kubernetes' TokenREST): issues a bound service account
// JWT for an existing service account, optionally bound to a Pod, Secret or Node that must exist.
import { randomUUID } from 'node:crypto';
import { fieldError, type FieldError } from '../machinery/field-errors.js';
import { formatTime, type KubeObject } from '../machinery/object.js';
import { errors, StatusError } from '../machinery/status.js';
import type { BoundObjectReference, TokenRequest } from '../resources/serviceaccount/token-request-schema.js';
import type { CustomHandler } from '../resources/types.js';
import type { ObjectLookups } from './object-lookups.js';
import {
  boundTokenClaims, EXTENDED_EXPIRATION_SECONDS, WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS, type BoundTokenRequest,
} from './service-account-claims.js';
import { signJwt, type SigningKey } from './service-account-jwt.js';

export const DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 10 * 60;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
const TOKEN_REQUEST = { group: 'authentication.k8s.io', kind: 'TokenRequest' };

export interface TokenIssuerOptions {
  issuer: string;
  /** The API server's audiences: the default for requests that name none. */
  apiAudiences: string[];
  key: SigningKey;
  lookups: ObjectLookups;
  /** --service-account-extend-token-expiration (default true). */
  extendExpiration?: boolean;
  clock?: () => Date;
  newTokenId?: () => string;
}

/** ValidateTokenRequest: the requested lifetime must lie in [10 minutes, 2^32 seconds]. */
export function validateTokenRequestSpec(expirationSeconds: number): FieldError[] {
  const errs: FieldError[] = [];
  if (expirationSeconds < MIN_EXPIRATION_SECONDS) {
    errs.push(fieldError.invalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration less than 10 minutes'));
  }
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
    errs.push(fieldError.invalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration larger than 2^32 seconds'));
  }
  return errs;
}

export function tokenRequestHandler(opts: TokenIssuerOptions): CustomHandler {
  const clock = opts.clock ?? (() => new Date());
  const newTokenId = opts.newTokenId ?? randomUUID;
  return async (request) => {
    const namespace = request.namespace ?? '';
    const name = request.name ?? '';
    const body = (request.body ?? { metadata: {} }) as TokenRequest;
    const meta = body.metadata;
    if (meta.name && meta.name !== name) {
      throw errors.invalid(TOKEN_REQUEST, name, [fieldError.invalid('metadata.name', meta.name, 'must match the service account name if specified')]);
    }
    if (meta.namespace && meta.namespace !== namespace) {
      throw errors.invalid(TOKEN_REQUEST, name, [fieldError.invalid('metadata.namespace', meta.namespace, 'must match the service account namespace if specified')]);
    }
    const sa = await opts.lookups.serviceAccount(namespace, name);

    const spec = body.spec ?? {};
    const audiences = spec.audiences?.length ? spec.audiences : [...opts.apiAudiences];
    const expirationSeconds = spec.expirationSeconds ?? DEFAULT_TOKEN_EXPIRATION_SECONDS;
    const now = clock();
    const problems = validateTokenRequestSpec(expirationSeconds);
    if (problems.length) throw errors.invalid(TOKEN_REQUEST, '', problems);

    const bound = spec.boundObjectRef ? await lookupBoundObject(opts.lookups, namespace, name, spec.boundObjectRef) : {};

    // Safe rollout of projected tokens: the kubelet's 3607 s asks get a year, flagged after 3607 s.
    let lifetime = expirationSeconds;
    let warnAfterSeconds = 0;
    const forApiServer = audiences.every((a) => opts.apiAudiences.includes(a));
    if ((opts.extendExpiration ?? true) && bound.pod && expirationSeconds === WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS && forApiServer) {
      warnAfterSeconds = expirationSeconds;
      lifetime = EXTENDED_EXPIRATION_SECONDS;
    }
    const claims = boundTokenClaims({
      issuer: opts.issuer,
      serviceAccount: { namespace, name, uid: sa.metadata.uid ?? '' },
      ...bound,
      audiences, expirationSeconds: lifetime, warnAfterSeconds, now, jti: newTokenId(),
    });
    const token = await signJwt(opts.key, claims);

    const outSpec: Record<string, unknown> = { audiences, expirationSeconds };
    if (spec.boundObjectRef) outSpec.boundObjectRef = spec.boundObjectRef;
    return {
      code: 201,
      body: {
        kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1',
        metadata: { ...meta, name: meta.name || name, namespace: meta.namespace || namespace, creationTimestamp: formatTime(now) },
        spec: outSpec,
        status: { token, expirationTimestamp: formatTime(new Date(now.getTime() + expirationSeconds * 1000)) },
      },
    };
  };
}

type BoundObjects = Pick<BoundTokenRequest, 'pod' | 'secret' | 'node'>;

/** The object a token is bound to; it must exist (and match a given UID). */
async function lookupBoundObject(lookups: ObjectLookups, namespace: string, saName: string, ref: BoundObjectReference): Promise<BoundObjects> {
  const { group, version } = parseApiVersion(ref.apiVersion ?? '');
  const kind = ref.kind ?? '';
  const refName = ref.name ?? '';
  let obj: KubeObject;
  const bound: BoundObjects = {};
  if (group === '' && kind === 'Pod') {
    obj = await lookups.pod(namespace, refName);
    const spec = (obj.spec ?? {}) as { serviceAccountName?: string; nodeName?: string };
    if (saName !== spec.serviceAccountName) {
      throw errors.badRequest(`cannot bind token for serviceaccount "${saName}" to pod running with different serviceaccount name.`);
    }
    bound.pod = { name: obj.metadata.name ?? refName, uid: obj.metadata.uid ?? '' };
    if (spec.nodeName) bound.node = await nodeOfPod(lookups, spec.nodeName);
  } else if (group === '' && kind === 'Node') {
    obj = await lookups.node(refName);
    bound.node = { name: obj.metadata.name ?? refName, uid: obj.metadata.uid ?? '' };
  } else if (group === '' && kind === 'Secret') {
    obj = await lookups.secret(namespace, refName);
    bound.secret = { name: obj.metadata.name ?? refName, uid: obj.metadata.uid ?? '' };
  } else {
    throw errors.badRequest(`cannot bind token to object of type ${group}/${version}, Kind=${kind}`);
  }
  if (ref.uid && ref.uid !== obj.metadata.uid) {
    throw errors.conflict({ group, resource: kind }, refName,
      `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
  }
  return bound;
}

/** A pod's node, for information: only its name when the Node object is not found. */
async function nodeOfPod(lookups: ObjectLookups, nodeName: string): Promise<{ name: string; uid?: string }> {
  try {
    const node = await lookups.node(nodeName);
    return { name: nodeName, uid: node.metadata.uid };
  } catch (e) {
    if (e instanceof StatusError && e.reason === 'NotFound') return { name: nodeName };
    throw errors.internal(e instanceof Error ? e.message : String(e));
  }
}

/** schema.ParseGroupVersion: `v1` is the core group, `g/v` a named one. */
function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
