// The protobuf messages of the kinds Arca accepts in `application/vnd.kubernetes.protobuf`
// bodies, written once as a table and turned into protobufjs types at load time.
// Field numbers and proto names follow the upstream generated.proto files (k8s.io/api core/v1,
// rbac/v1, authorization/v1, authentication/v1; k8s.io/apimachinery meta/v1 and runtime).
// Adding a kind: describe its messages in MESSAGES and list the kind in KINDS_BY_GROUP_VERSION.
import protobuf from 'protobufjs';
import { trackDecodingOf, type GoMessageNames } from './wire-errors.js';

type Scalar = 'string' | 'bool' | 'int32' | 'int64' | 'bytes';

export interface FieldSpec {
  id: number;
  /** A scalar type or the name of another entry of MESSAGES. */
  type: Scalar | string;
  /** `map` fields always have string keys in Kubernetes types. */
  rule?: 'repeated' | 'map';
  /**
   * The Go field is a pointer (`*bool`, `*int64`, `*Struct`): it is on the wire exactly when set,
   * so its JSON key is present whenever the wire has it, even for false, 0 or an empty struct.
   * Non-pointer scalars are always on the wire and drop out of JSON when zero; non-pointer
   * structs always appear in JSON.
   */
  pointer?: boolean;
  /** JSON key when it differs from the proto field name. */
  json?: string;
}

/** How a message is written in JSON when it is not a plain object of its fields. */
export type JsonShape = 'time' | 'rawJson' | 'stringList';

export interface MessageSpec {
  fields: Record<string, FieldSpec>;
  shape?: JsonShape;
  /** The Go type whose decoder reads this message, when its name differs (decode errors name it). */
  goName?: string;
}

const string = (id: number, more: Partial<FieldSpec> = {}): FieldSpec => ({ id, type: 'string', ...more });
const bool = (id: number, more: Partial<FieldSpec> = {}): FieldSpec => ({ id, type: 'bool', ...more });
const int64 = (id: number, more: Partial<FieldSpec> = {}): FieldSpec => ({ id, type: 'int64', ...more });
const message = (id: number, type: string, more: Partial<FieldSpec> = {}): FieldSpec => ({ id, type, ...more });
const repeated = (id: number, type: string): FieldSpec => ({ id, type, rule: 'repeated' });
const map = (id: number, valueType: string): FieldSpec => ({ id, type: valueType, rule: 'map' });
const pointer = { pointer: true };
const metadata = message(1, 'ObjectMeta');

export const MESSAGES: Readonly<Record<string, MessageSpec>> = {
  // k8s.io/apimachinery/pkg/runtime
  Unknown: { fields: { typeMeta: message(1, 'TypeMeta'), raw: { id: 2, type: 'bytes' }, contentEncoding: string(3), contentType: string(4) } },
  TypeMeta: { fields: { apiVersion: string(1), kind: string(2) } },

  // k8s.io/apimachinery/pkg/apis/meta/v1
  ObjectMeta: {
    fields: {
      name: string(1),
      generateName: string(2),
      namespace: string(3),
      selfLink: string(4),
      uid: string(5),
      resourceVersion: string(6),
      generation: int64(7),
      creationTimestamp: message(8, 'Time'),
      deletionTimestamp: message(9, 'Time', pointer),
      deletionGracePeriodSeconds: int64(10, pointer),
      labels: map(11, 'string'),
      annotations: map(12, 'string'),
      ownerReferences: repeated(13, 'OwnerReference'),
      finalizers: repeated(14, 'string'),
      managedFields: repeated(17, 'ManagedFieldsEntry'),
    },
  },
  Time: { shape: 'time', goName: 'Timestamp', fields: { seconds: int64(1), nanos: { id: 2, type: 'int32' } } },
  OwnerReference: {
    fields: {
      apiVersion: string(5),
      kind: string(1),
      name: string(3),
      uid: string(4),
      controller: bool(6, pointer),
      blockOwnerDeletion: bool(7, pointer),
    },
  },
  ManagedFieldsEntry: {
    fields: {
      manager: string(1),
      operation: string(2),
      apiVersion: string(3),
      time: message(4, 'Time', pointer),
      fieldsType: string(6),
      fieldsV1: message(7, 'FieldsV1', pointer),
      subresource: string(8),
    },
  },
  FieldsV1: { shape: 'rawJson', fields: { Raw: { id: 1, type: 'bytes' } } },
  LabelSelector: { fields: { matchLabels: map(1, 'string'), matchExpressions: repeated(2, 'LabelSelectorRequirement') } },
  LabelSelectorRequirement: { fields: { key: string(1), operator: string(2), values: repeated(3, 'string') } },
  FieldSelectorRequirement: { fields: { key: string(1), operator: string(2), values: repeated(3, 'string') } },
  DeleteOptions: {
    fields: {
      gracePeriodSeconds: int64(1, pointer),
      preconditions: message(2, 'Preconditions', pointer),
      orphanDependents: bool(3, pointer),
      propagationPolicy: string(4, pointer),
      dryRun: repeated(5, 'string'),
      ignoreStoreReadErrorWithClusterBreakingPotential: bool(6, pointer),
    },
  },
  Preconditions: { fields: { uid: string(1, pointer), resourceVersion: string(2, pointer) } },

  // k8s.io/api/core/v1
  ConfigMap: { fields: { metadata, immutable: bool(4, pointer), data: map(2, 'string'), binaryData: map(3, 'bytes') } },
  Secret: {
    fields: { metadata, immutable: bool(5, pointer), data: map(2, 'bytes'), stringData: map(4, 'string'), type: string(3) },
  },
  Namespace: { fields: { metadata, spec: message(2, 'NamespaceSpec'), status: message(3, 'NamespaceStatus') } },
  NamespaceSpec: { fields: { finalizers: repeated(1, 'string') } },
  NamespaceStatus: { fields: { phase: string(1), conditions: repeated(2, 'NamespaceCondition') } },
  NamespaceCondition: {
    fields: { type: string(1), status: string(2), lastTransitionTime: message(4, 'Time'), reason: string(5), message: string(6) },
  },
  ServiceAccount: {
    fields: {
      metadata,
      secrets: repeated(2, 'ObjectReference'),
      imagePullSecrets: repeated(3, 'LocalObjectReference'),
      automountServiceAccountToken: bool(4, pointer),
    },
  },
  ObjectReference: {
    fields: {
      kind: string(1),
      namespace: string(2),
      name: string(3),
      uid: string(4),
      apiVersion: string(5),
      resourceVersion: string(6),
      fieldPath: string(7),
    },
  },
  LocalObjectReference: { fields: { name: string(1) } },

  // k8s.io/api/rbac/v1
  Role: { fields: { metadata, rules: repeated(2, 'PolicyRule') } },
  ClusterRole: { fields: { metadata, rules: repeated(2, 'PolicyRule'), aggregationRule: message(3, 'AggregationRule', pointer) } },
  AggregationRule: { fields: { clusterRoleSelectors: repeated(1, 'LabelSelector') } },
  RoleBinding: { fields: { metadata, subjects: repeated(2, 'Subject'), roleRef: message(3, 'RoleRef') } },
  ClusterRoleBinding: { fields: { metadata, subjects: repeated(2, 'Subject'), roleRef: message(3, 'RoleRef') } },
  PolicyRule: {
    fields: {
      verbs: repeated(1, 'string'),
      apiGroups: repeated(2, 'string'),
      resources: repeated(3, 'string'),
      resourceNames: repeated(4, 'string'),
      nonResourceURLs: repeated(5, 'string'),
    },
  },
  Subject: { fields: { kind: string(1), apiGroup: string(2), name: string(3), namespace: string(4) } },
  RoleRef: { fields: { apiGroup: string(1), kind: string(2), name: string(3) } },

  // k8s.io/api/authorization/v1
  SelfSubjectAccessReview: {
    fields: { metadata, spec: message(2, 'SelfSubjectAccessReviewSpec'), status: message(3, 'SubjectAccessReviewStatus') },
  },
  SelfSubjectAccessReviewSpec: {
    fields: {
      resourceAttributes: message(1, 'ResourceAttributes', pointer),
      nonResourceAttributes: message(2, 'NonResourceAttributes', pointer),
    },
  },
  SubjectAccessReview: {
    fields: { metadata, spec: message(2, 'SubjectAccessReviewSpec'), status: message(3, 'SubjectAccessReviewStatus') },
  },
  SubjectAccessReviewSpec: {
    fields: {
      resourceAttributes: message(1, 'ResourceAttributes', pointer),
      nonResourceAttributes: message(2, 'NonResourceAttributes', pointer),
      user: string(3),
      groups: repeated(4, 'string'),
      extra: map(5, 'ExtraValue'),
      uid: string(6),
    },
  },
  SubjectAccessReviewStatus: { fields: { allowed: bool(1), denied: bool(4), reason: string(2), evaluationError: string(3) } },
  ResourceAttributes: {
    fields: {
      namespace: string(1),
      verb: string(2),
      group: string(3),
      version: string(4),
      resource: string(5),
      subresource: string(6),
      name: string(7),
      fieldSelector: message(8, 'FieldSelectorAttributes', pointer),
      labelSelector: message(9, 'LabelSelectorAttributes', pointer),
    },
  },
  NonResourceAttributes: { fields: { path: string(1), verb: string(2) } },
  FieldSelectorAttributes: { fields: { rawSelector: string(1), requirements: repeated(2, 'FieldSelectorRequirement') } },
  LabelSelectorAttributes: { fields: { rawSelector: string(1), requirements: repeated(2, 'LabelSelectorRequirement') } },
  // authorization/v1 and authentication/v1 each declare this same message; one copy serves both.
  ExtraValue: { shape: 'stringList', fields: { items: repeated(1, 'string') } },
  SelfSubjectRulesReview: {
    fields: { metadata, spec: message(2, 'SelfSubjectRulesReviewSpec'), status: message(3, 'SubjectRulesReviewStatus') },
  },
  SelfSubjectRulesReviewSpec: { fields: { namespace: string(1) } },
  SubjectRulesReviewStatus: {
    fields: {
      resourceRules: repeated(1, 'ResourceRule'),
      nonResourceRules: repeated(2, 'NonResourceRule'),
      incomplete: bool(3),
      evaluationError: string(4),
    },
  },
  ResourceRule: {
    fields: {
      verbs: repeated(1, 'string'),
      apiGroups: repeated(2, 'string'),
      resources: repeated(3, 'string'),
      resourceNames: repeated(4, 'string'),
    },
  },
  NonResourceRule: { fields: { verbs: repeated(1, 'string'), nonResourceURLs: repeated(2, 'string') } },

  // k8s.io/api/authentication/v1
  TokenRequest: { fields: { metadata, spec: message(2, 'TokenRequestSpec'), status: message(3, 'TokenRequestStatus') } },
  TokenRequestSpec: {
    fields: {
      audiences: repeated(1, 'string'),
      expirationSeconds: int64(4, pointer),
      boundObjectRef: message(3, 'BoundObjectReference', pointer),
    },
  },
  TokenRequestStatus: { fields: { token: string(1), expirationTimestamp: message(2, 'Time') } },
  BoundObjectReference: { fields: { kind: string(1), apiVersion: string(2), name: string(3), uID: string(4, { json: 'uid' }) } },
  TokenReview: { fields: { metadata, spec: message(2, 'TokenReviewSpec'), status: message(3, 'TokenReviewStatus') } },
  TokenReviewSpec: { fields: { token: string(1), audiences: repeated(2, 'string') } },
  TokenReviewStatus: {
    fields: { authenticated: bool(1), user: message(2, 'UserInfo'), audiences: repeated(4, 'string'), error: string(3) },
  },
  SelfSubjectReview: { fields: { metadata, status: message(2, 'SelfSubjectReviewStatus') } },
  SelfSubjectReviewStatus: { fields: { userInfo: message(1, 'UserInfo') } },
  UserInfo: { fields: { username: string(1), uid: string(2), groups: repeated(3, 'string'), extra: map(4, 'ExtraValue') } },
};

/** Top-level kinds per group version; each kind's message carries the kind's name. */
const KINDS_BY_GROUP_VERSION: Readonly<Record<string, readonly string[]>> = {
  v1: ['ConfigMap', 'Secret', 'Namespace', 'ServiceAccount'],
  'rbac.authorization.k8s.io/v1': ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
  'authorization.k8s.io/v1': ['SelfSubjectAccessReview', 'SubjectAccessReview', 'SelfSubjectRulesReview'],
  'authentication.k8s.io/v1': ['TokenRequest', 'TokenReview', 'SelfSubjectReview'],
  'meta.k8s.io/v1': [],
};

/** metav1.AddToGroupVersion registers the option kinds in every group version. */
const KINDS_IN_EVERY_GROUP_VERSION = ['DeleteOptions'];

/** Whether a kind is one of those every group version carries (one Go type under many group versions). */
export function isKindInEveryGroupVersion(kind: string): boolean {
  return KINDS_IN_EVERY_GROUP_VERSION.includes(kind);
}

/** Whether `apiVersion` + `kind` is a kind this decoder knows (the scheme's "registered" test). */
export function isRegisteredKind(apiVersion: string, kind: string): boolean {
  if (!Object.hasOwn(KINDS_BY_GROUP_VERSION, apiVersion)) return false;
  return KINDS_BY_GROUP_VERSION[apiVersion].includes(kind) || KINDS_IN_EVERY_GROUP_VERSION.includes(kind);
}

// Go spells these field names with initialisms; the rest only capitalise the first letter.
const GO_FIELD_NAMES: Readonly<Record<string, string>> = {
  metadata: 'ObjectMeta',
  apiVersion: 'APIVersion',
  apiGroup: 'APIGroup',
  apiGroups: 'APIGroups',
  uid: 'UID',
  uID: 'UID',
};

function goNames(messageName: string, spec: MessageSpec): GoMessageNames {
  const goFieldNames = new Map<number, string>();
  for (const [name, field] of Object.entries(spec.fields)) {
    goFieldNames.set(field.id, GO_FIELD_NAMES[name] ?? name[0].toUpperCase() + name.slice(1));
  }
  return { goName: spec.goName ?? messageName, goFieldNames };
}

function buildRoot(): protobuf.Root {
  const root = new protobuf.Root();
  for (const [name, spec] of Object.entries(MESSAGES)) {
    const type = new protobuf.Type(name);
    for (const [fieldName, field] of Object.entries(spec.fields)) {
      type.add(
        field.rule === 'map'
          ? new protobuf.MapField(fieldName, field.id, 'string', field.type)
          : new protobuf.Field(fieldName, field.id, field.type, field.rule === 'repeated' ? 'repeated' : 'optional'),
      );
    }
    root.add(type);
  }
  root.resolveAll();
  for (const [name, spec] of Object.entries(MESSAGES)) {
    const type = root.lookupType(name);
    // Generate the codecs now, so the tracking wrapper is the decode that nested messages call.
    type.setup();
    trackDecodingOf(type, goNames(name, spec));
  }
  return root;
}

const root = buildRoot();

export function protobufType(messageName: string): protobuf.Type {
  return root.lookupType(messageName);
}
