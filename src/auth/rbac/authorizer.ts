// The authorizer chain of kube-apiserver, as Arca runs it: members of system:masters may do
// anything (the privileged-group authorizer), then RBAC decides; nothing else has an opinion.
import { aggregateStrings } from './aggregate.js';
import { ruleAllows } from './rule-matching.js';
import { visitRulesFor, type RbacObjects } from './rule-resolver.js';
import type { Attributes, Authorize, Decision } from './types.js';

export const PRIVILEGED_GROUP = 'system:masters';

export function rbacAuthorize(objects: RbacObjects, attributes: Attributes): Decision {
  let allowedBy: string | undefined;
  const errors: string[] = [];
  const namespace = attributes.isResourceRequest ? attributes.namespace ?? '' : '';
  visitRulesFor(objects, attributes.user, namespace, (source, rule, error) => {
    if (rule && ruleAllows(attributes, rule)) {
      allowedBy = source;
      return false;
    }
    if (error !== undefined) errors.push(error);
    return true;
  });
  if (allowedBy !== undefined) return { allowed: true, reason: `RBAC: allowed by ${allowedBy}` };
  return { allowed: false, reason: errors.length ? `RBAC: ${aggregateStrings(errors)}` : '' };
}

export function createAuthorizer(objects: RbacObjects): Authorize {
  return (attributes) => {
    if (attributes.user.groups.includes(PRIVILEGED_GROUP)) return { allowed: true, reason: '' };
    return rbacAuthorize(objects, attributes);
  };
}
