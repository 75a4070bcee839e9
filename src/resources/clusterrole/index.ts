// ClusterRole (rbac.authorization.k8s.io/v1): a cluster-wide set of PolicyRules; with an
// aggregationRule its rules are gathered from matching ClusterRoles by a controller.
import { Type } from '@sinclair/typebox';
import type { ClusterRoleObject } from '../../auth/rbac/types.js';
import { TypeMetaFields } from '../../machinery/schemas/meta.js';
import { admitRole } from '../rbac/admission.js';
import { rbacKindBase } from '../rbac/kind.js';
import { AggregationRule, rulesField } from '../rbac/schema.js';
import { roleTable } from '../rbac/table.js';
import { validateClusterRole, validateRoleUpdate } from '../rbac/validation.js';
import type { ResourceDefinition } from '../types.js';

export const ClusterRoleSchema = Type.Object(
  {
    ...TypeMetaFields,
    rules: rulesField('ClusterRole'),
    aggregationRule: Type.Optional(AggregationRule),
  },
  { description: 'ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.' },
);

export const clusterRoles: ResourceDefinition<ClusterRoleObject> = {
  ...rbacKindBase,
  kind: 'ClusterRole', listKind: 'ClusterRoleList', plural: 'clusterroles', singular: 'clusterrole',
  namespaced: false,
  schema: ClusterRoleSchema,
  strategy: {
    prepareForCreate: () => {},
    prepareForUpdate: () => {},
    validate: (role) => validateClusterRole(role),
    validateUpdate: (role, old) => validateRoleUpdate(role, old, validateClusterRole),
    allowUnconditionalUpdate: true,
    admit: admitRole('clusterroles'),
  },
  table: roleTable,
};
