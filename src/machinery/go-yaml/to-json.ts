// sigs.k8s.io/yaml's YAMLToJSON as the apiserver runs it on YAML bodies: go-yaml v2 reads the first
// document into Go values (YAML 1.1 scalars: yes/no booleans, 0777 octal, …), map keys become
// strings, and encoding/json writes the result with object keys sorted. The text of an error, or
// the resulting JSON as parseOrderedJson would have read it.
import { goBase64ErrorOffset } from '../go-base64.js';
import { NumberLiteral, OrderedObject } from '../go-json/ordered-json.js';
import { composeFirstYamlDocument, type YamlNode } from './parser.js';
import { YamlError } from './scanner.js';
import { goYamlErrorMessage } from './syntax-error.js';

const TAG = 'tag:yaml.org,2002:';
const RESOLVABLE_TAGS = new Set(['', 'str', 'bool', 'int', 'float', 'null', 'timestamp'].map((t) => (t ? TAG + t : t)));

/** A Go value as go-yaml decodes into interface{}: maps keep Go's key types until JSON conversion. */
type GoValue = null | boolean | string | bigint | number | GoValue[] | Map<GoValue, GoValue>;
type GoMap = Map<GoValue, GoValue>;

/** A failure go-yaml or sigs.k8s.io/yaml reports with this text. */
class ConversionError extends Error {}
/** A failure whose exact Go text is not reproduced (collection or null map keys). */
class UnsupportedInput extends Error {}

/**
 * The body as JSON (objects as OrderedObject, numbers as NumberLiteral), or the error YAMLToJSON
 * returns; undefined for the rare inputs whose Go outcome is not reproduced (a null, sequence or
 * mapping used as a map key; nesting thousands of levels deep).
 */
export function goYamlToJson(text: string): { value: unknown } | { error: string } | undefined {
  try {
    const root = composeFirstYamlDocument(text);
    return { value: toJson(root ? new GoYamlDecoder().decode(root) : null) };
  } catch (e) {
    if (e instanceof YamlError) return { error: goYamlErrorMessage(e) };
    if (e instanceof ConversionError) return { error: e.message };
    // Nesting deep enough to exhaust the stack while converting (go-yaml allows 10000 levels).
    if (e instanceof UnsupportedInput || e instanceof RangeError) return undefined;
    throw e;
  }
}

/** go-yaml's decoder into interface{}: scalar resolution, merge keys, alias expansion and its limits. */
class GoYamlDecoder {
  private readonly expanding = new Set<YamlNode>();
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;

  decode(node: YamlNode): GoValue {
    this.count();
    switch (node.kind) {
      case 'scalar':
        if (node.tag === '' && !node.implicit) return node.value; // quoted
        return resolveScalar(node.tag, node.value);
      case 'alias':
        return this.expand(node, () => this.decode(node.target));
      case 'sequence':
        return node.children.map((child) => this.decode(child));
      case 'mapping': {
        const map: GoMap = new Map();
        this.fillMap(node, map);
        return map;
      }
    }
  }

  /** Guards against alias cycles and alias bombs as go-yaml does. */
  private count(): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      throw new ConversionError('yaml: document contains excessive aliasing');
    }
  }

  private expand<T>(alias: YamlNode & { kind: 'alias' }, decode: () => T): T {
    if (this.expanding.has(alias)) throw new ConversionError(`yaml: anchor '${alias.name}' value contains itself`);
    this.expanding.add(alias);
    this.aliasDepth++;
    try {
      return decode();
    } finally {
      this.aliasDepth--;
      this.expanding.delete(alias);
    }
  }

  private fillMap(node: YamlNode & { kind: 'mapping' }, map: GoMap): void {
    for (let i = 0; i < node.children.length; i += 2) {
      const keyNode = node.children[i]!;
      const valueNode = node.children[i + 1]!;
      if (isMerge(keyNode)) {
        this.merge(valueNode, map);
        continue;
      }
      const key = this.decode(keyNode);
      if (key === null || typeof key === 'object') throw new UnsupportedInput();
      map.set(key, this.decode(valueNode));
    }
  }

  /** `<<: *base` or `<<: [*a, *b]` (earlier maps in the list win). */
  private merge(node: YamlNode, into: GoMap): void {
    const sources = node.kind === 'sequence' ? [...node.children].reverse() : [node];
    if (node.kind !== 'sequence' && node.kind !== 'mapping' && node.kind !== 'alias') failWantMap();
    for (const source of sources) {
      const target = source.kind === 'alias' ? source.target : source;
      if (target.kind !== 'mapping') failWantMap();
      this.count();
      if (source.kind === 'alias') this.expand(source, () => this.fillMap(target, into));
      else this.fillMap(target, into);
    }
  }
}

function failWantMap(): never {
  throw new ConversionError('yaml: map merge requires map or sequence of maps as the value');
}

const isMerge = (node: YamlNode) =>
  node.kind === 'scalar' && node.value === '<<' && (node.implicit || node.tag === TAG + 'merge');

/** go-yaml's tolerance for alias expansion: 99% up to 400k decoded nodes, down to 10% at 4M. */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400000) return 0.99;
  if (decodeCount >= 4000000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400000) / 3600000);
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
  if (typeof key === 'number') return Number.isNaN(key) ? '.nan' : key === Infinity ? '.inf' : key === -Infinity ? '-.inf' : goFloat32G(key);
  return String(key);
}

/** strconv.FormatFloat(f, 'g', -1, 32), which sigs.k8s.io/yaml uses for float keys. */
function goFloat32G(value: number): string {
  const f = Math.fround(value);
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  let shortest = '';
  for (let precision = 1; precision <= 9; precision++) {
    shortest = f.toPrecision(precision);
    if (Math.fround(Number(shortest)) === f) break;
  }
  const [mantissa, exponentText] = Number(shortest).toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const digits = mantissa.replace(/^-/, '').replace('.', '').length;
  return Number(shortest).toFixed(Math.max(digits - (exponent + 1), 0));
}

/** encoding/json's float text: shortest form, exponent only below 1e-6 or from 1e21. */
function goJsonFloat(value: number): string {
  if (!Number.isFinite(value)) throw new ConversionError(`json: unsupported value: ${Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf'}`);
  if (Object.is(value, -0)) return '-0';
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-6 || abs >= 1e21) ? value.toExponential() : String(value);
}
