// SubjectAccessReview (authorization.k8s.io/v1): "can this user …?", asked on someone's behalf.
import { Type } from '@sinclair/typebox';
import type { UserInfo } from '../../auth/user.js';
import { fieldError } from '../../machinery/field-errors.js';
import { TypeMetaFields } from '../../machinery/schemas/meta.js';
import { errors } from '../../machinery/status.js';
import { authorizeReview, reviewAttributes, reviewStatus, validateAccessReviewSpec, type AccessReviewSpec } from '../access-review.js';
import { NonResourceAttributes, ResourceAttributes, SubjectAccessReviewStatus } from '../access-review-schema.js';
import { unstoredKind } from '../unstored-kind.js';

const GROUP = 'authorization.k8s.io';

interface SubjectAccessReviewSpec extends AccessReviewSpec {
  user?: string; groups?: string[]; extra?: Record<string, string[]>; uid?: string;
}

export const SubjectAccessReviewSchema = Type.Object(
  {
    ...TypeMetaFields,
    spec: Type.Object(
      {
        resourceAttributes: Type.Optional(ResourceAttributes),
        nonResourceAttributes: Type.Optional(NonResourceAttributes),
        user: Type.Optional(Type.String({ description: 'User is the user you\'re testing for. If you specify "User" but not "Groups", then is it interpreted as "What if User were not a member of any groups' })),
        groups: Type.Optional(Type.Array(Type.String(), { description: 'Groups is the groups you\'re testing for.', 'x-kubernetes-list-type': 'atomic' })),
        extra: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()), { description: 'Extra corresponds to the user.Info.GetExtra() method from the authenticator.  Since that is input to the authorizer it needs a reflection here.' })),
        uid: Type.Optional(Type.String({ description: 'UID information about the requesting user.' })),
      },
      { description: 'SubjectAccessReviewSpec is a description of the access request.  Exactly one of ResourceAuthorizationAttributes and NonResourceAuthorizationAttributes must be set' },
    ),
    status: Type.Optional(SubjectAccessReviewStatus),
  },
  { description: 'SubjectAccessReview checks whether or not a user or group can perform an action.' },
);

export const subjectAccessReviews = unstoredKind({
  group: GROUP, kind: 'SubjectAccessReview', plural: 'subjectaccessreviews', schema: SubjectAccessReviewSchema,
  custom: async ({ body }) => {
    const spec = (body?.spec ?? {}) as SubjectAccessReviewSpec;
    const problems = validateAccessReviewSpec(spec);
    if (!spec.user && !spec.groups?.length) problems.push(fieldError.invalid('spec.user', spec.user ?? '', 'at least one of user or group must be specified'));
    if (problems.length) throw errors.invalid({ group: GROUP, kind: 'SubjectAccessReview' }, '', problems);
    const subject: UserInfo = { username: spec.user ?? '', groups: spec.groups ?? [] };
    if (spec.uid) subject.uid = spec.uid;
    if (spec.extra) subject.extra = spec.extra;
    const decision = authorizeReview(reviewAttributes(subject, spec));
    return {
      code: 201,
      body: { kind: 'SubjectAccessReview', apiVersion: `${GROUP}/v1`, metadata: { creationTimestamp: null }, spec, status: reviewStatus(decision) },
    };
  },
});
