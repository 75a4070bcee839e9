// Service account JWTs as bearer tokens (Kubernetes' JWTTokenAuthenticator): only tokens whose
// (unverified) issuer is ours are considered; then signature, issuer, audiences, and the
// validator's checks against live objects.
import { goQuote } from '../machinery/go-format.js';
import type { KubeObject } from '../machinery/object.js';
import { LEGACY_ISSUER, serviceAccountUser, type ServiceAccountInfo } from './service-account-claims.js';
import { unverifiedPayload, verifiedPayload, type VerificationKey } from './service-account-jwt.js';
import { legacyLastUsedDate, validateBoundToken, validateLegacyToken } from './service-account-token-validation.js';
import type { ObjectLookups } from './object-lookups.js';
import { InvalidTokenError, intersectAudiences, type TokenAuthenticator } from './token-authenticator.js';

export interface JwtAuthenticatorOptions {
  issuers: readonly string[];
  keys: readonly VerificationKey[];
  /** The API server's own audiences: what audience-less tokens count as, and what requests accept. */
  implicitAudiences: readonly string[];
  validate(token: string, claims: Record<string, unknown>): Promise<ServiceAccountInfo>;
}

export function jwtTokenAuthenticator(opts: JwtAuthenticatorOptions): TokenAuthenticator {
  return async (token, requestedAudiences) => {
    const unverified = unverifiedPayload(token);
    if (!unverified || !opts.issuers.includes(String(unverified.iss))) return undefined;
    const claims = await verifiedPayload(token, opts.keys);
    const issuer = typeof claims.iss === 'string' ? claims.iss : '';
    if (!opts.issuers.includes(issuer)) throw new InvalidTokenError(`token issuer ${goQuote(issuer)} is invalid`);

    let tokenAudiences = audiencesOf(claims.aud);
    if (!tokenAudiences.length) tokenAudiences = [...opts.implicitAudiences];
    const requested = requestedAudiences.length ? requestedAudiences : [...opts.implicitAudiences];
    const audiences = intersectAudiences(tokenAudiences, requested);
    if (!audiences.length && opts.implicitAudiences.length) {
      throw new InvalidTokenError(`token audiences ${goQuoteList(tokenAudiences)} is invalid for the target audiences ${goQuoteList(requested)}`);
    }
    const info = await opts.validate(token, claims);
    return { user: serviceAccountUser(info), audiences };
  };
}

/** The `aud` claim may be one string or a list (RFC 7519). */
function audiencesOf(aud: unknown): string[] {
  if (typeof aud === 'string') return aud ? [aud] : [];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

/** Go's %q of a []string: `["a" "b"]`. */
const goQuoteList = (values: readonly string[]) => `[${values.map(goQuote).join(' ')}]`;

export interface BoundTokenAuthenticatorOptions {
  issuers: readonly string[];
  keys: readonly VerificationKey[];
  implicitAudiences: readonly string[];
  lookups: ObjectLookups;
  clock?: () => Date;
}

/** TokenRequest (bound, expiring) tokens. */
export function boundServiceAccountAuthenticator(opts: BoundTokenAuthenticatorOptions): TokenAuthenticator {
  const clock = opts.clock ?? (() => new Date());
  return jwtTokenAuthenticator({ ...opts, validate: (_token, claims) => validateBoundToken(claims, clock(), opts.lookups) });
}

export interface LegacyTokenAuthenticatorOptions {
  keys: readonly VerificationKey[];
  implicitAudiences: readonly string[];
  lookups: ObjectLookups;
  /** Records the day a legacy token was used (label kubernetes.io/legacy-token-last-used); best effort. */
  markUsed?: (secret: KubeObject, date: string) => Promise<void>;
  clock?: () => Date;
}

/** Secret-based tokens (issuer kubernetes/serviceaccount) filled in by the tokens controller. */
export function legacyServiceAccountAuthenticator(opts: LegacyTokenAuthenticatorOptions): TokenAuthenticator {
  const clock = opts.clock ?? (() => new Date());
  return jwtTokenAuthenticator({
    issuers: [LEGACY_ISSUER],
    keys: opts.keys,
    implicitAudiences: opts.implicitAudiences,
    validate: async (token, claims) => {
      const { info, secret } = await validateLegacyToken(token, claims, opts.lookups);
      const date = legacyLastUsedDate(secret, clock());
      if (date && opts.markUsed) await opts.markUsed(secret, date).catch(() => undefined);
      return info;
    },
  });
}
