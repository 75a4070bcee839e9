// The rbac.authorization.k8s.io/v1 types the four RBAC kinds share, with their Go names as `$id`
// (so OpenAPI and kubectl explain name them) and upstream's descriptions.
import { Type, type Static } from '@sinclair/typebox';

const stringList = (description: string) => Type.Array(Type.String(), { description, 'x-kubernetes-list-type': 'atomic' });

export const PolicyRule = Type.Object(
  {
    verbs: stringList('Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule. \'*\' represents all verbs.'),
    apiGroups: Type.Optional(stringList('APIGroups is the name of the APIGroup that contains the resources.  If multiple API groups are specified, any action requested against one of the enumerated resources in any API group will be allowed. "" represents the core API group and "*" represents all API groups.')),
    resources: Type.Optional(stringList('Resources is a list of resources this rule applies to. \'*\' represents all resources.')),
    resourceNames: Type.Optional(stringList('ResourceNames is an optional white list of names that the rule applies to.  An empty set means that everything is allowed.')),
    nonResourceURLs: Type.Optional(stringList('NonResourceURLs is a set of partial urls that a user should have access to.  *s are allowed, but only as the full, final step in the path Since non-resource URLs are not namespaced, this field is only applicable for ClusterRoles referenced from a ClusterRoleBinding. Rules can either apply to API resources (such as "pods" or "secrets") or non-resource URL paths (such as "/api"),  but not both.')),
  },
  { $id: 'PolicyRule', description: 'PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to.' },
);

export const Subject = Type.Object(
  {
    kind: Type.String({ description: 'Kind of object being referenced. Values defined by this API group are "User", "Group", and "ServiceAccount". If the Authorizer does not recognized the kind value, the Authorizer should report an error.' }),
    apiGroup: Type.Optional(Type.String({ description: 'APIGroup holds the API group of the referenced subject. Defaults to "" for ServiceAccount subjects. Defaults to "rbac.authorization.k8s.io" for User and Group subjects.' })),
    name: Type.String({ description: 'Name of the object being referenced.' }),
    namespace: Type.Optional(Type.String({ description: 'Namespace of the referenced object.  If the object kind is non-namespace, such as "User" or "Group", and this value is not empty the Authorizer should report an error.' })),
  },
  { $id: 'Subject', description: 'Subject contains a reference to the object or user identities a role binding applies to.  This can either hold a direct API object reference, or a value for non-objects such as user and group names.', 'x-kubernetes-map-type': 'atomic' },
);

export const RoleRef = Type.Object(
  {
    apiGroup: Type.String({ description: 'APIGroup is the group for the resource being referenced' }),
    kind: Type.String({ description: 'Kind is the type of resource being referenced' }),
    name: Type.String({ description: 'Name is the name of resource being referenced' }),
  },
  { $id: 'RoleRef', description: 'RoleRef contains information that points to the role being used', 'x-kubernetes-map-type': 'atomic' },
);

const LabelSelectorRequirement = Type.Object(
  {
    key: Type.String({ description: 'key is the label key that the selector applies to.' }),
    operator: Type.String({ description: 'operator represents a key\'s relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist.' }),
    values: Type.Optional(stringList('values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. This array is replaced during a strategic merge patch.')),
  },
  { $id: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement', description: 'A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.' },
);

const LabelSelector = Type.Object(
  {
    matchLabels: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.' })),
    matchExpressions: Type.Optional(Type.Array(LabelSelectorRequirement, { description: 'matchExpressions is a list of label selector requirements. The requirements are ANDed.', 'x-kubernetes-list-type': 'atomic' })),
  },
  { $id: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector', description: 'A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects.', 'x-kubernetes-map-type': 'atomic' },
);

export const AggregationRule = Type.Object(
  {
    clusterRoleSelectors: Type.Optional(Type.Array(LabelSelector, {
      description: 'ClusterRoleSelectors holds a list of selectors which will be used to find ClusterRoles and create the rules. If any of the selectors match, then the ClusterRole\'s permissions will be added',
      'x-kubernetes-list-type': 'atomic',
    })),
  },
  { $id: 'AggregationRule', description: 'AggregationRule describes how to locate ClusterRoles to aggregate into the ClusterRole' },
);

export const rulesField = (owner: 'Role' | 'ClusterRole') =>
  Type.Optional(Type.Array(PolicyRule, { description: `Rules holds all the PolicyRules for this ${owner}`, 'x-kubernetes-list-type': 'atomic' }));

export const subjectsField = Type.Optional(Type.Array(Subject, { description: 'Subjects holds references to the objects the role applies to.', 'x-kubernetes-list-type': 'atomic' }));

export type PolicyRuleValue = Static<typeof PolicyRule>;
export type SubjectValue = Static<typeof Subject>;
export type RoleRefValue = Static<typeof RoleRef>;
