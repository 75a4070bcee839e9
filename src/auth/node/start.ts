// The Node authorizer on one server: its graph filled by a first list of the pods and kept by a
// pods informer (kube-apiserver's graph populator), so no request reads storage.
import { inform } from '../../controllers/informer.js';
import type { ApiRegistry } from '../../registry/api-registry.js';
import { NODE_RULES } from '../rbac/bootstrap-policy.js';
import { NodeGraph } from './graph.js';
import { authorizeNodeRequest } from './node-authorizer.js';
import type { OpinionatedAuthorize } from './union.js';

export interface RunningNodeAuthorizer {
  authorize: OpinionatedAuthorize;
  stop(): void;
}

export async function startNodeAuthorizer(registry: ApiRegistry, log: (m: string) => void): Promise<RunningNodeAuthorizer> {
  const graph = new NodeGraph();
  const pods = registry.kind('', 'Pod');
  for (const pod of (await pods.store.list(undefined, {})).items) graph.setPod(pod);
  const informer = inform(pods, {}, (type, pod) => {
    if (type === 'DELETED') graph.deletePod(pod.metadata.namespace ?? '', pod.metadata.name ?? '');
    else graph.setPod(pod);
  }, (err) => log(`node authorizer pod informer: ${String(err)}`));
  return {
    authorize: (attributes) => authorizeNodeRequest(graph, NODE_RULES, attributes),
    stop: () => informer.stop(),
  };
}
