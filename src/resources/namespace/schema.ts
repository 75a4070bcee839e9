import { Type, type Static } from '@sinclair/typebox';
import { AtomicList, Time, TypeMetaFields } from '../../machinery/schemas/meta.js';

export const NamespaceCondition = Type.Object(
  {
    type: Type.String({ description: 'Type of namespace controller condition.', 'x-go-type': 'v1.NamespaceConditionType' }),
    status: Type.String({ description: 'Status of the condition, one of True, False, Unknown.', 'x-go-type': 'v1.ConditionStatus' }),
    lastTransitionTime: Type.Optional(Time('Last time the condition transitioned from one status to another.')),
    reason: Type.Optional(Type.String({ description: 'Unique, one-word, CamelCase reason for the condition\'s last transition.' })),
    message: Type.Optional(Type.String({ description: 'Human-readable message indicating details about last transition.' })),
  },
  { description: 'NamespaceCondition contains details about state of namespace.' },
);

export const NamespaceSchema = Type.Object(
  {
    ...TypeMetaFields,
    spec: Type.Optional(Type.Object(
      { finalizers: Type.Optional(AtomicList(Type.String({ 'x-go-type': 'v1.FinalizerName' }), 'Finalizers is an opaque list of values that must be empty to permanently remove object from storage.')) },
      { description: 'NamespaceSpec describes the attributes on a Namespace.' },
    )),
    status: Type.Optional(Type.Object(
      {
        phase: Type.Optional(Type.String({ description: 'Phase is the current lifecycle phase of the namespace: Active or Terminating.', enum: ['Active', 'Terminating'], 'x-go-type': 'v1.NamespacePhase' })),
        conditions: Type.Optional(Type.Array(NamespaceCondition, {
          description: 'Represents the latest available observations of a namespace\'s current state.',
          'x-kubernetes-patch-merge-key': 'type', 'x-kubernetes-patch-strategy': 'merge',
          'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'],
        })),
      },
      { description: 'NamespaceStatus is information about the current status of a Namespace.' },
    )),
  },
  { description: 'Namespace provides a scope for Names. Use of multiple namespaces is optional.' },
);

export type Namespace = Static<typeof NamespaceSchema> & { metadata: NonNullable<Static<typeof NamespaceSchema>['metadata']> };

export const FINALIZER_KUBERNETES = 'kubernetes';
/** default, kube-system and kube-public may never be deleted. */
export const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];
export const BUILT_IN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
