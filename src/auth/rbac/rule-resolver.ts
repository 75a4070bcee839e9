// Which rules apply to a user (Kubernetes' DefaultRuleResolver): every ClusterRoleBinding naming
// the user, then, for a namespaced request, every RoleBinding in that namespace. A binding to a
// missing role contributes an error instead of rules.
import { goQuote } from '../../machinery/go-format.js';
import { serviceAccountUsername } from '../service-account-claims.js';
import type { UserInfo } from '../user.js';
import type { BindingObject, ClusterRoleObject, PolicyRule, RoleObject, RoleRef, Subject } from './types.js';

/** The RBAC objects the resolver reads (an informer cache in the server, plain arrays in tests). */
export interface RbacObjects {
  getRole(namespace: string, name: string): RoleObject | undefined;
  getClusterRole(name: string): ClusterRoleObject | undefined;
  clusterRoleBindings(): readonly BindingObject[];
  roleBindings(namespace: string): readonly BindingObject[];
}

/** Called per rule with a description of where it came from; return false to stop. */
export type RuleVisitor = (source: string | undefined, rule: PolicyRule | undefined, error: string | undefined) => boolean;

export function visitRulesFor(objects: RbacObjects, user: UserInfo, namespace: string, visit: RuleVisitor): void {
  for (const binding of objects.clusterRoleBindings()) {
    const subject = appliesTo(user, binding.subjects ?? [], '');
    if (!subject) continue;
    const { rules, error } = roleReferenceRules(objects, binding.roleRef, '');
    if (error !== undefined && !visit(undefined, undefined, error)) return;
    const source = `ClusterRoleBinding ${goQuote(binding.metadata.name ?? '')} of ${binding.roleRef.kind} ${goQuote(binding.roleRef.name)} to ${describeSubject(subject, '')}`;
    for (const rule of rules) if (!visit(source, rule, undefined)) return;
  }
  if (!namespace) return;
  for (const binding of objects.roleBindings(namespace)) {
    const subject = appliesTo(user, binding.subjects ?? [], namespace);
    if (!subject) continue;
    const { rules, error } = roleReferenceRules(objects, binding.roleRef, namespace);
    if (error !== undefined && !visit(undefined, undefined, error)) return;
    const bindingName = `${binding.metadata.name}/${binding.metadata.namespace}`;
    const source = `RoleBinding ${goQuote(bindingName)} of ${binding.roleRef.kind} ${goQuote(binding.roleRef.name)} to ${describeSubject(subject, namespace)}`;
    for (const rule of rules) if (!visit(source, rule, undefined)) return;
  }
}

/** Every rule that applies, and the resolution errors met on the way. */
export function rulesFor(objects: RbacObjects, user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  visitRulesFor(objects, user, namespace, (_source, rule, error) => {
    if (rule) rules.push(rule);
    if (error !== undefined) errors.push(error);
    return true;
  });
  return { rules, errors };
}

/**
 * The rules a role reference grants, as read from the informer cache; a missing role is the
 * lister's NotFound, which names the resource in the singular (`role.rbac.authorization.k8s.io`).
 */
export function roleReferenceRules(objects: RbacObjects, ref: RoleRef, namespace: string): { rules: PolicyRule[]; error?: string } {
  if (ref.kind === 'Role') {
    const role = objects.getRole(namespace, ref.name);
    return role ? { rules: role.rules ?? [] } : { rules: [], error: `role.rbac.authorization.k8s.io ${goQuote(ref.name)} not found` };
  }
  if (ref.kind === 'ClusterRole') {
    const role = objects.getClusterRole(ref.name);
    return role ? { rules: role.rules ?? [] } : { rules: [], error: `clusterrole.rbac.authorization.k8s.io ${goQuote(ref.name)} not found` };
  }
  return { rules: [], error: `unsupported role reference kind: ${goQuote(ref.kind)}` };
}

/** The first subject naming the user, if any. */
export function appliesTo(user: UserInfo, subjects: readonly Subject[], namespace: string): Subject | undefined {
  return subjects.find((s) => subjectMatches(user, s, namespace));
}

function subjectMatches(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case 'User': return user.username === subject.name;
    case 'Group': return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      // A RoleBinding's service account without a namespace means one in the binding's namespace.
      const saNamespace = subject.namespace || namespace;
      return !!saNamespace && user.username === serviceAccountUsername(saNamespace, subject.name);
    }
    default: return false;
  }
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    return `${subject.kind} ${goQuote(`${subject.name}/${subject.namespace || bindingNamespace}`)}`;
  }
  return `${subject.kind} ${goQuote(subject.name)}`;
}
