// Go's `omitempty` on maps and lists. kube-apiserver decodes every write into Go structs and
// encodes the result, so an optional map or list that ends up empty or null (`labels: {}` after
// `kubectl label x env-`, `data: {}` after removing the last key) is not stored or returned.
// Struct-typed fields are kept: Go never omits a struct as empty.

type Schema = Record<string, any>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A TypeBox Record (map[string]T): an object schema described by patternProperties only. */
const isMapSchema = (s: Schema) => s.type === 'object' && s.patternProperties !== undefined && s.properties === undefined;
const isStructSchema = (s: Schema) => s.type === 'object' && s.properties !== undefined;
const isListSchema = (s: Schema) => s.type === 'array';

/** Drops, in place and recursively, the optional map and list fields of `value` that are empty or null. */
export function omitEmptyCollections(schema: Schema, value: unknown): void {
  if (Array.isArray(value)) {
    if (isListSchema(schema) && schema.items) for (const item of value) omitEmptyCollections(schema.items, item);
    return;
  }
  if (!isPlainObject(value) || !isStructSchema(schema)) return;
  const required = new Set<string>(schema.required ?? []);
  for (const [field, fieldSchema] of Object.entries<Schema>(schema.properties)) {
    if (!Object.hasOwn(value, field)) continue;
    const v = value[field];
    const collection = isMapSchema(fieldSchema) || isListSchema(fieldSchema);
    const empty = v === null || (Array.isArray(v) ? v.length === 0 : isPlainObject(v) && Object.keys(v).length === 0);
    if (collection && empty && !required.has(field)) delete value[field];
    else omitEmptyCollections(fieldSchema, v);
  }
}
