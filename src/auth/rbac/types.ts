// The RBAC API shapes (rbac.authorization.k8s.io/v1) as the authorizer reads them, and the
// attributes of one request as Kubernetes' authorizer.Attributes describes it.
import type { KubeObject } from '../../machinery/object.js';
import type { FieldRequirement } from '../../machinery/selectors/field-selector.js';
import type { UserInfo } from '../user.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  apiGroup?: string;
  name: string;
  namespace?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: string;
  name: string;
}

export interface RoleObject extends KubeObject {
  rules?: PolicyRule[] | null;
}

export interface ClusterRoleObject extends RoleObject {
  aggregationRule?: { clusterRoleSelectors?: import('../../machinery/selectors/label-selector.js').LabelSelectorObject[] } | null;
}

export interface BindingObject extends KubeObject {
  subjects?: Subject[] | null;
  roleRef: RoleRef;
}

/** What a request asks to do (resource or non-resource), and who asks. */
export type Attributes = ResourceAttributes | NonResourceAttributes;

export interface ResourceAttributes {
  user: UserInfo;
  isResourceRequest: true;
  verb: string;
  apiGroup: string;
  apiVersion?: string;
  resource: string;
  subresource?: string;
  name?: string;
  namespace?: string;
  /** A list's or watch's field selector terms (the Node authorizer reads spec.nodeName). */
  fieldSelector?: readonly FieldRequirement[];
}

export interface NonResourceAttributes {
  user: UserInfo;
  isResourceRequest: false;
  verb: string;
  path: string;
}

export interface Decision {
  allowed: boolean;
  /** Why (RBAC: which binding allowed it, or the resolution errors when not allowed); may be empty. */
  reason: string;
}

export type Authorize = (attributes: Attributes) => Decision;
