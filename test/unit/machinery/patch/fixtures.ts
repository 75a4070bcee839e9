// Small schemas with the shapes patch tests need: a Pod-like kind with lists merged by key,
// a ConfigMap-like kind with a data map, and the MergeItem type of Kubernetes' own
// strategic-merge-patch tests (apimachinery strategicpatch/patch_test.go).
import { Type } from '@sinclair/typebox';

const mergeList = <T extends Parameters<typeof Type.Array>[0]>(items: T, key: string, strategy = 'merge') =>
  Type.Array(items, { 'x-kubernetes-patch-merge-key': key, 'x-kubernetes-patch-strategy': strategy });

export const Metadata = Type.Object({
  name: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
  resourceVersion: Type.Optional(Type.String()),
  labels: Type.Optional(Type.Record(Type.String(), Type.String())),
  annotations: Type.Optional(Type.Record(Type.String(), Type.String())),
  finalizers: Type.Optional(Type.Array(Type.String(), { 'x-kubernetes-patch-strategy': 'merge' })),
  creationTimestamp: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

const EnvVar = Type.Object({ name: Type.String(), value: Type.Optional(Type.String()) });
const ContainerPort = Type.Object({
  name: Type.Optional(Type.String()),
  containerPort: Type.Integer(),
  protocol: Type.Optional(Type.String()),
});
const Container = Type.Object({
  name: Type.String(),
  image: Type.Optional(Type.String()),
  args: Type.Optional(Type.Array(Type.String())),
  env: Type.Optional(mergeList(EnvVar, 'name')),
  ports: Type.Optional(mergeList(ContainerPort, 'containerPort')),
});
const Volume = Type.Object({
  name: Type.String(),
  configMap: Type.Optional(Type.Object({ name: Type.String() })),
  secret: Type.Optional(Type.Object({ secretName: Type.String() })),
  emptyDir: Type.Optional(Type.Object({ medium: Type.Optional(Type.String()) })),
});

export const PodSchema = Type.Object({
  apiVersion: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
  metadata: Type.Optional(Metadata),
  spec: Type.Optional(Type.Object({
    containers: mergeList(Container, 'name'),
    volumes: Type.Optional(mergeList(Volume, 'name', 'merge,retainKeys')),
    nodeSelector: Type.Optional(Type.Record(Type.String(), Type.String())),
    tolerations: Type.Optional(Type.Array(Type.Object({ key: Type.String(), effect: Type.Optional(Type.String()) }))),
    securityContext: Type.Optional(Type.Object({ runAsUser: Type.Optional(Type.Integer()), runAsGroup: Type.Optional(Type.Integer()) }, { 'x-kubernetes-patch-strategy': 'replace' })),
    overhead: Type.Optional(Type.Unknown()),
  })),
});

export const ConfigMapSchema = Type.Object({
  apiVersion: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
  metadata: Type.Optional(Metadata),
  data: Type.Optional(Type.Record(Type.String(), Type.String())),
  binaryData: Type.Optional(Type.Record(Type.String(), Type.String())),
  immutable: Type.Optional(Type.Boolean()),
});

/** Kubernetes' test type: recursive, with merging and non-merging lists of maps and of ints. */
export const MergeItemSchema = Type.Recursive((Self) => Type.Object({
  name: Type.Optional(Type.Unknown()),
  value: Type.Optional(Type.Unknown()),
  other: Type.Optional(Type.Unknown()),
  mergingList: Type.Optional(mergeList(Self, 'name')),
  nonMergingList: Type.Optional(Type.Array(Self)),
  mergingIntList: Type.Optional(Type.Array(Type.Integer(), { 'x-kubernetes-patch-strategy': 'merge' })),
  nonMergingIntList: Type.Optional(Type.Array(Type.Integer())),
  mergeItemPtr: Type.Optional(mergeList(Self, 'name')),
  simpleMap: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  retainKeysMap: Type.Optional(Type.Object({
    name: Type.Optional(Type.Unknown()),
    value: Type.Optional(Type.Unknown()),
    other: Type.Optional(Type.Unknown()),
    simpleMap: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    mergingIntList: Type.Optional(Type.Array(Type.Integer(), { 'x-kubernetes-patch-strategy': 'merge' })),
    mergingList: Type.Optional(mergeList(Self, 'name')),
    nonMergingList: Type.Optional(Type.Array(Self)),
  }, { 'x-kubernetes-patch-strategy': 'retainKeys' })),
  retainKeysMergingList: Type.Optional(mergeList(Self, 'name', 'merge,retainKeys')),
}), { $id: 'MergeItem' });
