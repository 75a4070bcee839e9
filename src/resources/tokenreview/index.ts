// TokenReview (authentication.k8s.io/v1): "who is this token?", answered by the server's token
// authenticators; never stored. The real handler is bound at server start (see auth/token-review-handler).
import type { CustomHandler } from '../types.js';
import { notConfigured, unstoredKind } from '../unstored-kind.js';
import { TokenReviewSchema } from './schema.js';

export const tokenReviewDefinition = (custom: CustomHandler) => unstoredKind({
  group: 'authentication.k8s.io', version: 'v1', kind: 'TokenReview', plural: 'tokenreviews',
  namespaced: false, schema: TokenReviewSchema, custom,
});

export const tokenReviews = tokenReviewDefinition(notConfigured('token review'));
