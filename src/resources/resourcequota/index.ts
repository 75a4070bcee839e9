// ResourceQuota (core/v1): recognized, never held — Arca enforces no quotas.
import { policyFreeKind } from '../policy-free-kind.js';

export const resourceQuotas = policyFreeKind({
  kind: 'ResourceQuota', plural: 'resourcequotas', shortNames: ['quota'],
  description: 'ResourceQuota sets aggregate quota restrictions enforced per namespace. Arca enforces none and holds none.',
});
