// TypeBox (JSON Schema) → OpenAPI 3.0 component schemas, published the way kube-openapi
// publishes Go types: named struct types become components referenced as
// `allOf: [{$ref}]`, maps are `additionalProperties`, nullable unions collapse to their
// non-null member, constants become enums. kubectl explain derives its type names
// (`<ObjectMeta>`, `<map[string]string>`, `<[]string>`) from exactly these shapes.
import { Kind, type TSchema } from '@sinclair/typebox';

export type OpenApiSchema = Record<string, unknown>;

/** A component name for a schema at a field position, or undefined to inline it. */
export type ComponentNamer = (schema: TSchema) => string | undefined;

/** Schema keywords OpenAPI 3.0 shares with JSON Schema; everything else but `x-` extensions is dropped. */
const PASSED_KEYWORDS = new Set([
  'type', 'format', 'pattern', 'enum', 'default', 'nullable',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties',
  'required',
]);

export const componentRef = (name: string) => `#/components/schemas/${name}`;

/** The components of one OpenAPI document, filled as schemas are converted. */
export class ComponentSchemas {
  private readonly schemas = new Map<string, OpenApiSchema>();
  /** Named schemas already converted (or being converted: recursion stops there). */
  private readonly sources = new Map<string, TSchema>();
  /** Schemas by `$id`, for TypeBox Ref and This (recursive) nodes. */
  private readonly byId = new Map<string, TSchema>();

  constructor(private readonly nameOf: ComponentNamer) {}

  /** A top-level component (a kind) from a schema: description kept, `extra` merged in. */
  define(name: string, schema: TSchema, extra: OpenApiSchema = {}): void {
    collectIds(schema, this.byId);
    this.sources.set(name, schema);
    this.schemas.set(name, { ...this.convertBody(schema), ...extra });
  }

  /** A component written directly in OpenAPI (apimachinery types no kind schema contains). */
  defineOpenApi(name: string, schema: OpenApiSchema): void {
    if (!this.schemas.has(name)) this.schemas.set(name, schema);
  }

  has(name: string): boolean {
    return this.schemas.has(name);
  }

  /** The components, by name. */
  toRecord(): Record<string, OpenApiSchema> {
    return Object.fromEntries(this.schemas);
  }

  /** The OpenAPI form of a schema at a field position, referencing named types. */
  convert(schema: TSchema): OpenApiSchema {
    const name = this.nameOf(schema);
    if (name === undefined || !this.claim(name, schema)) return this.convertBody(schema);
    // The reference carries the field's description and the shared component none, so that
    // kubectl explain prints a field's description once (upstream repeats type and field texts).
    return { allOf: [{ $ref: componentRef(name) }], ...describe(schema) };
  }

  /**
   * Registers `schema` under `name` unless another schema already holds the name (then the
   * caller inlines it). A name is claimed before its body is converted, so recursion ends.
   */
  private claim(name: string, schema: TSchema): boolean {
    const holder = this.sources.get(name);
    if (holder !== undefined) return holder === schema || sameShape(holder, schema);
    this.sources.set(name, schema);
    const { description: _description, ...body } = this.convertBody(schema);
    this.schemas.set(name, body);
    return true;
  }

  private convertBody(schema: TSchema): OpenApiSchema {
    const kind = schema[Kind] as string | undefined;
    if (kind === 'Union' || Array.isArray(schema.anyOf)) return this.convertUnion(schema);
    if (kind === 'Intersect' || Array.isArray(schema.allOf)) {
      return { ...passed(schema), allOf: (schema.allOf as TSchema[]).map((s) => this.convert(s)) };
    }
    if (kind === 'Ref' || kind === 'This') {
      const target = this.byId.get(String(schema.$ref));
      return target ? { ...this.convert(target), ...describe(schema) } : describe(schema);
    }

    const out = passed(schema);
    if (schema.const !== undefined) {
      out.enum = [schema.const];
      out.type ??= jsonType(schema.const);
    }
    if (schema.properties !== undefined) {
      out.properties = Object.fromEntries(
        Object.entries(schema.properties as Record<string, TSchema>).map(([key, value]) => [key, this.convert(value)]),
      );
    }
    const additional = mapValues(schema);
    if (additional !== undefined) out.additionalProperties = typeof additional === 'boolean' ? additional : this.convert(additional);
    if (schema.items !== undefined && !Array.isArray(schema.items)) out.items = this.convert(schema.items as TSchema);
    return out;
  }

  private convertUnion(schema: TSchema): OpenApiSchema {
    const members = (schema.anyOf as TSchema[]).filter((m) => m.type !== 'null');
    const own = passed(schema);
    if (members.length === 1) return { ...this.convert(members[0]!), ...own };
    if (members.length > 0 && members.every((m) => m.const !== undefined)) {
      const types = new Set(members.map((m) => jsonType(m.const)));
      return { ...(types.size === 1 ? { type: [...types][0] } : {}), enum: members.map((m) => m.const), ...own };
    }
    return { ...own, anyOf: members.map((m) => this.convert(m)) };
  }
}

/** What a reference keeps of the field it stands for: its description. */
function describe(schema: TSchema): OpenApiSchema {
  return schema.description === undefined ? {} : { description: schema.description };
}

/** The OpenAPI keywords and `x-` extensions of a schema node, without its sub-schemas. */
function passed(schema: TSchema): OpenApiSchema {
  const out: OpenApiSchema = {};
  if (schema.description !== undefined) out.description = schema.description;
  for (const [key, value] of Object.entries(schema)) {
    if (PASSED_KEYWORDS.has(key) || key.startsWith('x-')) out[key] = value;
  }
  return out;
}

/** The value schema of a map: TypeBox Records use patternProperties, OpenAPI additionalProperties. */
function mapValues(schema: TSchema): TSchema | boolean | undefined {
  const patterns = schema.patternProperties as Record<string, TSchema> | undefined;
  if (patterns) return Object.values(patterns)[0];
  return schema.additionalProperties as TSchema | boolean | undefined;
}

function jsonType(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function collectIds(schema: unknown, into: Map<string, TSchema>): void {
  if (typeof schema !== 'object' || schema === null) return;
  if (Array.isArray(schema)) {
    for (const s of schema) collectIds(s, into);
    return;
  }
  const s = schema as TSchema;
  if (typeof s.$id === 'string') {
    if (into.has(s.$id)) return;
    into.set(s.$id, s);
  }
  for (const key of ['properties', 'patternProperties'] as const) {
    if (s[key]) collectIds(Object.values(s[key] as object), into);
  }
  for (const key of ['additionalProperties', 'items', 'anyOf', 'allOf'] as const) collectIds(s[key], into);
}

/**
 * Structural equality of two schemas as JSON (TypeBox's symbols aside), without their own
 * descriptions: those belong to the fields that reference the type.
 */
function sameShape(a: TSchema, b: TSchema): boolean {
  return JSON.stringify({ ...a, description: undefined }) === JSON.stringify({ ...b, description: undefined });
}
