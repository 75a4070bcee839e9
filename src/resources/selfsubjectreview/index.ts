// SelfSubjectReview (authentication.k8s.io/v1): "who am I?" — `kubectl auth whoami`.
import { Type } from '@sinclair/typebox';
import { formatTime } from '../../machinery/object.js';
import { TypeMetaFields } from '../../machinery/schemas/meta.js';
import { unstoredKind } from '../unstored-kind.js';

const GROUP = 'authentication.k8s.io';

export const SelfSubjectReviewSchema = Type.Object(
  {
    ...TypeMetaFields,
    status: Type.Optional(Type.Unknown({ description: 'Status is filled in by the server with the user attributes.' })),
  },
  { description: 'SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request. When using impersonation, users will receive the user info of the user being impersonated.  If impersonation or request header authentication is used, any extra keys will have their case ignored and returned as lowercase.' },
);

export const selfSubjectReviews = unstoredKind({
  group: GROUP, kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', schema: SelfSubjectReviewSchema,
  custom: async ({ user }) => {
    const userInfo: Record<string, unknown> = { username: user.username };
    if (user.uid) userInfo.uid = user.uid;
    if (user.groups.length) userInfo.groups = user.groups;
    if (user.extra && Object.keys(user.extra).length) userInfo.extra = user.extra;
    return {
      code: 201,
      body: { kind: 'SelfSubjectReview', apiVersion: `${GROUP}/v1`, metadata: { creationTimestamp: formatTime(new Date()) }, status: { userInfo } },
    };
  },
});
