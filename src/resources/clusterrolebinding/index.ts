// ClusterRoleBinding (rbac.authorization.k8s.io/v1): grants a ClusterRole everywhere.
import { Type } from '@sinclair/typebox';
import type { BindingObject } from '../../auth/rbac/types.js';
import { TypeMetaFields } from '../../machinery/schemas/meta.js';
import { admitBinding } from '../rbac/admission.js';
import { rbacKindBase } from '../rbac/kind.js';
import { RoleRef, subjectsField } from '../rbac/schema.js';
import { bindingTable } from '../rbac/table.js';
import { defaultBinding, validateBindingUpdate, validateClusterRoleBinding } from '../rbac/validation.js';
import type { ResourceDefinition } from '../types.js';

export const ClusterRoleBindingSchema = Type.Object(
  { ...TypeMetaFields, subjects: subjectsField, roleRef: RoleRef },
  { description: 'ClusterRoleBinding references a ClusterRole, but not contain it.  It can reference a ClusterRole in the global namespace, and adds who information via Subject.' },
);

export const clusterRoleBindings: ResourceDefinition<BindingObject> = {
  ...rbacKindBase,
  kind: 'ClusterRoleBinding', listKind: 'ClusterRoleBindingList', plural: 'clusterrolebindings', singular: 'clusterrolebinding',
  namespaced: false,
  schema: ClusterRoleBindingSchema,
  strategy: {
    normalize: defaultBinding,
    prepareForCreate: () => {},
    prepareForUpdate: () => {},
    validate: (binding) => validateClusterRoleBinding(binding),
    validateUpdate: (binding, old) => validateBindingUpdate(binding, old, validateClusterRoleBinding),
    allowUnconditionalUpdate: true,
    admit: admitBinding('clusterrolebindings'),
  },
  table: bindingTable('ClusterRoleBinding'),
};
