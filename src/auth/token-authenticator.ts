// Bearer-token authentication as Kubernetes composes it: each token authenticator either does
// not recognise a token (undefined), accepts it, or rejects it with a reason; the reasons of
// all rejections make the error, and an unrecognised token is "invalid bearer token".
import type { UserInfo } from './user.js';

export interface TokenAuthResponse {
  user: UserInfo;
  /** The audiences the token was accepted for (empty for tokens without audiences). */
  audiences: string[];
}

/** Thrown by a token authenticator that recognised the token and rejects it. */
export class InvalidTokenError extends Error {}

/** `audiences`: what the caller accepts (the API server's audiences, or a TokenReview's). */
export type TokenAuthenticator = (token: string, audiences: string[]) => Promise<TokenAuthResponse | undefined>;

export type TokenAuthOutcome = { ok: true; response: TokenAuthResponse } | { ok: false; error: string };

const INVALID_BEARER_TOKEN = 'invalid bearer token';
export const AUTHENTICATED_GROUP = 'system:authenticated';

export async function authenticateToken(authenticators: readonly TokenAuthenticator[], token: string, audiences: string[]): Promise<TokenAuthOutcome> {
  const reasons: string[] = [INVALID_BEARER_TOKEN];
  for (const authenticate of authenticators) {
    try {
      const response = await authenticate(token, audiences);
      if (response) return { ok: true, response: { ...response, user: withAuthenticatedGroup(response.user) } };
    } catch (e) {
      if (!(e instanceof InvalidTokenError)) throw e;
      reasons.push(e.message);
    }
  }
  return { ok: false, error: aggregateReasons(reasons) };
}

/** Every authenticated user is in system:authenticated (Kubernetes' AuthenticatedGroupAdder). */
export function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.groups.includes(AUTHENTICATED_GROUP) || user.groups.includes('system:unauthenticated')) return user;
  return { ...user, groups: [...user.groups, AUTHENTICATED_GROUP] };
}

/** utilerrors.NewAggregate: duplicates dropped, one alone, several in brackets. */
function aggregateReasons(reasons: string[]): string {
  const unique = [...new Set(reasons)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

/** Which of the token's audiences the caller accepts, in the token's order (Audiences.Intersect). */
export function intersectAudiences(tokenAudiences: readonly string[], accepted: readonly string[]): string[] {
  return tokenAudiences.filter((a) => accepted.includes(a));
}

/**
 * Tokens that carry no audience (static tokens) are good for the API server's own audiences only
 * (WrapAudienceAgnosticToken): a caller accepting none of those does not recognise them.
 */
export function audienceAgnostic(implicitAudiences: readonly string[], authenticate: TokenAuthenticator): TokenAuthenticator {
  return async (token, audiences) => {
    const accepted = audiences.length ? intersectAudiences(implicitAudiences, audiences) : [...implicitAudiences];
    if (audiences.length && !accepted.length) return undefined;
    const response = await authenticate(token, audiences);
    return response ? { ...response, audiences: accepted } : undefined;
  };
}
