// A pod's volumes on disk under <podDir>/volumes/<name>: emptyDir directories, and configMap,
// secret, projected and downwardAPI contents computed by volumePayload and written through the
// atomic writer, on setup and again on every change.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomically } from './atomic-writer.js';
import { isConfigurationVolume, volumePayload, volumeReferences, type ServiceAccountTokenSource } from './volumes.js';
import type { ConfigMap, Container, NodeInfo, ObjectLookup, Pod, Secret, Volume } from './pod-types.js';
import type { SourceKind } from './object-cache.js';

export interface ObjectReference { kind: SourceKind; name: string }

export interface VolumeFailure { volume: string; message: string }

export interface VolumeSources {
  configMaps: ObjectLookup<ConfigMap>;
  secrets: ObjectLookup<Secret>;
  node: NodeInfo;
  serviceAccountToken?: ServiceAccountTokenSource;
}

export const volumeDir = (podDir: string, name: string) => join(podDir, 'volumes', name);

/** FailedMount's message, in the kubelet's words (with its space before the colon). */
export const failedMountMessage = (failure: VolumeFailure) => `MountVolume.SetUp failed for volume "${failure.volume}" : ${failure.message}`;

/**
 * Writes every volume (or those `only` names) of the pod; returns the failures and the volumes
 * whose files changed. A failed volume keeps what it last held, as in Kubernetes.
 */
export async function writeVolumes(pod: Pod, podDir: string, sources: VolumeSources, only?: (volume: Volume) => boolean):
  Promise<{ failures: VolumeFailure[]; changed: string[] }> {
  const failures: VolumeFailure[] = [];
  const changed: string[] = [];
  for (const volume of pod.spec.volumes ?? []) {
    if (only && !only(volume)) continue;
    const dir = volumeDir(podDir, volume.name);
    if (!isConfigurationVolume(volume)) {
      await mkdir(dir, { recursive: true, mode: 0o777 });
      continue;
    }
    const payload = volumePayload({ pod, volume, ...sources });
    if ('error' in payload) { failures.push({ volume: volume.name, message: payload.error }); continue; }
    try {
      if ((await writeAtomically(dir, payload.files)).written) changed.push(volume.name);
    } catch (e) {
      failures.push({ volume: volume.name, message: (e as Error).message });
    }
  }
  return { failures, changed };
}

/** The objects a container's environment reads. */
export function environmentReferences(container: Container): ObjectReference[] {
  const refs: ObjectReference[] = [];
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef?.name) refs.push({ kind: 'configmap', name: source.configMapRef.name });
    if (source.secretRef?.name) refs.push({ kind: 'secret', name: source.secretRef.name });
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    if (from?.configMapKeyRef?.name) refs.push({ kind: 'configmap', name: from.configMapKeyRef.name });
    if (from?.secretKeyRef?.name) refs.push({ kind: 'secret', name: from.secretKeyRef.name });
  }
  return refs;
}

export function volumeObjectReferences(volume: Volume): ObjectReference[] {
  const { configMaps, secrets } = volumeReferences(volume);
  return [...configMaps.map((name) => ({ kind: 'configmap' as const, name })), ...secrets.map((name) => ({ kind: 'secret' as const, name }))];
}

const sameReference = (a: ObjectReference, b: ObjectReference) => a.kind === b.kind && a.name === b.name;

/** Every object the pod reads, each once. */
export function podReferences(pod: Pod): ObjectReference[] {
  const all = [
    ...(pod.spec.volumes ?? []).flatMap(volumeObjectReferences),
    ...[...(pod.spec.initContainers ?? []), ...pod.spec.containers].flatMap(environmentReferences),
  ];
  return all.filter((ref, i) => all.findIndex((other) => sameReference(ref, other)) === i);
}

/** Whether the container reads the object, through its environment or a volume it mounts. */
export function containerConsumes(pod: Pod, container: Container, ref: ObjectReference): boolean {
  if (environmentReferences(container).some((r) => sameReference(r, ref))) return true;
  const mounted = new Set((container.volumeMounts ?? []).map((m) => m.name));
  return (pod.spec.volumes ?? []).some((v) => mounted.has(v.name) && volumeObjectReferences(v).some((r) => sameReference(r, ref)));
}
