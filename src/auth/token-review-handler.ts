// TokenReview create (Kubernetes' tokenreview REST): runs the server's token authenticators on
// the token for the requested audiences (default: the API server's) and reports the outcome.
import { errors } from '../machinery/status.js';
import type { TokenReview } from '../resources/tokenreview/schema.js';
import type { CustomHandler } from '../resources/types.js';
import { authenticateToken, intersectAudiences, type TokenAuthenticator } from './token-authenticator.js';
import type { UserInfo } from './user.js';

export function tokenReviewHandler(authenticators: () => readonly TokenAuthenticator[], apiAudiences: readonly string[]): CustomHandler {
  return async (request) => {
    const review = (request.body ?? { metadata: {} }) as TokenReview;
    const token = review.spec?.token ?? '';
    if (!token) throw errors.badRequest('token is required for TokenReview in authentication');
    const audiences = review.spec?.audiences?.length ? review.spec.audiences : [...apiAudiences];
    const outcome = await authenticateToken(authenticators(), token, audiences);
    // Go's omitempty: false and empty values are left out; the user struct always appears.
    const status: Record<string, unknown> = {};
    if (outcome.ok) {
      const { user, audiences: accepted } = outcome.response;
      if (audiences.length && !intersectAudiences(audiences, accepted).length) throw errors.internal('error validating audiences');
      status.authenticated = true;
      status.user = userInfoJson(user);
      if (accepted.length) status.audiences = accepted;
    } else {
      status.user = {};
      status.error = outcome.error;
    }
    return {
      code: 201,
      body: {
        kind: 'TokenReview', apiVersion: 'authentication.k8s.io/v1',
        metadata: { ...review.metadata, creationTimestamp: null },
        spec: review.spec ?? {},
        status,
      },
    };
  };
}

function userInfoJson(user: UserInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (user.username) out.username = user.username;
  if (user.uid) out.uid = user.uid;
  if (user.groups.length) out.groups = user.groups;
  if (user.extra && Object.keys(user.extra).length) out.extra = user.extra;
  return out;
}
