// The audit policy (`--audit-policy-file`, audit.k8s.io/v1 Policy, YAML or JSON): which requests
// are logged, at which level, at which stages. Loading, validation texts and rule matching follow
// kube-apiserver (apis/audit/validation, audit/policy/reader.go and checker.go): the first rule
// that matches decides; a request no rule matches is not logged (level None).
// Without a policy file Arca logs every request at Metadata (kube-apiserver logs nothing without
// one; Arca, having a log path, assumes the operator wants an audit trail that never holds bodies).
import { readFile } from 'node:fs/promises';
import YAML from 'yaml';
import { aggregateMessage, fieldError, FieldPath, type FieldError } from '../machinery/field-errors.js';
import { nameIsDNSSubdomain } from '../machinery/validation/names.js';

export const AUDIT_LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
export type AuditLevel = typeof AUDIT_LEVELS[number];

export const AUDIT_STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] as const;
export type AuditStage = typeof AUDIT_STAGES[number];

export interface GroupResources {
  group?: string;
  /** `secrets`, `pods/log`, `*`, `*\/status`, `pods/*`. */
  resources?: string[];
  resourceNames?: string[];
}

export interface PolicyRule {
  level: AuditLevel;
  users?: string[];
  userGroups?: string[];
  verbs?: string[];
  resources?: GroupResources[];
  /** `""` matches cluster-scoped resources. */
  namespaces?: string[];
  /** Exact paths, `*`, or a prefix ending in `*`. */
  nonResourceURLs?: string[];
  omitStages?: AuditStage[];
  omitManagedFields?: boolean;
}

export interface AuditPolicy {
  apiVersion: string;
  kind: string;
  rules: PolicyRule[];
  omitStages?: AuditStage[];
  omitManagedFields?: boolean;
}

/** What a request is, as the policy sees it. */
export interface AuditAttributes {
  user: { username: string; groups: string[] };
  verb: string;
  isResourceRequest: boolean;
  /** For non-resource requests. */
  path: string;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface RequestAuditConfig {
  level: AuditLevel;
  omitStages: AuditStage[];
  omitManagedFields: boolean;
}

/** Arca's policy when no file is given: every request at Metadata. */
export const DEFAULT_AUDIT_POLICY: AuditPolicy = {
  apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'Metadata' }],
};

export class AuditPolicyError extends Error {}

export async function loadAuditPolicy(path: string): Promise<AuditPolicy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new AuditPolicyError(`failed to read file path "${path}": ${(e as Error).message}`);
  }
  try {
    return parseAuditPolicy(text);
  } catch (e) {
    throw new AuditPolicyError(`${(e as Error).message}: from file ${path}`);
  }
}

const ACCEPTED_VERSIONS = new Set(['audit.k8s.io/v1', 'audit.k8s.io/v1beta1', 'audit.k8s.io/v1alpha1']);

/** Decodes and validates a policy document; errors carry kube-apiserver's texts. */
export function parseAuditPolicy(text: string): AuditPolicy {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    throw new AuditPolicyError(`failed decoding: ${(e as Error).message}`);
  }
  if (!isRecord(doc)) throw new AuditPolicyError('failed decoding: Object \'Kind\' is missing in the policy');
  const apiVersion = typeof doc.apiVersion === 'string' ? doc.apiVersion : '';
  const kind = typeof doc.kind === 'string' ? doc.kind : '';
  if (!kind) throw new AuditPolicyError(`failed decoding: Object 'Kind' is missing in '${JSON.stringify(doc)}'`);
  if (!ACCEPTED_VERSIONS.has(apiVersion) || kind !== 'Policy') {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    throw new AuditPolicyError(`unknown group version field ${group}/${version}, Kind=${kind} in policy`);
  }
  const policy = doc as unknown as AuditPolicy;
  if (!Array.isArray(policy.rules)) policy.rules = [];
  const problems = validateAuditPolicy(policy);
  if (problems.length) throw new AuditPolicyError(aggregateMessage(problems));
  if (policy.rules.length === 0) throw new AuditPolicyError('loaded illegal policy with 0 rules');
  return policy;
}

export function validateAuditPolicy(policy: AuditPolicy): FieldError[] {
  const problems = validateOmitStages(policy.omitStages ?? [], FieldPath.root('omitStages'));
  policy.rules.forEach((rule, i) => problems.push(...validateRule(rule, FieldPath.root('rules').index(i))));
  return problems;
}

function validateRule(rule: PolicyRule, path: FieldPath): FieldError[] {
  const problems: FieldError[] = [];
  const level = rule.level as string | undefined;
  if (!level) problems.push(fieldError.required(path.child('level'), ''));
  else if (!(AUDIT_LEVELS as readonly string[]).includes(level)) problems.push(fieldError.notSupported(path.child('level'), level, [...AUDIT_LEVELS]));
  (rule.nonResourceURLs ?? []).forEach((url, i) => {
    if (url === '*') return;
    const at = path.child('nonResourceURLs').index(i);
    if (!url.startsWith('/')) problems.push(fieldError.invalid(at, url, "non-resource URL rules must begin with a '/' character"));
    if (url !== '' && url.slice(0, -1).includes('*')) problems.push(fieldError.invalid(at, url, "non-resource URL wildcards '*' must be the final character of the rule"));
  });
  for (const gr of rule.resources ?? []) {
    const resourcesPath = path.child('resources');
    if (gr.group) {
      const messages = nameIsDNSSubdomain(gr.group, false);
      if (messages.length) problems.push(fieldError.invalid(resourcesPath.child('group'), gr.group, messages.join(',')));
    }
    if (gr.resourceNames?.length && !gr.resources?.length) {
      problems.push(fieldError.invalid(resourcesPath.child('resourceNames'), gr.resourceNames, 'using resourceNames requires at least one resource'));
    }
  }
  problems.push(...validateOmitStages(rule.omitStages ?? [], path.child('omitStages')));
  if (rule.nonResourceURLs?.length && (rule.resources?.length || rule.namespaces?.length)) {
    problems.push(fieldError.invalid(path.child('nonResourceURLs'), rule.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
  }
  return problems;
}

function validateOmitStages(stages: string[], path: FieldPath): FieldError[] {
  return stages.flatMap((stage, i) => ((AUDIT_STAGES as readonly string[]).includes(stage)
    ? []
    : [fieldError.invalid(path.index(i), stage, `allowed stages are ${AUDIT_STAGES.join(',')}`)]));
}

/** The level and stages for one request: the first matching rule's, else None. */
export function evaluatePolicy(policy: AuditPolicy, attrs: AuditAttributes): RequestAuditConfig {
  const rule = policy.rules.find((r) => ruleMatches(r, attrs));
  const omitStages = [...new Set([...(policy.omitStages ?? []), ...(rule?.omitStages ?? [])])];
  return {
    level: rule?.level ?? 'None',
    omitStages,
    omitManagedFields: rule?.omitManagedFields ?? policy.omitManagedFields ?? false,
  };
}

export function ruleMatches(rule: PolicyRule, attrs: AuditAttributes): boolean {
  if (rule.users?.length && !rule.users.includes(attrs.user.username)) return false;
  if (rule.userGroups?.length && !attrs.user.groups.some((g) => rule.userGroups!.includes(g))) return false;
  if (rule.verbs?.length && !rule.verbs.includes(attrs.verb)) return false;
  if (attrs.isResourceRequest) {
    if (rule.nonResourceURLs?.length) return false;
    if (rule.namespaces?.length && !rule.namespaces.includes(attrs.namespace ?? '')) return false;
    return !rule.resources?.length || rule.resources.some((gr) => groupResourcesMatch(gr, attrs));
  }
  if (rule.namespaces?.length || rule.resources?.length) return false;
  return !rule.nonResourceURLs?.length || rule.nonResourceURLs.some((spec) => nonResourceURLMatches(spec, attrs.path));
}

function groupResourcesMatch(gr: GroupResources, attrs: AuditAttributes): boolean {
  if ((gr.group ?? '') !== (attrs.apiGroup ?? '')) return false;
  if (!gr.resources?.length) return true;
  if (gr.resourceNames?.length && !gr.resourceNames.includes(attrs.name ?? '')) return false;
  const resource = attrs.resource ?? '';
  const subresource = attrs.subresource ?? '';
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return gr.resources.some((spec) =>
    spec === combined || spec === '*'
    || (subresource !== '' && spec === `*/${subresource}`)
    || (spec.endsWith('/*') && spec.slice(0, -2) === resource));
}

function nonResourceURLMatches(spec: string, path: string): boolean {
  if (spec === '*' || spec === path) return true;
  return spec.endsWith('*') && path.startsWith(spec.replace(/\*+$/, ''));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
