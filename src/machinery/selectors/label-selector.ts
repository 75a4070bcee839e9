// Kubernetes label selectors (apimachinery pkg/labels, v1.32): the `labelSelector` query syntax,
// the metav1.LabelSelector object form, and matching. Parse errors carry the parser's exact text,
// which kube-apiserver returns unwrapped as a 400 BadRequest message.
import { goQuote, goValue } from '../go-format.js';
import { aggregateMessage, fieldError, type FieldError } from '../field-errors.js';
import { errors } from '../status.js';
import { isQualifiedName, isValidLabelValue } from '../validation/names.js';

export interface LabelSelector {
  /** True when the selector does not restrict anything (matches every object). */
  readonly empty: boolean;
  /** The requirements, sorted by key (all must hold). */
  readonly requirements: readonly LabelRequirement[];
  matches(labels: Record<string, string> | undefined): boolean;
  /** Canonical text form, as Go's Selector.String() renders it. */
  toString(): string;
}

/** Operator names as Go's selection.Operator spells them. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'gt' | 'lt' | 'exists' | '!';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/**
 * Parses a `labelSelector` query value. The empty string selects everything.
 * Throws a 400 BadRequest StatusError whose message is the Kubernetes parser error.
 */
export function parseLabelSelector(text: string): LabelSelector {
  try {
    return selectorOf(new Parser(text).parse());
  } catch (e) {
    if (e instanceof SelectorError) throw errors.badRequest(e.message);
    throw e;
  }
}

/**
 * metav1.LabelSelectorAsSelector: null/undefined selects nothing, an empty object everything.
 * Invalid requirements throw a 400 BadRequest StatusError with Kubernetes' error text.
 */
export function labelSelectorFromObject(sel: LabelSelectorObject | null | undefined): LabelSelector {
  if (sel === null || sel === undefined) return nothingSelector;
  const matchLabels = Object.entries(sel.matchLabels ?? {}).sort(([a], [b]) => byteOrder(a, b));
  const expressions = sel.matchExpressions ?? [];
  if (matchLabels.length + expressions.length === 0) return selectorOf([]);
  try {
    const requirements = matchLabels.map(([key, value]) => newRequirement(key, '=', [value]));
    for (const expr of expressions) {
      const operator = objectOperators.get(expr.operator);
      if (!operator) throw new SelectorError(`${goQuote(String(expr.operator))} is not a valid label selector operator`);
      requirements.push(newRequirement(expr.key, operator, [...(expr.values ?? [])]));
    }
    return selectorOf(requirements);
  } catch (e) {
    if (e instanceof SelectorError) throw errors.badRequest(e.message);
    throw e;
  }
}

// Maps, not object literals: lookups of user text must not find Object.prototype members.
const objectOperators = new Map<string, LabelOperator>([
  ['In', 'in'], ['NotIn', 'notin'], ['Exists', 'exists'], ['DoesNotExist', '!'],
]);

/** An error whose message is exactly the Go error text. */
class SelectorError extends Error {}

// ---------------------------------------------------------------------------------------------
// Selectors and matching

const nothingSelector: LabelSelector = {
  empty: false,
  requirements: [],
  matches: () => false,
  toString: () => '',
};

function selectorOf(requirements: LabelRequirement[]): LabelSelector {
  // Array.prototype.sort is stable; Go sorts by key only.
  const sorted = [...requirements].sort((a, b) => byteOrder(a.key, b.key));
  return {
    empty: sorted.length === 0,
    requirements: sorted,
    matches: (labels) => sorted.every((r) => requirementMatches(r, labels ?? {})),
    toString: () => sorted.map(requirementText).join(','),
  };
}

function requirementMatches(r: LabelRequirement, labels: Record<string, string>): boolean {
  const present = Object.hasOwn(labels, r.key);
  const value = present ? labels[r.key]! : undefined;
  switch (r.operator) {
    case 'in': case '=': case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin': case '!=':
      // Objects without the key match: they do not carry any of the excluded values.
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return present;
    case '!':
      return !present;
    case 'gt': case 'lt': {
      if (value === undefined || r.values.length !== 1) return false;
      const actual = parseGoInt64(value);
      const bound = parseGoInt64(r.values[0]!);
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

const operatorText: Record<LabelOperator, string> = {
  '=': '=', '==': '==', '!=': '!=', in: ' in ', notin: ' notin ', gt: '>', lt: '<', exists: '', '!': '',
};

function requirementText(r: LabelRequirement): string {
  if (r.operator === 'exists') return r.key;
  if (r.operator === '!') return `!${r.key}`;
  const values = r.values.length === 1 ? r.values[0]! : [...r.values].sort(byteOrder).join(',');
  const set = r.operator === 'in' || r.operator === 'notin';
  return r.key + operatorText[r.operator] + (set ? `(${values})` : values);
}

/** strconv.ParseInt(s, 10, 64): optional sign, decimal digits, within int64. */
function parseGoInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

/** Go compares strings bytewise (UTF-8), which is code point order, not UTF-16 order. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

// ---------------------------------------------------------------------------------------------
// Requirement construction and validation (labels.NewRequirement)

/** Builds a validated requirement; errors use the field paths NewRequirement uses with no base path. */
function newRequirement(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  const errs: FieldError[] = [];
  const keyError = labelKeyError(key, 'key');
  if (keyError) errs.push(keyError);
  switch (operator) {
    case 'in': case 'notin':
      if (values.length === 0) errs.push(invalidValues(values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=': case '==': case '!=':
      if (values.length !== 1) errs.push(invalidValues(values, 'exact-match compatibility requires one single value'));
      break;
    case 'exists': case '!':
      if (values.length !== 0) errs.push(invalidValues(values, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt': case 'lt':
      if (values.length !== 1) errs.push(invalidValues(values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (parseGoInt64(v) === undefined) {
          errs.push(fieldError.invalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      break;
  }
  values.forEach((v, i) => {
    const problems = isValidLabelValue(v);
    if (problems.length) errs.push(fieldError.invalid(`values[${i}][${key}]`, v, problems.join('; ')));
  });
  if (errs.length) throw new SelectorError(aggregateMessage(errs));
  return { key, operator, values };
}

/** field.Invalid on `values` with a []string value, rendered as Go's %#v (empty means a nil slice here). */
function invalidValues(values: string[], detail: string): FieldError {
  const rendered = values.length ? goValue(values) : '[]string(nil)';
  return { type: 'FieldValueInvalid', field: 'values', body: `Invalid value: ${rendered}: ${detail}` };
}

function labelKeyError(key: string, path: string): FieldError | undefined {
  const problems = isQualifiedName(key);
  return problems.length ? fieldError.invalid(path, key, problems.join('; ')) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Lexer and parser (labels.Parse). Structure and messages follow the Go parser so that every
// malformed input fails with the same text; "\0" doubles as end of input, as in Go.

type TokenKind =
  | 'error' | 'end' | 'identifier'
  | ')' | ',' | '!' | '==' | '=' | '>' | 'in' | '<' | '!=' | 'notin' | '(';

interface Token { kind: TokenKind; literal: string }

const literalTokens = new Map<string, TokenKind>(
  ([')', ',', '!', '==', '=', '>', 'in', '<', '!=', 'notin', '('] as const).map((t) => [t, t]),
);
const END = '\0';
const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string) => '=!(),><'.includes(ch);

/** Go's selection operators for the binary tokens, listed in the order the error message uses. */
const binaryOperatorNames = 'in, notin, =, ==, !=, gt, lt';

class Lexer {
  private pos = 0;
  constructor(private readonly text: string) {}

  private read(): string {
    return this.pos < this.text.length ? this.text[this.pos++]! : END;
  }
  private unread(): void { this.pos--; }

  next(): Token {
    let ch = this.read();
    while (isWhitespace(ch)) ch = this.read();
    if (ch === END) return { kind: 'end', literal: '' };
    this.unread();
    return isSpecialSymbol(ch) ? this.specialSymbol() : this.identifierOrKeyword();
  }

  private identifierOrKeyword(): Token {
    let buffer = '';
    for (;;) {
      const ch = this.read();
      if (ch === END) break;
      if (isSpecialSymbol(ch) || isWhitespace(ch)) { this.unread(); break; }
      buffer += ch;
    }
    return { kind: literalTokens.get(buffer) ?? 'identifier', literal: buffer };
  }

  /** Longest run of symbols that still forms an operator token. */
  private specialSymbol(): Token {
    let buffer = '';
    let last: Token | undefined;
    for (;;) {
      const ch = this.read();
      if (ch === END) break;
      if (!isSpecialSymbol(ch)) { this.unread(); break; }
      buffer += ch;
      const kind = literalTokens.get(buffer);
      if (kind) last = { kind, literal: buffer };
      else if (last) { this.unread(); break; }
    }
    return last ?? { kind: 'error', literal: `error expected: keyword found '${buffer}'` };
  }
}

type Context = 'keyAndOperator' | 'values';

class Parser {
  private readonly tokens: Token[] = [];
  private position = 0;

  constructor(text: string) {
    const lexer = new Lexer(text);
    for (;;) {
      const token = lexer.next();
      this.tokens.push(token);
      if (token.kind === 'end') break;
    }
  }

  /** In a values context the words `in` and `notin` are plain identifiers. */
  private lookahead(context: Context): Token {
    return this.asContext(this.tokens[this.position]!, context);
  }
  private consume(context: Context): Token {
    return this.asContext(this.tokens[this.position++]!, context);
  }
  private asContext(token: Token, context: Context): Token {
    return context === 'values' && (token.kind === 'in' || token.kind === 'notin') ? { ...token, kind: 'identifier' } : token;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const token = this.lookahead('values');
      if (token.kind === 'end') return requirements;
      if (token.kind !== 'identifier' && token.kind !== '!') {
        throw new SelectorError(`found '${token.literal}', expected: !, identifier, or 'end of string'`);
      }
      try {
        requirements.push(this.requirement());
      } catch (e) {
        if (e instanceof SelectorError) throw new SelectorError(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const after = this.consume('values');
      if (after.kind === 'end') return requirements;
      if (after.kind !== ',') throw new SelectorError(`found '${after.literal}', expected: ',' or 'end of string'`);
      const following = this.lookahead('values');
      if (following.kind !== 'identifier' && following.kind !== '!') {
        throw new SelectorError(`found '${following.literal}', expected: identifier after ','`);
      }
    }
  }

  private requirement(): LabelRequirement {
    const { key, operator: unary } = this.keyAndInferredOperator();
    if (unary) return newRequirement(key, unary, []);
    const operator = this.binaryOperator();
    const values = operator === 'in' || operator === 'notin' ? this.valueSet() : this.exactValue();
    // Go collects values in a string set: duplicates dropped, sorted.
    return newRequirement(key, operator, [...new Set(values)].sort(byteOrder));
  }

  /** `!key` is DoesNotExist whatever follows; a bare key before `,` or the end is Exists. */
  private keyAndInferredOperator(): { key: string; operator?: LabelOperator } {
    let token = this.consume('values');
    let operator: LabelOperator | undefined;
    if (token.kind === '!') {
      operator = '!';
      token = this.consume('values');
    }
    if (token.kind !== 'identifier') throw new SelectorError(`found '${token.literal}', expected: identifier`);
    // The parser validates keys with a nil field path, which Go renders as "<nil>".
    const keyError = labelKeyError(token.literal, '<nil>');
    if (keyError) throw new SelectorError(aggregateMessage([keyError]));
    const next = this.lookahead('values').kind;
    if (!operator && (next === 'end' || next === ',')) operator = 'exists';
    return { key: token.literal, operator };
  }

  private binaryOperator(): LabelOperator {
    const token = this.consume('keyAndOperator');
    switch (token.kind) {
      case 'in': return 'in';
      case '=': return '=';
      case '==': return '==';
      case '>': return 'gt';
      case '<': return 'lt';
      case 'notin': return 'notin';
      case '!=': return '!=';
      default: throw new SelectorError(`found '${token.literal}', expected: ${binaryOperatorNames}`);
    }
  }

  /** `(a,b,...)`; `()` is the set holding only the empty value. */
  private valueSet(): string[] {
    const open = this.consume('values');
    if (open.kind !== '(') throw new SelectorError(`found '${open.literal}' expected: '('`);
    const first = this.lookahead('values');
    if (first.kind === ')') {
      this.consume('values');
      return [''];
    }
    if (first.kind !== 'identifier' && first.kind !== ',') {
      throw new SelectorError(`found '${first.literal}', expected: ',', ')' or identifier`);
    }
    const values = this.identifierList();
    if (this.consume('values').kind !== ')') throw new SelectorError(`found '${first.literal}', expected: ')'`);
    return values;
  }

  /**
   * Comma-separated, possibly empty identifiers, up to (not including) `)`. Empty entries become
   * "". Reproduces v1.32, where `,,` swallows the second comma (so `(a,,)` is an error).
   */
  private identifierList(): string[] {
    const values: string[] = [];
    for (;;) {
      const token = this.consume('values');
      if (token.kind === 'identifier') {
        values.push(token.literal);
        const next = this.lookahead('values');
        if (next.kind === ',') continue;
        if (next.kind === ')') return values;
        throw new SelectorError(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (token.kind !== ',') throw new SelectorError(`found '${token.literal}', expected: ',', or identifier`);
      if (values.length === 0) values.push('');
      const next = this.lookahead('values');
      if (next.kind === ')') {
        values.push('');
        return values;
      }
      if (next.kind === ',') {
        this.consume('values');
        values.push('');
      }
    }
  }

  /** The value after `=`, `==`, `!=`, `>` or `<`; nothing before `,` or the end means "". */
  private exactValue(): string[] {
    const next = this.lookahead('values');
    if (next.kind === 'end' || next.kind === ',') return [''];
    const token = this.consume('values');
    if (token.kind === 'identifier') return [token.literal];
    throw new SelectorError(`found '${token.literal}', expected: identifier`);
  }
}
