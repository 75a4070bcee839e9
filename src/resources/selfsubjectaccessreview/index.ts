// SelfSubjectAccessReview (authorization.k8s.io/v1): "can I …?" — `kubectl auth can-i`.
import { Type } from '@sinclair/typebox';
import { TypeMetaFields } from '../../machinery/schemas/meta.js';
import { errors } from '../../machinery/status.js';
import { authorizeReview, reviewAttributes, reviewStatus, validateAccessReviewSpec, type AccessReviewSpec } from '../access-review.js';
import { NonResourceAttributes, ResourceAttributes, SubjectAccessReviewStatus } from '../access-review-schema.js';
import { unstoredKind } from '../unstored-kind.js';

const GROUP = 'authorization.k8s.io';

export const SelfSubjectAccessReviewSchema = Type.Object(
  {
    ...TypeMetaFields,
    spec: Type.Object(
      {
        resourceAttributes: Type.Optional(ResourceAttributes),
        nonResourceAttributes: Type.Optional(NonResourceAttributes),
      },
      { description: 'SelfSubjectAccessReviewSpec is a description of the access request.  Exactly one of ResourceAuthorizationAttributes and NonResourceAuthorizationAttributes must be set' },
    ),
    status: Type.Optional(SubjectAccessReviewStatus),
  },
  { description: 'SelfSubjectAccessReview checks whether or the current user can perform an action.  Not filling in a spec.namespace means "in all namespaces".  Self is a special case, because users should always be able to check whether they can perform an action' },
);

export const selfSubjectAccessReviews = unstoredKind({
  group: GROUP, kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', schema: SelfSubjectAccessReviewSchema,
  custom: async ({ body, user }) => {
    const spec = (body?.spec ?? {}) as AccessReviewSpec;
    const problems = validateAccessReviewSpec(spec);
    if (problems.length) throw errors.invalid({ group: GROUP, kind: 'SelfSubjectAccessReview' }, '', problems);
    const decision = authorizeReview(reviewAttributes(user, spec));
    return {
      code: 201,
      body: { kind: 'SelfSubjectAccessReview', apiVersion: `${GROUP}/v1`, metadata: { creationTimestamp: null }, spec, status: reviewStatus(decision) },
    };
  },
});
