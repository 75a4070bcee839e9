// SelfSubjectRulesReview (authorization.k8s.io/v1): every rule the caller holds in a namespace —
// `kubectl auth can-i --list`.
import { Type } from '@sinclair/typebox';
import { activeRbacPolicy } from '../../auth/rbac/active-policy.js';
import { aggregateStrings } from '../../auth/rbac/aggregate.js';
import { rulesFor } from '../../auth/rbac/rule-resolver.js';
import type { PolicyRule } from '../../auth/rbac/types.js';
import type { UserInfo } from '../../auth/user.js';
import { TypeMetaFields } from '../../machinery/schemas/meta.js';
import { errors } from '../../machinery/status.js';
import { unstoredKind } from '../unstored-kind.js';

const GROUP = 'authorization.k8s.io';

export const SelfSubjectRulesReviewSchema = Type.Object(
  {
    ...TypeMetaFields,
    spec: Type.Object(
      { namespace: Type.Optional(Type.String({ description: 'Namespace to evaluate rules for. Required.' })) },
      { description: 'SelfSubjectRulesReviewSpec defines the specification for SelfSubjectRulesReview.' },
    ),
    status: Type.Optional(Type.Unknown({ description: 'Status is filled in by the server and indicates the set of actions a user can perform.' })),
  },
  { description: 'SelfSubjectRulesReview enumerates the set of actions the current user can perform within a namespace. The returned list of actions may be incomplete depending on the server\'s authorization mode, and any errors experienced during the evaluation. SelfSubjectRulesReview should be used by UIs to show/hide actions, or to quickly let an end user reason about their permissions. It should NOT Be used by external systems to drive authorization decisions as this raises confused deputy, cache lifetime/revocation, and correctness concerns. SubjectAccessReview, and LocalAccessReview are the correct way to defer authorization decisions to the API server.' },
);

/** SubjectRulesReviewStatus of a user in a namespace: resource and non-resource rules apart. */
export function rulesReviewStatus(rules: readonly PolicyRule[], resolutionErrors: readonly string[]): Record<string, unknown> {
  const resourceRules = rules.filter((r) => r.resources?.length).map((r) => {
    const out: Record<string, unknown> = { verbs: r.verbs };
    if (r.apiGroups?.length) out.apiGroups = r.apiGroups;
    out.resources = r.resources;
    if (r.resourceNames?.length) out.resourceNames = r.resourceNames;
    return out;
  });
  const nonResourceRules = rules.filter((r) => r.nonResourceURLs?.length).map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs }));
  const status: Record<string, unknown> = {
    resourceRules: resourceRules.length ? resourceRules : null,
    nonResourceRules: nonResourceRules.length ? nonResourceRules : null,
    incomplete: false,
  };
  if (resolutionErrors.length) status.evaluationError = aggregateStrings(resolutionErrors);
  return status;
}

export const selfSubjectRulesReviews = unstoredKind({
  group: GROUP, kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews', schema: SelfSubjectRulesReviewSchema,
  custom: async ({ body, user }) => {
    const namespace = ((body?.spec ?? {}) as { namespace?: string }).namespace ?? '';
    if (!namespace) throw errors.badRequest('no namespace on request');
    const policy = activeRbacPolicy();
    if (!policy) throw errors.internal('no authorizer is running');
    const { rules, errors: resolutionErrors } = rulesFor(policy.objects, user as UserInfo, namespace);
    return {
      code: 201,
      body: {
        kind: 'SelfSubjectRulesReview', apiVersion: `${GROUP}/v1`, metadata: { creationTimestamp: null }, spec: {},
        status: rulesReviewStatus(rules, resolutionErrors),
      },
    };
  },
});
