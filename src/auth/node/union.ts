// kube-apiserver's authorizer union (--authorization-mode=Node,RBAC): the first authorizer that
// allows decides; otherwise the next one is asked, and a final denial carries every reason given,
// one per line.
import type { Attributes, Authorize } from '../rbac/types.js';
import type { NodeDecision } from './node-authorizer.js';

export type OpinionatedAuthorize = (attributes: Attributes) => NodeDecision;

export function unionAuthorizer(first: OpinionatedAuthorize, then: Authorize): Authorize {
  return (attributes) => {
    const opinion = first(attributes);
    if (opinion.decision === 'allow') return { allowed: true, reason: opinion.reason };
    const decision = then(attributes);
    if (decision.allowed) return decision;
    return { allowed: false, reason: [opinion.reason, decision.reason].filter(Boolean).join('\n') };
  };
}
