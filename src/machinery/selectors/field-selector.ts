// Kubernetes field selectors (apimachinery pkg/fields): `field=value` terms joined by `,` (AND),
// operators `=`, `==` and `!=`, with `\` escaping `\`, `,` and `=` in values. Parse errors carry
// the Go error text, which kube-apiserver returns unwrapped as a 400 BadRequest message.
// Whether a field is supported by a kind is the caller's check, not the parser's.
import { errors } from '../status.js';

export interface FieldRequirement {
  readonly field: string;
  /** `==` is folded into `=`, as Go's Requirements() reports it. */
  readonly operator: '=' | '!=';
  /** The unescaped value. */
  readonly value: string;
}

export interface FieldSelector {
  /** True when the selector does not restrict anything. */
  readonly empty: boolean;
  /** Terms in Go's evaluation order (sorted by their raw text). */
  readonly requirements: readonly FieldRequirement[];
  /** All terms hold; a field the getter does not know reads as "". */
  matches(get: (field: string) => string | undefined): boolean;
  /** value required by an `=` term on this field, if any */
  requiredValue(field: string): string | undefined;
}

/** Parses a `fieldSelector` query value; throws a 400 BadRequest StatusError with Kubernetes' text. */
export function parseFieldSelector(text: string): FieldSelector {
  // Go sorts the raw terms bytewise (UTF-8 order) before parsing; the first bad one is reported.
  const terms = splitTerms(text).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const requirements: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === '') continue;
    const split = splitTerm(term);
    if (!split) throw errors.badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const value = unescapeValue(split.rawValue);
    // A term with neither field nor value (`=`, `!=`) selects everything: Go drops it.
    if (split.field === '' && value === '') continue;
    requirements.push({ field: split.field, operator: split.operator === '!=' ? '!=' : '=', value });
  }
  return {
    empty: requirements.length === 0,
    requirements,
    matches: (get) => requirements.every((r) => {
      const actual = get(r.field) ?? '';
      return r.operator === '=' ? actual === r.value : actual !== r.value;
    }),
    requiredValue: (field) => requirements.find((r) => r.operator === '=' && r.field === field)?.value,
  };
}

/** fields.EscapeValue: makes any string usable as a field selector value. */
export function escapeFieldSelectorValue(value: string): string {
  return value.replace(/[\\,=]/g, (ch) => `\\${ch}`);
}

/** Splits on commas not preceded by an escaping backslash; escapes stay in the terms. */
function splitTerms(selector: string): string[] {
  if (selector === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (escaped) escaped = false;
    else if (ch === '\\') escaped = true;
    else if (ch === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

// `==` is tried before `=` so that it does not leave a leading `=` in the value.
const termOperators = ['!=', '==', '='] as const;

/** Splits at the first operator occurrence: field names have no escaping. */
function splitTerm(term: string): { field: string; operator: (typeof termOperators)[number]; rawValue: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const operator of termOperators) {
      if (term.startsWith(operator, i)) {
        return { field: term.slice(0, i), operator, rawValue: term.slice(i + operator.length) };
      }
    }
  }
  return undefined;
}

/** fields.UnescapeValue: `\\`, `\,` and `\=` are the only escapes; bare `,` or `=` are errors. */
function unescapeValue(raw: string): string {
  if (!/[\\,=]/.test(raw)) return raw;
  let out = '';
  let escaped = false;
  for (const ch of raw) {
    if (escaped) {
      if (ch !== '\\' && ch !== ',' && ch !== '=') throw invalidEscapeSequence(`\\${ch}`);
      out += ch;
      escaped = false;
    } else if (ch === '\\') {
      escaped = true;
    } else if (ch === ',' || ch === '=') {
      // Go prints the rune with %v, i.e. as its decimal code point.
      throw errors.badRequest(`invalid field selector: unescaped character in value: ${ch.codePointAt(0)}`);
    } else {
      out += ch;
    }
  }
  if (escaped) throw invalidEscapeSequence('\\');
  return out;
}

const invalidEscapeSequence = (sequence: string) =>
  errors.badRequest(`invalid field selector: invalid escape sequence: ${sequence}`);
