// Escalation prevention (pkg/registry/rbac): a user may only write a role, or bind one, whose
// rules they already hold — unless they are in system:masters, or hold `escalate` (roles) or
// `bind` (bindings) on it. Messages as ConfirmNoEscalation words them.
import { goQuote } from '../../machinery/go-format.js';
import { errors, type GroupResource } from '../../machinery/status.js';
import type { UserInfo } from '../user.js';
import { PRIVILEGED_GROUP } from './authorizer.js';
import { compactRules, compactString, covers, goQuoteList } from './policy-comparator.js';
import { rulesFor, type RbacObjects } from './rule-resolver.js';
import { RBAC_GROUP, type Authorize, type PolicyRule, type RoleRef } from './types.js';

/** Everything, for the aggregationRule check. */
export const FULL_AUTHORITY: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

/** The error text when `user` does not hold every rule in `rules` (in `namespace`), else undefined. */
export function escalationError(objects: RbacObjects, user: UserInfo, namespace: string, rules: readonly PolicyRule[]): string | undefined {
  const owned = rulesFor(objects, user, namespace);
  const { covered, missing } = covers(owned.rules, rules);
  if (covered) return undefined;
  const descriptions = [...new Set(compactRules(missing).map(compactString))].sort();
  let message = `user ${goQuote(user.username)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${descriptions.join('\n')}`;
  if (owned.errors.length) message += `; resolution errors: [${owned.errors.join(' ')}]`;
  return message;
}

export function isPrivileged(user: UserInfo): boolean {
  return user.groups.includes(PRIVILEGED_GROUP);
}

/** Whether `user` may `escalate` on the role being written (RoleEscalationAuthorized). */
export function escalateAuthorized(authorize: Authorize, user: UserInfo, resource: 'roles' | 'clusterroles', name: string, namespace: string): boolean {
  return authorize({
    user, isResourceRequest: true, verb: 'escalate', apiGroup: RBAC_GROUP, apiVersion: '*', resource, name, namespace: namespace || undefined,
  }).allowed;
}

/** Whether `user` may `bind` the referenced role in the binding's namespace (BindingAuthorized). */
export function bindAuthorized(authorize: Authorize, user: UserInfo, ref: RoleRef, namespace: string): boolean {
  if (ref.kind !== 'Role' && ref.kind !== 'ClusterRole') return false;
  return authorize({
    user, isResourceRequest: true, verb: 'bind', apiGroup: ref.apiGroup, resource: ref.kind === 'Role' ? 'roles' : 'clusterroles',
    name: ref.name, namespace: namespace || undefined,
  }).allowed;
}

/** The Forbidden answer for an escalation attempt on `resource` named `name`. */
export function escalationForbidden(resource: string, name: string, message: string) {
  const gr: GroupResource = { group: RBAC_GROUP, resource };
  return errors.forbidden(gr, name, message);
}
