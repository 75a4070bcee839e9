// The Node authorizer's graph (kube-apiserver's node authorizer graph, pods only): which objects
// each node reaches through the pods bound to it. A reference held by several pods of one node
// stays until the last of them goes; a pod's references are replaced whenever it changes.
import type { KubeObject } from '../../machinery/object.js';
import { boundNode, podReferences, type ReferencedType } from './pod-references.js';

// Volume-backed kinds are never reached: Arca serves no PersistentVolumes, claims or attachments.
export type VertexType = ReferencedType | 'pod' | 'persistentvolumeclaim' | 'persistentvolume' | 'resourceclaim' | 'volumeattachment';

export interface NodeGraphView {
  /** Whether the node reaches the object through a pod bound to it (the pod itself included). */
  related(nodeName: string, type: VertexType, namespace: string, name: string): boolean;
}

const vertexKey = (type: VertexType, namespace: string, name: string) => `${type}/${namespace}/${name}`;

interface PodEntry { node: string; vertices: string[] }

export class NodeGraph implements NodeGraphView {
  private readonly pods = new Map<string, PodEntry>();
  /** node → vertex → how many of its pods reach it */
  private readonly reach = new Map<string, Map<string, number>>();

  /** Adds or replaces a pod; an unscheduled pod reaches nothing. */
  setPod(pod: KubeObject): void {
    const namespace = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    this.deletePod(namespace, name);
    const node = boundNode(pod);
    if (!node) return;
    const vertices = [vertexKey('pod', namespace, name), ...podReferences(pod).map((r) => vertexKey(r.type, namespace, r.name))];
    this.pods.set(`${namespace}/${name}`, { node, vertices });
    const counts = this.reach.get(node) ?? new Map<string, number>();
    for (const v of vertices) counts.set(v, (counts.get(v) ?? 0) + 1);
    this.reach.set(node, counts);
  }

  deletePod(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const entry = this.pods.get(key);
    if (!entry) return;
    this.pods.delete(key);
    const counts = this.reach.get(entry.node)!;
    for (const v of entry.vertices) {
      const left = counts.get(v)! - 1;
      if (left) counts.set(v, left);
      else counts.delete(v);
    }
    if (!counts.size) this.reach.delete(entry.node);
  }

  related(nodeName: string, type: VertexType, namespace: string, name: string): boolean {
    return this.reach.get(nodeName)?.has(vertexKey(type, namespace, name)) ?? false;
  }
}
