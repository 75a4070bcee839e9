// RoleBinding (rbac.authorization.k8s.io/v1): grants a Role, or a ClusterRole within this
// namespace, to users, groups and service accounts.
import { Type } from '@sinclair/typebox';
import type { BindingObject } from '../../auth/rbac/types.js';
import { TypeMetaFields } from '../../machinery/schemas/meta.js';
import { admitBinding } from '../rbac/admission.js';
import { rbacKindBase } from '../rbac/kind.js';
import { RoleRef, subjectsField } from '../rbac/schema.js';
import { bindingTable } from '../rbac/table.js';
import { defaultBinding, validateBindingUpdate, validateRoleBinding } from '../rbac/validation.js';
import type { ResourceDefinition } from '../types.js';

export const RoleBindingSchema = Type.Object(
  { ...TypeMetaFields, subjects: subjectsField, roleRef: RoleRef },
  { description: 'RoleBinding references a role, but does not contain it.  It can reference a Role in the same namespace or a ClusterRole in the global namespace. It adds who information via Subjects and namespace information by which namespace it exists in.  RoleBindings in a given namespace only have effect in that namespace.' },
);

export const roleBindings: ResourceDefinition<BindingObject> = {
  ...rbacKindBase,
  kind: 'RoleBinding', listKind: 'RoleBindingList', plural: 'rolebindings', singular: 'rolebinding',
  namespaced: true,
  schema: RoleBindingSchema,
  strategy: {
    normalize: defaultBinding,
    prepareForCreate: () => {},
    prepareForUpdate: () => {},
    validate: (binding) => validateRoleBinding(binding),
    validateUpdate: (binding, old) => validateBindingUpdate(binding, old, validateRoleBinding),
    allowUnconditionalUpdate: true,
    admit: admitBinding('rolebindings'),
  },
  table: bindingTable('RoleBinding'),
};
