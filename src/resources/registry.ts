// Every kind Arca serves. Routes, discovery, OpenAPI, RBAC names and tables all derive from this list.
import { clusterRoles } from './clusterrole/index.js';
import { clusterRoleBindings } from './clusterrolebinding/index.js';
import { configMaps } from './configmap/index.js';
import { events } from './event/index.js';
import { limitRanges } from './limitrange/index.js';
import { namespaces } from './namespace/index.js';
import { nodes } from './node/index.js';
import { pods } from './pod/index.js';
import { resourceQuotas } from './resourcequota/index.js';
import { roles } from './role/index.js';
import { roleBindings } from './rolebinding/index.js';
import { secrets } from './secret/index.js';
import { selfSubjectAccessReviews } from './selfsubjectaccessreview/index.js';
import { selfSubjectRulesReviews } from './selfsubjectrulesreview/index.js';
import { selfSubjectReviews } from './selfsubjectreview/index.js';
import { serviceAccounts } from './serviceaccount/index.js';
import { subjectAccessReviews } from './subjectaccessreview/index.js';
import { tokenReviews } from './tokenreview/index.js';
import type { ResourceDefinition } from './types.js';

export const resourceDefinitions: ResourceDefinition<any>[] = [namespaces, configMaps, secrets, events, pods, nodes,
  serviceAccounts, tokenReviews, selfSubjectReviews,
  roles, clusterRoles, roleBindings, clusterRoleBindings, selfSubjectAccessReviews, subjectAccessReviews, selfSubjectRulesReviews,
  resourceQuotas, limitRanges];
