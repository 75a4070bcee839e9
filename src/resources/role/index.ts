// Role (rbac.authorization.k8s.io/v1): a namespaced set of PolicyRules, granted by RoleBindings.
import { Type } from '@sinclair/typebox';
import type { RoleObject } from '../../auth/rbac/types.js';
import { TypeMetaFields } from '../../machinery/schemas/meta.js';
import { admitRole } from '../rbac/admission.js';
import { rbacKindBase } from '../rbac/kind.js';
import { rulesField } from '../rbac/schema.js';
import { roleTable } from '../rbac/table.js';
import { validateRole, validateRoleUpdate } from '../rbac/validation.js';
import type { ResourceDefinition } from '../types.js';

export const RoleSchema = Type.Object(
  { ...TypeMetaFields, rules: rulesField('Role') },
  { description: 'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.' },
);

export const roles: ResourceDefinition<RoleObject> = {
  ...rbacKindBase,
  kind: 'Role', listKind: 'RoleList', plural: 'roles', singular: 'role',
  namespaced: true,
  schema: RoleSchema,
  strategy: {
    prepareForCreate: () => {},
    prepareForUpdate: () => {},
    validate: (role) => validateRole(role),
    validateUpdate: (role, old) => validateRoleUpdate(role, old, validateRole),
    allowUnconditionalUpdate: true,
    admit: admitRole('roles'),
  },
  table: roleTable,
};
