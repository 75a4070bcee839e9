// Component names as kube-openapi gives them: Go package path reversed, then the type name
// (`io.k8s.api.core.v1.ConfigMap`, `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`).
import { Kind, type TSchema } from '@sinclair/typebox';
import { ManagedFieldsEntry, ObjectMeta, OwnerReference } from '../../machinery/schemas/meta.js';
import type { ComponentNamer } from './schema-to-openapi.js';

export const META_V1 = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/**
 * The shared apimachinery types inside every kind's schema. TypeBox's Optional copies a schema
 * shallowly, so a field's schema is recognised by its (shared) `properties` object.
 */
const SHARED_BY_PROPERTIES = new Map<unknown, string>([
  [ObjectMeta.properties, `${META_V1}.ObjectMeta`],
  [OwnerReference.properties, `${META_V1}.OwnerReference`],
  [ManagedFieldsEntry.properties, `${META_V1}.ManagedFieldsEntry`],
]);
const SHARED_BY_SCHEMA = new Map<unknown, string>([
  [ManagedFieldsEntry.properties.fieldsV1, `${META_V1}.FieldsV1`],
]);

/** A Go doc comment starts with the type's name: `NamespaceSpec describes …`. */
const GO_TYPE_NAME = /^([A-Z][A-Za-z0-9]*) /;

/** The Go package path of a group-version, reversed: `io.k8s.api.core.v1`, `io.k8s.api.rbac.v1`. */
export function apiPackage(group: string, version: string): string {
  if (group === '') return `io.k8s.api.core.${version}`;
  if (group.endsWith('.k8s.io') || !group.includes('.')) return `io.k8s.api.${group.split('.')[0]}.${version}`;
  return `${group.split('.').reverse().join('.')}.${version}`;
}

/**
 * Names nested types of a kind in package `pkg`: a schema's `$id`, the shared meta types, or
 * an object type whose description opens with a compound CamelCase name (Go doc style).
 * Anything else is inlined.
 */
export function componentNamer(pkg: string): ComponentNamer {
  return (schema: TSchema) => {
    if (typeof schema.$id === 'string') return schema.$id.includes('.') ? schema.$id : `${pkg}.${schema.$id}`;
    const shared = SHARED_BY_SCHEMA.get(schema) ?? SHARED_BY_PROPERTIES.get(schema.properties);
    if (shared) return shared;
    if (schema[Kind] !== 'Object' || typeof schema.description !== 'string') return undefined;
    const name = GO_TYPE_NAME.exec(schema.description)?.[1];
    return name && isCompoundName(name) ? `${pkg}.${name}` : undefined;
  };
}

/** `NamespaceSpec`, `APIGroup`: two capitals and a lower-case letter, unlike an English first word. */
function isCompoundName(word: string): boolean {
  return (word.match(/[A-Z]/g) ?? []).length >= 2 && /[a-z]/.test(word);
}
