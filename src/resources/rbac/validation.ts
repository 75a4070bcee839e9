// RBAC validation (pkg/apis/rbac/validation): names are path segments, every rule needs verbs,
// resource rules need groups and resources, non-resource URLs only in cluster roles, role
// references point at this group's Role/ClusterRole and never change.
import { fieldError, FieldPath, type FieldError } from '../../machinery/field-errors.js';
import { goQuote } from '../../machinery/go-format.js';
import { labelSelectorFromObject } from '../../machinery/selectors/label-selector.js';
import { nameIsDNSSubdomain, validatePathSegmentName } from '../../machinery/validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate, type ObjectMetaInput } from '../../machinery/validation/object-meta.js';
import { RBAC_GROUP, type BindingObject, type ClusterRoleObject, type PolicyRule, type RoleObject, type RoleRef, type Subject } from '../../auth/rbac/types.js';

export function validatePolicyRule(rule: PolicyRule, namespaced: boolean, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!rule.verbs?.length) errs.push(fieldError.required(path.child('verbs'), 'verbs must contain at least one value'));
  if (rule.nonResourceURLs?.length) {
    if (namespaced) errs.push(fieldError.invalid(path.child('nonResourceURLs'), rule.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
    if (rule.apiGroups?.length || rule.resources?.length || rule.resourceNames?.length) {
      errs.push(fieldError.invalid(path.child('nonResourceURLs'), rule.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (!rule.apiGroups?.length) errs.push(fieldError.required(path.child('apiGroups'), 'resource rules must supply at least one api group'));
  if (!rule.resources?.length) errs.push(fieldError.required(path.child('resources'), 'resource rules must supply at least one resource'));
  return errs;
}

function validateRules(rules: PolicyRule[] | null | undefined, namespaced: boolean): FieldError[] {
  return (rules ?? []).flatMap((rule, i) => validatePolicyRule(rule, namespaced, FieldPath.root('rules').index(i)));
}

const meta = (obj: { metadata?: ObjectMetaInput }, namespaced: boolean) =>
  validateObjectMeta(obj.metadata, { namespaced, validateName: validatePathSegmentName });

export function validateRole(role: RoleObject): FieldError[] {
  return [...meta(role, true), ...validateRules(role.rules, true)];
}

export function validateClusterRole(role: ClusterRoleObject): FieldError[] {
  const errs = [...meta(role, false), ...validateRules(role.rules, false)];
  if (role.aggregationRule) {
    const selectors = role.aggregationRule.clusterRoleSelectors ?? [];
    const path = FieldPath.root('aggregationRule').child('clusterRoleSelectors');
    if (!selectors.length) errs.push(fieldError.required(path, 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    selectors.forEach((selector, i) => {
      try {
        labelSelectorFromObject(selector);
      } catch {
        errs.push({ type: 'FieldValueInvalid', field: String(path.index(i)), body: `Invalid value: ${JSON.stringify(selector)}: invalid label selector.` });
      }
    });
  }
  return errs;
}

export function validateRoleBinding(binding: BindingObject): FieldError[] {
  return [...meta(binding, true), ...validateRoleRef(binding.roleRef, ['Role', 'ClusterRole']), ...validateSubjects(binding.subjects, true)];
}

export function validateClusterRoleBinding(binding: BindingObject): FieldError[] {
  return [...meta(binding, false), ...validateRoleRef(binding.roleRef, ['ClusterRole']), ...validateSubjects(binding.subjects, false)];
}

function validateRoleRef(ref: Partial<RoleRef> | undefined, kinds: string[]): FieldError[] {
  const errs: FieldError[] = [];
  const path = FieldPath.root('roleRef');
  if ((ref?.apiGroup ?? '') !== RBAC_GROUP) errs.push(fieldError.notSupported(path.child('apiGroup'), ref?.apiGroup ?? '', [RBAC_GROUP]));
  if (!kinds.includes(ref?.kind ?? '')) errs.push(fieldError.notSupported(path.child('kind'), ref?.kind ?? '', kinds));
  const name = ref?.name ?? '';
  if (!name) errs.push(fieldError.required(path.child('name')));
  else for (const msg of validatePathSegmentName(name, false)) errs.push(fieldError.invalid(path.child('name'), name, msg));
  return errs;
}

function validateSubjects(subjects: Subject[] | null | undefined, namespaced: boolean): FieldError[] {
  return (subjects ?? []).flatMap((s, i) => validateSubject(s, namespaced, FieldPath.root('subjects').index(i)));
}

export function validateSubject(subject: Subject, namespaced: boolean, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = subject.name ?? '';
  const apiGroup = subject.apiGroup ?? '';
  if (!name) errs.push(fieldError.required(path.child('name')));
  switch (subject.kind) {
    case 'ServiceAccount':
      if (name) for (const msg of nameIsDNSSubdomain(name, false)) errs.push(fieldError.invalid(path.child('name'), name, msg));
      if (apiGroup) errs.push(fieldError.notSupported(path.child('apiGroup'), apiGroup, ['']));
      if (!namespaced && !subject.namespace) errs.push(fieldError.required(path.child('namespace')));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) errs.push(fieldError.notSupported(path.child('apiGroup'), apiGroup, [RBAC_GROUP]));
      break;
    default:
      errs.push(fieldError.notSupported(path.child('kind'), subject.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

/** Bindings: the create rules, then metadata update rules, then roleRef immutability. */
export function validateBindingUpdate(binding: BindingObject, old: BindingObject, validate: (b: BindingObject) => FieldError[]): FieldError[] {
  const errs = [...validate(binding), ...validateObjectMetaUpdate(binding.metadata, old.metadata)];
  const a = binding.roleRef ?? ({} as Partial<RoleRef>);
  const b = old.roleRef ?? ({} as Partial<RoleRef>);
  if (a.apiGroup !== b.apiGroup || a.kind !== b.kind || a.name !== b.name) {
    const rendered = `rbac.RoleRef{APIGroup:${goQuote(a.apiGroup ?? '')}, Kind:${goQuote(a.kind ?? '')}, Name:${goQuote(a.name ?? '')}}`;
    errs.push({ type: 'FieldValueInvalid', field: 'roleRef', body: `Invalid value: ${rendered}: cannot change roleRef` });
  }
  return errs;
}

/** Roles: the create rules, then metadata update rules. */
export function validateRoleUpdate<T extends RoleObject>(role: T, old: T, validate: (r: T) => FieldError[]): FieldError[] {
  return [...validate(role), ...validateObjectMetaUpdate(role.metadata, old.metadata)];
}

/** SetDefaults_Subject and the roleRef group default. */
export function defaultBinding(binding: BindingObject): void {
  if (binding.roleRef && !binding.roleRef.apiGroup) binding.roleRef.apiGroup = RBAC_GROUP;
  for (const s of binding.subjects ?? []) {
    if (!s.apiGroup && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = RBAC_GROUP;
  }
}
