// How structured-merge-diff sees a TypeBox schema: every node is a scalar, a map (a struct with
// declared fields, or a Record with one element type) or a list (atomic, set, or map keyed by
// `x-kubernetes-list-map-keys`). Schemaless parts (Type.Unknown) are "deduced" from the value
// the way structured-merge-diff's untyped type is: objects are granular maps, arrays atomic lists.
import type { TSchema } from '@sinclair/typebox';
import { goQuote } from '../go-format.js';
import { isJsonObject, keyElement, valueElement, type JsonValue, type KeyField, type PathElement } from './path-element.js';

/** undefined stands for structured-merge-diff's deduced (untyped) type. */
export type Schema = TSchema | undefined;

export interface ScalarShape { kind: 'scalar' }
export interface MapShape {
  kind: 'map';
  /** Declared fields (a struct); undefined for Records. */
  fields: Record<string, TSchema> | undefined;
  required: ReadonlySet<string>;
  /** Type of keys that are not declared fields (Record values); undefined means deduced. */
  element: Schema;
  atomic: boolean;
}
export interface ListShape {
  kind: 'list';
  element: Schema;
  atomic: boolean;
  keys: string[];
}
export type Shape = ScalarShape | MapShape | ListShape;

const SCALAR: ScalarShape = { kind: 'scalar' };
const DEDUCED_MAP: MapShape = { kind: 'map', fields: undefined, required: new Set(), element: undefined, atomic: false };
const DEDUCED_LIST: ListShape = { kind: 'list', element: undefined, atomic: true, keys: [] };
const cache = new WeakMap<TSchema, Shape | 'deduced'>();

/** The shape of a schema node; for deduced nodes the value decides. */
export function shapeOf(schema: Schema, value: unknown): Shape {
  const known = schema === undefined ? 'deduced' : staticShape(schema);
  if (known !== 'deduced') return known;
  if (Array.isArray(value)) return DEDUCED_LIST;
  if (isJsonObject(value)) return DEDUCED_MAP;
  return SCALAR;
}

function staticShape(schema: TSchema): Shape | 'deduced' {
  let shape = cache.get(schema);
  if (shape === undefined) {
    shape = computeShape(schema);
    cache.set(schema, shape);
  }
  return shape;
}

function computeShape(schema: TSchema): Shape | 'deduced' {
  if (Array.isArray(schema.anyOf)) return unionShape(schema.anyOf as TSchema[]);
  const type = schema.type as unknown;
  if (type === 'object') return mapShape(schema);
  if (type === 'array') {
    const listType = schema['x-kubernetes-list-type'] as string | undefined;
    return {
      kind: 'list',
      element: schema.items as TSchema | undefined,
      atomic: listType === undefined || listType === 'atomic',
      keys: listType === 'map' ? [...((schema['x-kubernetes-list-map-keys'] as string[] | undefined) ?? [])] : [],
    };
  }
  if (typeof type === 'string' || 'const' in schema || Array.isArray(schema.enum)) return SCALAR;
  return 'deduced';
}

/** Nullable unions (e.g. Time = string | null) take the shape of their non-null member. */
function unionShape(members: TSchema[]): Shape | 'deduced' {
  const shapes = members.filter((m) => m.type !== 'null').map(staticShape);
  if (shapes.length === 1) return shapes[0];
  return shapes.every((s) => s !== 'deduced' && s.kind === 'scalar') ? SCALAR : 'deduced';
}

function mapShape(schema: TSchema): MapShape {
  const pattern = schema.patternProperties as Record<string, TSchema> | undefined;
  const additional = schema.additionalProperties as TSchema | boolean | undefined;
  const element = pattern ? Object.values(pattern)[0] : typeof additional === 'object' ? additional : undefined;
  return {
    kind: 'map',
    fields: schema.properties as Record<string, TSchema> | undefined,
    required: new Set((schema.required as string[] | undefined) ?? []),
    element,
    atomic: schema['x-kubernetes-map-type'] === 'atomic',
  };
}

/** The schema of a map's child: the declared field's, else the element type. */
export function childSchema(shape: MapShape, key: string): Schema {
  return shape.fields && Object.hasOwn(shape.fields, key) ? shape.fields[key] : shape.element;
}

export const isDeclaredField = (shape: MapShape, key: string): boolean =>
  shape.fields !== undefined && Object.hasOwn(shape.fields, key);

/**
 * The value a field has in a decoded Go object even when the JSON omits it, so that comparisons
 * see what the apiserver's typed objects see: required (non-omitempty) fields are present as
 * null (structs as `{}`), and the top-level structs of a kind (spec, status, metadata) are Go
 * value structs that are always present. Nested optional structs are taken to be pointers.
 */
export function zeroPresentValue(parent: MapShape, field: string, parentIsRoot: boolean): JsonValue | undefined {
  if (!isDeclaredField(parent, field)) return undefined;
  const shape = shapeOf(parent.fields![field], undefined);
  const isStruct = shape.kind === 'map' && shape.fields !== undefined;
  if (parent.required.has(field)) return isStruct ? {} : null;
  if (parentIsRoot && isStruct) return {};
  return undefined;
}

/** The error texts structured-merge-diff uses for list items it cannot name. */
export class ListItemError extends Error {}

/** The path element naming a list item: its key fields (map lists) or its value (sets). */
export function listItemElement(list: ListShape, item: unknown): PathElement {
  if (list.keys.length > 0) {
    if (item === null) throw new ListItemError('associative list with keys may not have a null element');
    if (!isJsonObject(item)) throw new ListItemError('associative list with keys may not have non-map elements');
    const elementShape = list.element ? shapeOf(list.element, item) : undefined;
    const declared = elementShape?.kind === 'map' ? elementShape.fields : undefined;
    const fields: KeyField[] = [];
    for (const name of list.keys) {
      if (Object.hasOwn(item, name)) fields.push({ name, value: item[name] });
      else if (declared?.[name]?.default !== undefined) fields.push({ name, value: declared[name].default as JsonValue });
    }
    if (fields.length === 0) {
      throw new ListItemError(`associative list with keys has an element that omits all key fields [${list.keys.map(goQuote).join(' ')}] (and doesn't have default values for any key fields)`);
    }
    return keyElement(fields);
  }
  if (isJsonObject(item)) throw new ListItemError("associative list without keys has an element that's a map type");
  if (Array.isArray(item)) throw new ListItemError('not supported: associative list with lists as elements');
  if (item === null || item === undefined) throw new ListItemError("associative list without keys has an element that's an explicit null");
  return valueElement(item as JsonValue);
}
