// The first error Go's decoder (sigs.k8s.io/json, as the apiserver uses it) reports when a
// syntactically valid body has a value of the wrong JSON type for the Go type a kind's schema
// stands for, e.g. `json: cannot unmarshal number into Go struct field ConfigMap.data of type string`.
//
// Go type names come from the schema: `x-go-type` (the reflect name, e.g. 'v1.SecretType',
// 'types.UID', 'int32') wins; an object schema is otherwise the struct named by its `title`, its
// `$id`, or the first word of its description (Kubernetes descriptions are Go doc comments that
// begin with the type name), in package v1. Integers are int64, date-time strings metav1.Time,
// byte-format strings []uint8 with base64 rules, records map[string]T, Unknown any value.
import { Kind, type TSchema } from '@sinclair/typebox';
import { goBase64ErrorOffset } from '../go-base64.js';
import { goRfc3339ParseError } from './go-time.js';
import { entriesOf, jsonKind, numberText } from './json-value.js';

type GoType =
  | { kind: 'struct'; type: string; name: string; fields: Record<string, TSchema> }
  | { kind: 'map' | 'slice'; type: string; elem: GoType }
  | { kind: 'bytes' | 'string' | 'float' | 'bool' | 'time' | 'any'; type: string }
  | { kind: 'int'; type: string; min: bigint; max: bigint };

/**
 * Go's first type error for decoding `obj` into the kind's Go struct, undefined when it decodes.
 * `obj` is a JSON.parse result, or parseOrderedJson's for exact member order and number text.
 */
export function goJsonTypeError(schema: TSchema, kind: string, obj: unknown): string | undefined {
  const top: GoType = { kind: 'struct', type: `v1.${kind}`, name: kind, fields: propertiesOf(schema) };
  const decoder = new TypedDecoder();
  try {
    decoder.decode(top, obj);
  } catch (e) {
    if (e instanceof FatalDecodeError) return e.message;
    throw e;
  }
  return decoder.firstError;
}

/** An error that stops Go's decoder at once (one returned by a type's own UnmarshalJSON). */
class FatalDecodeError {
  constructor(readonly message: string) {}
}

/** Walks a value as Go's decoder does: type errors are remembered (first wins) and decoding goes on. */
class TypedDecoder {
  firstError: string | undefined;
  // Go's errorContext: the innermost struct being filled and the JSON field names leading to it.
  private struct: string | undefined;
  private readonly fields: string[] = [];

  decode(goType: GoType, value: unknown): void {
    const json = jsonKind(value);
    if (json === 'null') return; // Go leaves the zero value (metav1.Time accepts null too)
    switch (goType.kind) {
      case 'any':
        return;
      case 'time':
        // metav1.Time unmarshals a JSON string, then parses it; both failures end decoding.
        if (json !== 'string') throw new FatalDecodeError(this.typeError(json, 'string'));
        {
          const parseError = goRfc3339ParseError(value as string);
          if (parseError) throw new FatalDecodeError(parseError);
        }
        return;
      case 'struct':
        if (json !== 'object') return this.save(this.typeError(json, goType.type));
        for (const [key, member] of entriesOf(value)) {
          if (!Object.hasOwn(goType.fields, key)) continue; // unknown fields are skipped (or reported by strict decoding)
          const outer = this.struct;
          this.struct = goType.name;
          this.fields.push(key);
          this.decode(goTypeOf(goType.fields[key]!), member);
          this.fields.pop();
          this.struct = outer;
        }
        return;
      case 'map':
        if (json !== 'object') return this.save(this.typeError(json, goType.type));
        for (const [, member] of entriesOf(value)) this.decode(goType.elem, member);
        return;
      case 'slice':
        if (json !== 'array') return this.save(this.typeError(json, goType.type));
        for (const item of value as unknown[]) this.decode(goType.elem, item);
        return;
      case 'bytes':
        // Go takes a base64 string, or a JSON array of byte values.
        if (json === 'array') {
          for (const item of value as unknown[]) this.decode(UINT8, item);
          return;
        }
        if (json !== 'string') return this.save(this.typeError(json, goType.type));
        {
          const offset = goBase64ErrorOffset(value as string);
          if (offset >= 0) this.save(`illegal base64 data at input byte ${offset}`);
        }
        return;
      case 'string':
        if (json !== 'string') this.save(this.typeError(json, goType.type));
        return;
      case 'bool':
        if (json !== 'bool') this.save(this.typeError(json, goType.type));
        return;
      case 'int': {
        if (json !== 'number') return this.save(this.typeError(json, goType.type));
        const text = numberText(value);
        if (!fitsInteger(text, goType.min, goType.max)) this.save(this.typeError(`number ${text}`, goType.type));
        return;
      }
      case 'float': {
        if (json !== 'number') return this.save(this.typeError(json, goType.type));
        const text = numberText(value);
        if (!Number.isFinite(Number(text))) this.save(this.typeError(`number ${text}`, goType.type));
        return;
      }
    }
  }

  private save(message: string): void {
    this.firstError ??= message;
  }

  /** Go's UnmarshalTypeError text, with the field context Go adds while inside a struct. */
  private typeError(value: string, type: string): string {
    if (this.struct === undefined && this.fields.length === 0) return `json: cannot unmarshal ${value} into Go value of type ${type}`;
    return `json: cannot unmarshal ${value} into Go struct field ${this.struct ?? ''}.${this.fields.join('.')} of type ${type}`;
  }
}

/** strconv.ParseInt/ParseUint (base 10) plus the target type's range. */
function fitsInteger(text: string, min: bigint, max: bigint): boolean {
  if (!(min < 0n ? /^-?\d+$/ : /^\d+$/).test(text)) return false;
  const n = BigInt(text);
  return n >= min && n <= max;
}

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const UINT8: GoType = { kind: 'int', type: 'uint8', min: 0n, max: 255n };

/** Go's integer kinds by name; any other integer type (named ones included) is taken as int64. */
function integerRange(goName: string | undefined): { min: bigint; max: bigint } {
  const match = /^(u?)int(8|16|32|64)?$/.exec(goName ?? '');
  if (!match) return INT64;
  const bits = BigInt(match[2] ?? '64');
  return match[1] ? { min: 0n, max: 2n ** bits - 1n } : { min: -(2n ** (bits - 1n)), max: 2n ** (bits - 1n) - 1n };
}

function propertiesOf(schema: TSchema): Record<string, TSchema> {
  return (schema.properties ?? {}) as Record<string, TSchema>;
}

const goTypes = new WeakMap<TSchema, GoType>();

function goTypeOf(schema: TSchema): GoType {
  let goType = goTypes.get(schema);
  if (!goType) {
    goType = describe(schema);
    goTypes.set(schema, goType);
  }
  return goType;
}

function describe(schema: TSchema): GoType {
  const named = typeof schema['x-go-type'] === 'string' ? (schema['x-go-type'] as string) : undefined;
  switch (schema[Kind]) {
    case 'Object': {
      const name = structName(schema);
      return { kind: 'struct', type: named ?? `v1.${name}`, name, fields: propertiesOf(schema) };
    }
    case 'Record': {
      const elem = goTypeOf(Object.values(schema.patternProperties as Record<string, TSchema>)[0]!);
      return { kind: 'map', type: named ?? `map[string]${elem.type}`, elem };
    }
    case 'Array': {
      const elem = goTypeOf(schema.items as TSchema);
      return { kind: 'slice', type: named ?? `[]${elem.type}`, elem };
    }
    case 'String':
      if (schema.format === 'byte') return { kind: 'bytes', type: '[]uint8' };
      if (schema.format === 'date-time') return { kind: 'time', type: 'v1.Time' };
      return { kind: 'string', type: named ?? 'string' };
    case 'Integer':
      return { kind: 'int', type: named ?? 'int64', ...integerRange(named ?? 'int64') };
    case 'Number':
      return { kind: 'float', type: named ?? 'float64' };
    case 'Boolean':
      return { kind: 'bool', type: named ?? 'bool' };
    case 'Union': {
      // A nullable type (Time is a date-time string or null) is the non-null member's type.
      const members = (schema.anyOf as TSchema[]).filter((member) => member[Kind] !== 'Null');
      return members.length === 1 ? goTypeOf(members[0]!) : { kind: 'any', type: named ?? 'interface {}' };
    }
    default:
      return { kind: 'any', type: named ?? 'interface {}' };
  }
}

function structName(schema: TSchema): string {
  const named = schema['x-go-type'] ?? schema.title ?? schema.$id;
  if (typeof named === 'string') return named.slice(named.lastIndexOf('.') + 1);
  return /^([A-Z][A-Za-z0-9]*) /.exec(String(schema.description ?? ''))?.[1] ?? '';
}
