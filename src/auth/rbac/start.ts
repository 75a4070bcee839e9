// RBAC on one server: the default policy reconciled, the informer cache the authorizer reads,
// the aggregation controller, and the policy made active for admission and access reviews.
import type { ApiRegistry } from '../../registry/api-registry.js';
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

export async function startRbac(registry: ApiRegistry, log: (m: string) => void): Promise<RunningRbac> {
  await ensureBootstrapPolicy(registry);
  const cache = await startRbacInformerCache(registry, log);
  const authorize = createAuthorizer(cache);
  const deactivate = activateRbacPolicy({ objects: cache, authorize, registry });
  const aggregation = startClusterRoleAggregation(registry, log);
  return {
    authorize,
    stop() {
      aggregation.stop();
      cache.stop();
      deactivate();
    },
  };
}
