// What a pod bound to a node lets that node read (the Node authorizer graph's edges into a pod):
// its ConfigMaps and Secrets (env, envFrom, configMap/secret/projected volumes), image pull
// Secrets, and its ServiceAccount. The agent's own view of env and volume references is reused.
import { environmentReferences, volumeObjectReferences } from '../../agent/pod-volumes.js';
import type { Container, Volume } from '../../agent/pod-types.js';
import type { KubeObject } from '../../machinery/object.js';

export type ReferencedType = 'configmap' | 'secret' | 'serviceaccount';

export interface PodReference { type: ReferencedType; name: string }

interface PodShape extends KubeObject {
  spec?: {
    nodeName?: string;
    serviceAccountName?: string;
    imagePullSecrets?: { name?: string }[];
    volumes?: Volume[];
    containers?: Container[];
    initContainers?: Container[];
    ephemeralContainers?: Container[];
  };
}

/** The node a pod is bound to ('' while unscheduled). */
export function boundNode(pod: KubeObject): string {
  return (pod as PodShape).spec?.nodeName ?? '';
}

/** Every object the pod references, each once, in a stable order. */
export function podReferences(pod: KubeObject): PodReference[] {
  const spec = (pod as PodShape).spec ?? {};
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
  const refs: PodReference[] = [
    ...(spec.imagePullSecrets ?? []).flatMap((s) => (s.name ? [{ type: 'secret' as const, name: s.name }] : [])),
    ...containers.flatMap(environmentReferences).map((r) => ({ type: r.kind, name: r.name })),
    ...(spec.volumes ?? []).flatMap(volumeObjectReferences).map((r) => ({ type: r.kind, name: r.name })),
    ...(spec.serviceAccountName ? [{ type: 'serviceaccount' as const, name: spec.serviceAccountName }] : []),
  ];
  return refs.filter((ref, i) => refs.findIndex((o) => o.type === ref.type && o.name === ref.name) === i);
}
