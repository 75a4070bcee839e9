// authorization.k8s.io/v1 parts the access reviews share: what is asked, and the answer.
import { Type } from '@sinclair/typebox';

const str = (description: string) => Type.Optional(Type.String({ description }));

export const ResourceAttributes = Type.Object(
  {
    namespace: str('Namespace is the namespace of the action being requested.  Currently, there is no distinction between no namespace and all namespaces "" (empty) is defaulted for LocalSubjectAccessReviews "" (empty) is empty for cluster-scoped resources "" (empty) means "all" for namespace scoped resources from a SubjectAccessReview or SelfSubjectAccessReview'),
    verb: str('Verb is a kubernetes resource API verb, like: get, list, watch, create, update, delete, proxy.  "*" means all.'),
    group: str('Group is the API Group of the Resource.  "*" means all.'),
    version: str('Version is the API Version of the Resource.  "*" means all.'),
    resource: str('Resource is one of the existing resource types.  "*" means all.'),
    subresource: str('Subresource is one of the existing resource types.  "" means none.'),
    name: str('Name is the name of the resource being requested for a "get" or deleted for a "delete". "" (empty) means all.'),
    fieldSelector: Type.Optional(Type.Unknown({ description: 'fieldSelector describes the limitation on access based on field.  It can only limit access, not broaden it.' })),
    labelSelector: Type.Optional(Type.Unknown({ description: 'labelSelector describes the limitation on access based on labels.  It can only limit access, not broaden it.' })),
  },
  { $id: 'ResourceAttributes', description: 'ResourceAttributes includes the authorization attributes available for resource requests to the Authorizer interface' },
);

export const NonResourceAttributes = Type.Object(
  {
    path: str('Path is the URL path of the request'),
    verb: str('Verb is the standard HTTP verb'),
  },
  { $id: 'NonResourceAttributes', description: 'NonResourceAttributes includes the authorization attributes available for non-resource requests to the Authorizer interface' },
);

export const SubjectAccessReviewStatus = Type.Object(
  {
    allowed: Type.Boolean({ description: 'Allowed is required. True if the action would be allowed, false otherwise.' }),
    denied: Type.Optional(Type.Boolean({ description: 'Denied is optional. True if the action would be denied, otherwise false. If both allowed is false and denied is false, then the authorizer has no opinion on whether to authorize the action. Denied may not be true if Allowed is true.' })),
    reason: str('Reason is optional.  It indicates why a request was allowed or denied.'),
    evaluationError: str('EvaluationError is an indication that some error occurred during the authorization check. It is entirely possible to get an error and be able to continue determine authorization status in spite of it. For instance, RBAC can be missing a role, but enough roles are still present and bound to reason about the request.'),
  },
  { $id: 'SubjectAccessReviewStatus', description: 'SubjectAccessReviewStatus' },
);
