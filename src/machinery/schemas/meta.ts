// Schemas shared by every kind: ObjectMeta and its parts. Written once with TypeBox, they give
// unknown-field checks, patch merge keys and the OpenAPI document kubectl explains from.
import { Type, type TSchema } from '@sinclair/typebox';

export const StringMap = (description: string) => Type.Record(Type.String(), Type.String(), { description });

/** A list merged element-by-element on `key` by strategic merge patch. */
export const MergeList = <T extends TSchema>(items: T, key: string, description: string, retainKeys = false) =>
  Type.Array(items, {
    description,
    'x-kubernetes-patch-merge-key': key,
    'x-kubernetes-patch-strategy': retainKeys ? 'merge,retainKeys' : 'merge',
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': [key],
  });

/** A list of strings merged as a set by strategic merge patch. */
export const MergeSet = (description: string) =>
  Type.Array(Type.String(), { description, 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' });

/** A list replaced wholesale by every kind of patch. */
export const AtomicList = <T extends TSchema>(items: T, description: string) =>
  Type.Array(items, { description, 'x-kubernetes-list-type': 'atomic' });

export const Time = (description: string) => Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description });

export const OwnerReference = Type.Object(
  {
    apiVersion: Type.String({ description: 'API version of the referent.' }),
    kind: Type.String({ description: 'Kind of the referent.' }),
    name: Type.String({ description: 'Name of the referent.' }),
    uid: Type.String({ description: 'UID of the referent.', 'x-go-type': 'types.UID' }),
    controller: Type.Optional(Type.Boolean({ description: 'If true, this reference points to the managing controller.' })),
    blockOwnerDeletion: Type.Optional(Type.Boolean({ description: 'If true, the owner cannot be deleted from storage until this reference is removed (foreground deletion).' })),
  },
  { description: 'OwnerReference identifies an object that owns this one; owned objects are garbage-collected with their owner.', 'x-kubernetes-map-type': 'atomic' },
);

export const ManagedFieldsEntry = Type.Object(
  {
    manager: Type.Optional(Type.String({ description: 'The identifier of the workflow managing these fields.' })),
    operation: Type.Optional(Type.String({ description: 'The type of operation which led to this entry being created: Apply or Update.', 'x-go-type': 'v1.ManagedFieldsOperationType' })),
    apiVersion: Type.Optional(Type.String({ description: 'The version of the resource this field set applies to.' })),
    time: Type.Optional(Time('Timestamp of when these fields were set.')),
    fieldsType: Type.Optional(Type.String({ description: 'The format of the fieldsV1 field; the only valid value is "FieldsV1".' })),
    fieldsV1: Type.Optional(Type.Unknown({ description: 'The set of fields owned, in the FieldsV1 trie format.' })),
    subresource: Type.Optional(Type.String({ description: 'The name of the subresource used to update the object, empty for the main resource.' })),
  },
  { description: 'ManagedFieldsEntry records which manager owns which fields of an object, and how it set them.' },
);

export const ObjectMeta = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'Name must be unique within a namespace. It is required when creating resources (unless generateName is set) and cannot be updated.' })),
    generateName: Type.Optional(Type.String({ description: 'An optional prefix used by the server to generate a unique name, only when name is not provided.' })),
    namespace: Type.Optional(Type.String({ description: 'Namespace defines the space within which each name must be unique. Empty means the "default" namespace for namespaced kinds; cluster-scoped kinds have none.' })),
    selfLink: Type.Optional(Type.String({ description: 'Deprecated; always empty.' })),
    uid: Type.Optional(Type.String({ description: 'UID is the unique in time and space value for this object, set by the server on create. Read-only.', 'x-go-type': 'types.UID' })),
    resourceVersion: Type.Optional(Type.String({ description: 'An opaque value that represents the internal version of this object, used for optimistic concurrency, change detection and watches. Read-only.' })),
    generation: Type.Optional(Type.Integer({ description: 'A sequence number representing a specific generation of the desired state. Read-only.' })),
    creationTimestamp: Type.Optional(Time('The time this object was created, set by the server. Read-only.')),
    deletionTimestamp: Type.Optional(Time('The time after which this object will be deleted, set by the server when a graceful deletion is requested. Read-only.')),
    deletionGracePeriodSeconds: Type.Optional(Type.Integer({ description: 'Seconds allowed for graceful termination before the object is removed. Read-only.' })),
    labels: Type.Optional(StringMap('Map of string keys and values that can be used to organize and categorize (scope and select) objects.')),
    annotations: Type.Optional(StringMap('An unstructured key value map stored with a resource that tools may set to store and retrieve arbitrary metadata. Not queryable.')),
    ownerReferences: Type.Optional(MergeList(OwnerReference, 'uid', 'List of objects depended on by this object.')),
    finalizers: Type.Optional(MergeSet('Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list.')),
    managedFields: Type.Optional(AtomicList(ManagedFieldsEntry, 'Maps workflow-id and version to the set of fields that are managed by that workflow.')),
  },
  { description: 'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.' },
);

/** The common top of every kind's schema. */
export const TypeMetaFields = {
  apiVersion: Type.Optional(Type.String({ description: 'APIVersion defines the versioned schema of this representation of an object.' })),
  kind: Type.Optional(Type.String({ description: 'Kind is a string value representing the REST resource this object represents. In CamelCase.' })),
  metadata: Type.Optional(ObjectMeta),
};
