import { Type, type Static } from '@sinclair/typebox';
import { MergeList, TypeMetaFields } from '../../machinery/schemas/meta.js';

export const ObjectReferenceSchema = Type.Object(
  {
    kind: Type.Optional(Type.String({ description: 'Kind of the referent.' })),
    namespace: Type.Optional(Type.String({ description: 'Namespace of the referent.' })),
    name: Type.Optional(Type.String({ description: 'Name of the referent.' })),
    uid: Type.Optional(Type.String({ description: 'UID of the referent.', 'x-go-type': 'types.UID' })),
    apiVersion: Type.Optional(Type.String({ description: 'API version of the referent.' })),
    resourceVersion: Type.Optional(Type.String({ description: 'Specific resourceVersion to which this reference is made, if any.' })),
    fieldPath: Type.Optional(Type.String({ description: 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.' })),
  },
  { description: 'ObjectReference contains enough information to let you inspect or modify the referred object.', 'x-kubernetes-map-type': 'atomic' },
);

export const LocalObjectReferenceSchema = Type.Object(
  { name: Type.Optional(Type.String({ description: 'Name of the referent.' })) },
  { description: 'LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.', 'x-kubernetes-map-type': 'atomic' },
);

export const ServiceAccountSchema = Type.Object(
  {
    ...TypeMetaFields,
    secrets: Type.Optional(MergeList(ObjectReferenceSchema, 'name', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a "kubernetes.io/enforce-mountable-secrets" annotation set to "true". The "kubernetes.io/enforce-mountable-secrets" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret')),
    imagePullSecrets: Type.Optional(Type.Array(LocalObjectReferenceSchema, { description: 'ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount. ImagePullSecrets are distinct from Secrets because Secrets can be mounted in the pod, but ImagePullSecrets are only accessed by the kubelet. More info: https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod', 'x-kubernetes-list-type': 'atomic' })),
    automountServiceAccountToken: Type.Optional(Type.Boolean({ description: 'AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted. Can be overridden at the pod level.' })),
  },
  { description: 'ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets' },
);

export type ServiceAccount = Static<typeof ServiceAccountSchema> & { metadata: NonNullable<Static<typeof ServiceAccountSchema>['metadata']> };

/** The service account every namespace gets, and pods use when they name none. */
export const DEFAULT_SERVICE_ACCOUNT = 'default';
