// authentication.k8s.io/v1 TokenReview and the UserInfo that reviews answer with.
import { Type, type Static } from '@sinclair/typebox';
import { TypeMetaFields } from '../../machinery/schemas/meta.js';

export const UserInfoSchema = Type.Object(
  {
    username: Type.Optional(Type.String({ description: 'The name that uniquely identifies this user among all active users.' })),
    uid: Type.Optional(Type.String({ description: 'A unique value that identifies this user across time. If this user is deleted and another user by the same name is added, they will have different UIDs.' })),
    groups: Type.Optional(Type.Array(Type.String(), { description: 'The names of groups this user is a part of.', 'x-kubernetes-list-type': 'atomic' })),
    extra: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()), { description: 'Any additional information provided by the authenticator.' })),
  },
  { description: 'UserInfo holds the information about the user needed to implement the user.Info interface.' },
);

export const TokenReviewSchema = Type.Object(
  {
    ...TypeMetaFields,
    spec: Type.Optional(Type.Object(
      {
        token: Type.Optional(Type.String({ description: 'Token is the opaque bearer token.' })),
        audiences: Type.Optional(Type.Array(Type.String(), { description: 'Audiences is a list of the identifiers that the resource server presented with the token identifies as. Audience-aware token authenticators will verify that the token was intended for at least one of the audiences in this list. If no audiences are provided, the audience will default to the audience of the Kubernetes apiserver.', 'x-kubernetes-list-type': 'atomic' })),
      },
      { description: 'TokenReviewSpec is a description of the token authentication request.' },
    )),
    status: Type.Optional(Type.Object(
      {
        authenticated: Type.Optional(Type.Boolean({ description: 'Authenticated indicates that the token was associated with a known user.' })),
        user: Type.Optional(UserInfoSchema),
        audiences: Type.Optional(Type.Array(Type.String(), { description: 'Audiences are audience identifiers chosen by the authenticator that are compatible with both the TokenReview and token.', 'x-kubernetes-list-type': 'atomic' })),
        error: Type.Optional(Type.String({ description: 'Error indicates that the token couldn\'t be checked' })),
      },
      { description: 'TokenReviewStatus is the result of the token authentication request.' },
    )),
  },
  { description: 'TokenReview attempts to authenticate a token to a known user. Note: TokenReview requests may be cached by the webhook token authenticator plugin in the kube-apiserver.' },
);

export type TokenReview = Static<typeof TokenReviewSchema> & { metadata: NonNullable<Static<typeof TokenReviewSchema>['metadata']> };
