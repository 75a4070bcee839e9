// authentication.k8s.io/v1 TokenRequest: the body of POST …/serviceaccounts/<name>/token.
import { Type, type Static } from '@sinclair/typebox';
import { Time, TypeMetaFields } from '../../machinery/schemas/meta.js';

export const BoundObjectReferenceSchema = Type.Object(
  {
    kind: Type.Optional(Type.String({ description: 'Kind of the referent. Valid kinds are \'Pod\' and \'Secret\'.' })),
    apiVersion: Type.Optional(Type.String({ description: 'API version of the referent.' })),
    name: Type.Optional(Type.String({ description: 'Name of the referent.' })),
    uid: Type.Optional(Type.String({ description: 'UID of the referent.', 'x-go-type': 'types.UID' })),
  },
  { description: 'BoundObjectReference is a reference to an object that a token is bound to.' },
);

export const TokenRequestSchema = Type.Object(
  {
    ...TypeMetaFields,
    spec: Type.Optional(Type.Object(
      {
        audiences: Type.Optional(Type.Array(Type.String(), { description: 'Audiences are the intendend audiences of the token. A recipient of a token must identify themself with an identifier in the list of audiences of the token, and otherwise should reject the token. A token issued for multiple audiences may be used to authenticate against any of the audiences listed but implies a high degree of trust between the target audiences.', 'x-kubernetes-list-type': 'atomic' })),
        expirationSeconds: Type.Optional(Type.Integer({ description: 'ExpirationSeconds is the requested duration of validity of the request. The token issuer may return a token with a different validity duration so a client needs to check the \'expiration\' field in a response.', format: 'int64' })),
        boundObjectRef: Type.Optional(Type.Union([BoundObjectReferenceSchema, Type.Null()], { description: 'BoundObjectRef is a reference to an object that the token will be bound to. The token will only be valid for as long as the bound object exists.' })),
      },
      { description: 'TokenRequestSpec contains client provided parameters of a token request.' },
    )),
    status: Type.Optional(Type.Object(
      {
        token: Type.Optional(Type.String({ description: 'Token is the opaque bearer token.' })),
        expirationTimestamp: Type.Optional(Time('ExpirationTimestamp is the time of expiration of the returned token.')),
      },
      { description: 'TokenRequestStatus is the result of a token request.' },
    )),
  },
  { description: 'TokenRequest requests a token for a given service account.' },
);

export type TokenRequest = Static<typeof TokenRequestSchema> & { metadata: NonNullable<Static<typeof TokenRequestSchema>['metadata']> };
export type BoundObjectReference = Static<typeof BoundObjectReferenceSchema>;
