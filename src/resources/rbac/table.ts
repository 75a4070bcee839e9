// Table columns of the RBAC kinds, as kubectl's internal printers define them: roles show when
// they were created (an RFC 3339 date), bindings their role and, with -o wide, their subjects.
import type { BindingObject, RoleObject } from '../../auth/rbac/types.js';
import { age } from '../../machinery/human-duration.js';
import { ageColumn, column, nameColumn } from '../columns.js';
import type { TableDefinition } from '../types.js';

export const roleTable: TableDefinition<RoleObject> = {
  columns: [nameColumn, { ...ageColumn, name: 'Created At', type: 'date' }],
  cells: (role) => [role.metadata.name, role.metadata.creationTimestamp ?? null],
};

const ROLE_REF_DOCS = {
  RoleBinding: 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
  ClusterRoleBinding: 'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
};

/** rbac.SubjectsStrings: users, groups and `namespace/name` service accounts. */
export function subjectsStrings(binding: BindingObject): { users: string[]; groups: string[]; serviceAccounts: string[] } {
  const out = { users: [] as string[], groups: [] as string[], serviceAccounts: [] as string[] };
  for (const s of binding.subjects ?? []) {
    if (s.kind === 'ServiceAccount') out.serviceAccounts.push(`${s.namespace ?? ''}/${s.name}`);
    else if (s.kind === 'User') out.users.push(s.name);
    else if (s.kind === 'Group') out.groups.push(s.name);
  }
  return out;
}

export function bindingTable(kind: 'RoleBinding' | 'ClusterRoleBinding'): TableDefinition<BindingObject> {
  return {
    columns: [
      nameColumn,
      column('Role', 'string', ROLE_REF_DOCS[kind]),
      ageColumn,
      column('Users', 'string', 'Users in the roleBinding', 1),
      column('Groups', 'string', 'Groups in the roleBinding', 1),
      column('ServiceAccounts', 'string', 'ServiceAccounts in the roleBinding', 1),
    ],
    cells: (binding, now) => {
      const { users, groups, serviceAccounts } = subjectsStrings(binding);
      return [
        binding.metadata.name, `${binding.roleRef?.kind ?? ''}/${binding.roleRef?.name ?? ''}`, age(binding.metadata.creationTimestamp, now),
        users.join(', '), groups.join(', '), serviceAccounts.join(', '),
      ];
    },
  };
}
