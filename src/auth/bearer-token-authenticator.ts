// `Authorization: Bearer <token>` as a request authenticator: no usable header → not ours; a
// token no token authenticator accepts → 401 (even when anonymous requests are allowed).
import type { IncomingMessage } from 'node:http';
import { errors } from '../machinery/status.js';
import type { Authenticator } from './authentication-stage.js';
import { authenticateToken, type TokenAuthenticator } from './token-authenticator.js';

/** The token of an `Authorization: Bearer <token>` header, as Kubernetes' bearertoken reads it. */
export function bearerToken(header: string | undefined): string | undefined {
  const parts = (header ?? '').trim().split(' ');
  if (parts.length < 2 || parts[0]!.toLowerCase() !== 'bearer') return undefined;
  return parts[1] || undefined;
}

export function bearerTokenAuthenticator(
  authenticators: () => readonly TokenAuthenticator[], apiAudiences: readonly string[], log?: (message: string) => void,
): Authenticator {
  return async (req: IncomingMessage) => {
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) return undefined;
    const outcome = await authenticateToken(authenticators(), token, [...apiAudiences]);
    if (!outcome.ok) {
      log?.(`Unable to authenticate the request: ${outcome.error}`);
      throw errors.unauthorized();
    }
    // Nothing after authentication should be tempted to reuse the credential.
    delete req.headers.authorization;
    return outcome.response.user;
  };
}
