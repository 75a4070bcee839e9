// sigs.k8s.io/yaml's YAMLToJSON as the apiserver runs it on YAML bodies: go-yaml v2 reads the first
// document into Go values (YAML 1.1 scalars: yes/no booleans, 0777 octal, …), map keys become
// strings, and encoding/json writes the result with object keys sorted. The text of an error, or
// the resulting JSON as parseOrderedJson would have read it.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import { goBase64ErrorOffset } from '../go-base64.js';
import { NumberLiteral, OrderedObject } from '../go-json/ordered-json.js';
import { goYamlSyntaxError } from './syntax-error.js';

const TAG = 'tag:yaml.org,2002:';
const RESOLVABLE_TAGS = new Set(['', 'str', 'bool', 'int', 'float', 'null', 'timestamp'].map((t) => (t ? TAG + t : t)));

/** A Go value as go-yaml decodes into interface{}: maps keep Go's key types until JSON conversion. */
type GoValue = null | boolean | string | bigint | number | GoValue[] | Map<GoValue, GoValue>;

/** A failure go-yaml or sigs.k8s.io/yaml reports with this text. */
class ConversionError extends Error {}
/** A failure whose exact Go text we do not reproduce (collection or null map keys). */
class UnsupportedInput extends Error {}

/**
 * The body as JSON, or the error YAMLToJSON returns; undefined when the body is valid YAML for
 * go-yaml but the yaml package cannot read it (the caller then has no exact text to offer).
 */
export function goYamlToJson(text: string): { value: unknown } | { error: string } | undefined {
  const syntaxError = goYamlSyntaxError(text);
  if (syntaxError) return { error: syntaxError };
  const [document] = parseAllDocuments(text, { version: '1.1', schema: 'failsafe', uniqueKeys: false }) as Document[];
  if (document && document.errors.length > 0) return undefined;
  try {
    const goValue = document?.contents ? new GoYamlDecoder(document).decode(document.contents) : null;
    return { value: toJson(goValue) };
  } catch (e) {
    if (e instanceof ConversionError) return { error: e.message };
    if (e instanceof UnsupportedInput) return undefined;
    throw e;
  }
}

/** go-yaml's decoder into interface{}: scalar resolution, merge keys, alias expansion. */
class GoYamlDecoder {
  private readonly expanding = new Set<Node>();

  constructor(private readonly document: Document) {}

  decode(node: unknown): GoValue {
    if (isAlias(node)) {
      const target = node.resolve(this.document) as Node;
      if (this.expanding.has(target)) throw new ConversionError(`yaml: anchor '${node.source}' value contains itself`);
      this.expanding.add(target);
      try {
        return this.decode(target);
      } finally {
        this.expanding.delete(target);
      }
    }
    if (isScalar(node)) {
      const plain = node.type === 'PLAIN';
      return resolveScalar(node.tag ?? (plain ? '' : TAG + 'str'), String(node.value ?? ''));
    }
    if (isSeq(node)) return node.items.map((item) => this.decode(item));
    if (isMap(node)) {
      const map = new Map<GoValue, GoValue>();
      for (const pair of node.items) {
        if (isScalar(pair.key) && pair.key.value === '<<' && pair.key.type === 'PLAIN' && !pair.key.tag) {
          this.merge(pair.value, map);
          continue;
        }
        const key = this.decode(pair.key);
        if (key === null || typeof key === 'object') throw new UnsupportedInput();
        map.set(key, this.decode(pair.value));
      }
      return map;
    }
    return null;
  }

  /** `<<: *base` or `<<: [*a, *b]`: later maps in the list lose to earlier ones. */
  private merge(value: unknown, into: Map<GoValue, GoValue>): void {
    const target = isAlias(value) ? (value.resolve(this.document) as Node) : value;
    const sources = isSeq(target) ? [...target.items].reverse() : [target];
    for (const source of sources) {
      const resolved = isAlias(source) ? source.resolve(this.document) : source;
      if (!isMap(resolved)) throw new ConversionError('yaml: map merge requires map or sequence of maps as the value');
      for (const [key, member] of this.decode(source) as Map<GoValue, GoValue>) into.set(key, member);
    }
  }
}

/** go-yaml v2's resolve(): what a scalar decodes to, or its "cannot decode" failure. */
function resolveScalar(tag: string, text: string): GoValue {
  if (!RESOLVABLE_TAGS.has(tag)) {
    if (tag !== TAG + 'binary') return text;
    if (goBase64ErrorOffset(text) >= 0) throw new ConversionError('yaml: !!binary value contains invalid base64 data');
    return Buffer.from(text, 'base64').toString('utf8');
  }
  const resolved = implicitValue(tag, text);
  const resolvedTag = tagOf(resolved);
  if (tag === '' || tag === resolvedTag || tag === TAG + 'str' || tag === TAG + 'timestamp') return resolved;
  if (tag === TAG + 'float' && typeof resolved === 'bigint') return Number(resolved);
  throw new ConversionError(`yaml: cannot decode ${shortTag(resolvedTag)} \`${text}\` as a ${shortTag(tag)}`);
}

function implicitValue(tag: string, text: string): GoValue {
  if (tag === TAG + 'str') return text;
  const first = text[0] ?? '';
  if (text === '' || /^(~|null|Null|NULL)$/.test(text)) return null;
  if (/^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(text)) return true;
  if (/^(n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/.test(text)) return false;
  if (/^\.(nan|NaN|NAN)$/.test(text)) return NaN;
  if (/^\+?\.(inf|Inf|INF)$/.test(text)) return Infinity;
  if (/^-\.(inf|Inf|INF)$/.test(text)) return -Infinity;
  if (first === '.') return /^\.\d+([eE][-+]?\d+)?$/.test(text) && Number.isFinite(Number(text)) ? Number(text) : text;
  if (!/[-+0-9]/.test(first)) return text;
  const plain = text.replace(/_/g, '');
  const integer = parseGoInteger(plain, true) ?? parseGoInteger(plain, false);
  if (integer !== undefined) return integer;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) {
    const float = Number(plain);
    if (Number.isFinite(float)) return float; // Go's ParseFloat fails on overflow; the scalar stays a string
  }
  return text;
}

/** strconv.ParseInt / ParseUint with base 0 (0x, 0o, 0b and leading-0 octal prefixes). */
function parseGoInteger(text: string, signed: boolean): bigint | undefined {
  let digits = text;
  let negative = false;
  if (signed && (digits[0] === '+' || digits[0] === '-')) {
    negative = digits[0] === '-';
    digits = digits.slice(1);
  }
  let radix = 10;
  const prefix = /^0[xXoObB]/.exec(digits)?.[0];
  if (prefix) {
    radix = { x: 16, o: 8, b: 2 }[prefix[1]!.toLowerCase() as 'x' | 'o' | 'b'];
    digits = digits.slice(2);
  } else if (digits.length > 1 && digits[0] === '0') {
    radix = 8;
    digits = digits.slice(1);
  }
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[radix as 2 | 8 | 10 | 16];
  if (!valid.test(digits)) return undefined;
  const magnitude = BigInt(radix === 10 ? digits : `0${'xob'[[16, 8, 2].indexOf(radix)]}${digits}`);
  const value = negative ? -magnitude : magnitude;
  const [min, max] = signed ? [-(2n ** 63n), 2n ** 63n - 1n] : [0n, 2n ** 64n - 1n];
  return value >= min && value <= max ? value : undefined;
}

function tagOf(value: GoValue): string {
  if (value === null) return TAG + 'null';
  if (typeof value === 'boolean') return TAG + 'bool';
  if (typeof value === 'bigint') return TAG + 'int';
  if (typeof value === 'number') return TAG + 'float';
  return TAG + 'str';
}

const shortTag = (tag: string) => (tag.startsWith(TAG) ? '!!' + tag.slice(TAG.length) : tag);

/** sigs.k8s.io/yaml's key conversion plus encoding/json: sorted keys, Go number text. */
function toJson(value: GoValue): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return new NumberLiteral(String(value));
  if (typeof value === 'number') return new NumberLiteral(goJsonFloat(value));
  if (Array.isArray(value)) return value.map(toJson);
  const members = new Map<string, GoValue>();
  for (const [key, member] of value) members.set(keyString(key), member);
  const sorted = [...members.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return new OrderedObject(sorted.map((key) => [key, toJson(members.get(key)!)]));
}

/** sigs.k8s.io/yaml's map key to string (scalar keys only reach here). */
function keyString(key: GoValue): string {
  if (typeof key === 'number') return Number.isNaN(key) ? '.nan' : key === Infinity ? '.inf' : key === -Infinity ? '-.inf' : String(key);
  return String(key);
}

/** encoding/json's float text: shortest form, exponent only below 1e-6 or from 1e21. */
function goJsonFloat(value: number): string {
  if (!Number.isFinite(value)) throw new ConversionError(`json: unsupported value: ${Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf'}`);
  if (Object.is(value, -0)) return '-0';
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-6 || abs >= 1e21) ? value.toExponential() : String(value);
}
