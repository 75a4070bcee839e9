// RBAC on one server: the default policy reconciled, the informer cache the authorizer reads,
// the aggregation controller, and the policy made active for admission and access reviews.
import type { ApiRegistry } from '../../registry/api-registry.js';
import { unionAuthorizer, type OpinionatedAuthorize } from '../node/union.js';
import { activateRbacPolicy } from './active-policy.js';
import { startClusterRoleAggregation } from './aggregation-controller.js';
import { createAuthorizer } from './authorizer.js';
import { startRbacInformerCache } from './informer-cache.js';
import { ensureBootstrapPolicy } from './reconcile.js';
import type { Authorize } from './types.js';

export interface RunningRbac {
  authorize: Authorize;
  stop(): void;
}

/**
 * `precede`: an authorizer asked before RBAC (the Node authorizer: --authorization-mode=Node,RBAC).
 * `aggregation: false` leaves the ClusterRole aggregation controller to the caller, which starts
 * it only on the elected leader (`startClusterRoleAggregation`).
 */
export async function startRbac(
  registry: ApiRegistry, log: (m: string) => void, precede?: OpinionatedAuthorize, opts: { aggregation?: boolean } = {},
): Promise<RunningRbac> {
  await ensureBootstrapPolicy(registry);
  const cache = await startRbacInformerCache(registry, log);
  const rbacAuthorize = createAuthorizer(cache);
  const authorize = precede ? unionAuthorizer(precede, rbacAuthorize) : rbacAuthorize;
  const deactivate = activateRbacPolicy({ objects: cache, authorize, registry });
  const aggregation = opts.aggregation === false ? undefined : startClusterRoleAggregation(registry, log);
  return {
    authorize,
    stop() {
      aggregation?.stop();
      cache.stop();
      deactivate();
    },
  };
}
