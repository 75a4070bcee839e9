// What the access reviews share: turning spec attributes into authorizer attributes, the spec
// validation both review kinds run, and the status an authorizer decision becomes.
import { activeRbacPolicy } from '../auth/rbac/active-policy.js';
import type { Attributes, Decision } from '../auth/rbac/types.js';
import type { UserInfo } from '../auth/user.js';
import { fieldError, type FieldError } from '../machinery/field-errors.js';
import { errors } from '../machinery/status.js';

export interface ResourceAttributesSpec {
  namespace?: string; verb?: string; group?: string; version?: string; resource?: string; subresource?: string; name?: string;
}
export interface NonResourceAttributesSpec { path?: string; verb?: string }
export interface AccessReviewSpec {
  resourceAttributes?: ResourceAttributesSpec | null;
  nonResourceAttributes?: NonResourceAttributesSpec | null;
}

/** ValidateSelfSubjectAccessReviewSpec (and the shared part of SubjectAccessReview's). */
export function validateAccessReviewSpec(spec: AccessReviewSpec): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.resourceAttributes && spec.nonResourceAttributes) {
    errs.push(fieldError.invalid('spec.nonResourceAttributes', spec.nonResourceAttributes, 'cannot be specified in combination with resourceAttributes'));
  }
  if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
    errs.push(fieldError.invalid('spec.resourceAttributes', null, 'exactly one of nonResourceAttributes or resourceAttributes must be specified'));
  }
  return errs;
}

export function reviewAttributes(user: UserInfo, spec: AccessReviewSpec): Attributes {
  const r = spec.resourceAttributes;
  if (r) {
    return {
      user, isResourceRequest: true, verb: r.verb ?? '', apiGroup: r.group ?? '', apiVersion: r.version ?? '', resource: r.resource ?? '',
      subresource: r.subresource || undefined, name: r.name || undefined, namespace: r.namespace || undefined,
    };
  }
  return { user, isResourceRequest: false, verb: spec.nonResourceAttributes?.verb ?? '', path: spec.nonResourceAttributes?.path ?? '' };
}

/** SubjectAccessReviewStatus from a decision (RBAC never answers an explicit deny). */
export function reviewStatus(decision: Decision): Record<string, unknown> {
  const status: Record<string, unknown> = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  return status;
}

export function authorizeReview(attributes: Attributes): Decision {
  const policy = activeRbacPolicy();
  if (!policy) throw errors.internal('no authorizer is running');
  return policy.authorize(attributes);
}
