// What a kind's schema declares, field by field: the unknown-field checks of fieldValidation
// (Strict/Warn/Ignore) and the merge keys strategic merge patch reads. Paths are rendered as
// Kubernetes' strict decoding renders them (sigs.k8s.io/json, runtime converter): fields and map
// keys joined by `.`, list indices as `[i]`, e.g. `spec.containers[0].foo`.
import { Kind, type TSchema } from '@sinclair/typebox';

type Refs = ReadonlyMap<string, TSchema>;

/** The strategic-merge-patch metadata of one field (x-kubernetes-patch-* extensions). */
export interface PatchMeta {
  mergeKey: string;
  strategies: string[];
}

const MERGE_KEY = 'x-kubernetes-patch-merge-key';
const STRATEGY = 'x-kubernetes-patch-strategy';
const OPEN_KINDS = new Set(['Unknown', 'Any']);

/** A position in a schema tree; Unknown, Any and unresolvable references are "open": anything goes beneath. */
export class SchemaCursor {
  private resolved?: (TSchema | undefined)[];

  private constructor(private readonly schema: TSchema | undefined, private readonly refs: Refs) {}

  static of(schema: TSchema): SchemaCursor {
    let refs = idsByRoot.get(schema);
    if (!refs) idsByRoot.set(schema, (refs = collectIds(schema)));
    return new SchemaCursor(schema, refs);
  }

  /** A cursor for parts no schema describes. */
  static open(): SchemaCursor {
    return new SchemaCursor(undefined, new Map());
  }

  get isOpen(): boolean {
    return this.members().some((m) => m === undefined || OPEN_KINDS.has(m[Kind] as string));
  }

  /** Whether a JSON object is a valid shape here (object, map or open). */
  acceptsObject(): boolean {
    return this.isOpen || this.members().some((m) => m?.[Kind] === 'Object' || m?.[Kind] === 'Record');
  }

  /** The schema of property `key` of an object value; undefined when the schema does not declare it. */
  field(key: string): SchemaCursor | undefined {
    if (this.isOpen) return this.openChild();
    for (const member of this.members()) {
      const found = member && declaredField(member, key);
      if (found === true) return this.openChild();
      if (found) return this.at(found);
    }
    return undefined;
  }

  /** The schema of the elements of a list value; undefined when the schema takes no list here. */
  items(): SchemaCursor | undefined {
    if (this.isOpen) return this.openChild();
    const list = this.members().find((m) => m?.[Kind] === 'Array');
    const items = list?.items as TSchema | TSchema[] | undefined;
    return items && !Array.isArray(items) ? this.at(items) : undefined;
  }

  /** Merge key and strategies, read from the field's own schema first, then from what it resolves to. */
  patchMeta(): PatchMeta {
    for (const candidate of [this.schema, ...this.members()]) {
      if (!candidate || (candidate[MERGE_KEY] === undefined && candidate[STRATEGY] === undefined)) continue;
      const mergeKey = typeof candidate[MERGE_KEY] === 'string' ? candidate[MERGE_KEY] : '';
      const strategy = typeof candidate[STRATEGY] === 'string' ? candidate[STRATEGY] : '';
      return { mergeKey, strategies: strategy ? strategy.split(',') : [] };
    }
    return { mergeKey: '', strategies: [] };
  }

  private at(schema: TSchema): SchemaCursor { return new SchemaCursor(schema, this.refs); }
  private openChild(): SchemaCursor { return new SchemaCursor(undefined, this.refs); }

  /** The concrete alternatives this schema stands for: references followed, unions and intersections flattened. */
  private members(): (TSchema | undefined)[] {
    return (this.resolved ??= flatten(this.schema, this.refs, new Set()));
  }
}

/** Schemas are built once per kind; their `$id` tables are kept rather than rebuilt per request. */
const idsByRoot = new WeakMap<TSchema, Refs>();
const patterns = new Map<string, RegExp>();

function flatten(schema: TSchema | undefined, refs: Refs, seen: Set<TSchema>): (TSchema | undefined)[] {
  if (schema === undefined) return [undefined];
  if (seen.has(schema)) return [];
  seen.add(schema);
  const kind = schema[Kind] as string | undefined;
  if (kind === 'Ref' || kind === 'This') return flatten(refs.get(schema.$ref as string), refs, seen);
  const parts = (kind === 'Union' ? schema.anyOf : kind === 'Intersect' ? schema.allOf : undefined) as TSchema[] | undefined;
  return parts ? parts.flatMap((part) => flatten(part, refs, seen)) : [schema];
}

/** The schema an object schema gives `key`: a schema, `true` for "anything", or undefined. */
function declaredField(schema: TSchema, key: string): TSchema | true | undefined {
  const kind = schema[Kind];
  if (kind === 'Object') {
    const properties = schema.properties as Record<string, TSchema>;
    if (Object.hasOwn(properties, key)) return properties[key];
    return additional(schema);
  }
  if (kind === 'Record') {
    const keyPatterns = (schema.patternProperties ?? {}) as Record<string, TSchema>;
    for (const [pattern, valueSchema] of Object.entries(keyPatterns)) {
      let regexp = patterns.get(pattern);
      if (!regexp) patterns.set(pattern, (regexp = new RegExp(pattern)));
      if (regexp.test(key)) return valueSchema;
    }
    return additional(schema);
  }
  return undefined;
}

function additional(schema: TSchema): TSchema | true | undefined {
  const extra = schema.additionalProperties as TSchema | boolean | undefined;
  if (extra === true) return true;
  return typeof extra === 'object' ? extra : undefined;
}

/** Every `$id` in the tree, so that Ref and This (recursive) schemas can be followed. */
function collectIds(root: TSchema): Refs {
  const ids = new Map<string, TSchema>();
  const visit = (schema: unknown): void => {
    if (typeof schema !== 'object' || schema === null) return;
    if (Array.isArray(schema)) { schema.forEach(visit); return; }
    const s = schema as TSchema;
    if (typeof s.$id === 'string') {
      if (ids.has(s.$id)) return;
      ids.set(s.$id, s);
    }
    for (const key of ['properties', 'patternProperties'] as const) {
      if (s[key]) Object.values(s[key] as object).forEach(visit);
    }
    for (const key of ['additionalProperties', 'items', 'anyOf', 'allOf', 'oneOf'] as const) visit(s[key]);
  };
  visit(root);
  return ids;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The fields of `obj` its schema does not declare, as strict decoding names them
 * (`unknown field "<path>"`), in document order, or with `sortedKeys` in the order Go meets
 * them in JSON it marshaled from a map. Values of the wrong JSON type are not searched:
 * type errors are validation's business, not unknown fields.
 */
export function unknownFields(schema: TSchema, obj: unknown, options: { sortedKeys?: boolean } = {}): string[] {
  const found: string[] = [];
  walkUnknown(SchemaCursor.of(schema), obj, '', { report: (path) => found.push(path), prune: false, sortedKeys: options.sortedKeys ?? false });
  return found;
}

/** Removes, in place, every field unknownFields() would report (fieldValidation=Ignore). */
export function pruneUnknownFields(schema: TSchema, obj: unknown): void {
  walkUnknown(SchemaCursor.of(schema), obj, '', { report: () => undefined, prune: true, sortedKeys: false });
}

interface Walk { report(path: string): void; prune: boolean; sortedKeys: boolean }

function walkUnknown(cursor: SchemaCursor, value: unknown, path: string, walk: Walk): void {
  if (cursor.isOpen) return;
  if (isPlainObject(value)) {
    if (!cursor.acceptsObject()) return;
    const keys = Object.keys(value);
    for (const key of walk.sortedKeys ? keys.sort() : keys) {
      const fieldPath = path ? `${path}.${key}` : key;
      const child = cursor.field(key);
      if (child) {
        walkUnknown(child, value[key], fieldPath, walk);
        continue;
      }
      walk.report(fieldPath);
      if (walk.prune) delete value[key];
    }
  } else if (Array.isArray(value)) {
    const items = cursor.items();
    if (items) value.forEach((item, i) => walkUnknown(items, item, `${path}[${i}]`, walk));
  }
}
