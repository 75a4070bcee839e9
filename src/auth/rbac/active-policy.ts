// The running server's RBAC state, for the code that needs it outside the request pipeline:
// escalation checks in the RBAC kinds' admission and the access-review kinds. One server per
// process holds it; a server that has not started RBAC leaves it unset.
import type { ApiRegistry } from '../../registry/api-registry.js';
import type { RbacObjects } from './rule-resolver.js';
import type { Authorize } from './types.js';

export interface RbacPolicy {
  objects: RbacObjects;
  authorize: Authorize;
  /** Role lookups that must read storage (binding escalation checks answer 404 from there). */
  registry: ApiRegistry;
}

let active: RbacPolicy | undefined;

/** Makes `policy` the active one; returns a function that clears it again. */
export function activateRbacPolicy(policy: RbacPolicy): () => void {
  active = policy;
  return () => { if (active === policy) active = undefined; };
}

export function activeRbacPolicy(): RbacPolicy | undefined {
  return active;
}
