// Kubernetes field errors (apimachinery util/validation/field): a path, a type and a detail,
// rendered exactly as the apiserver renders them into Status messages and causes.
import { goQuote, goValue } from './go-format.js';

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueNotFound'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError';

export interface FieldError {
  type: FieldErrorType;
  /** Rendered path, e.g. `data[a b]` or `metadata.labels`. */
  field: string;
  /** The message body without the field, e.g. `Invalid value: "x": must be ...`. */
  body: string;
}

/** A field path builder: child() appends `.name`, key() appends `[key]`, index() appends `[i]`. */
export class FieldPath {
  private constructor(private readonly rendered: string) {}
  static root(name: string): FieldPath { return new FieldPath(name); }
  static empty(): FieldPath { return new FieldPath(''); }
  child(name: string): FieldPath { return new FieldPath(this.rendered ? `${this.rendered}.${name}` : name); }
  key(key: string): FieldPath { return new FieldPath(`${this.rendered}[${key}]`); }
  index(i: number): FieldPath { return new FieldPath(`${this.rendered}[${i}]`); }
  toString(): string { return this.rendered; }
}

const at = (path: FieldPath | string) => String(path);
const withDetail = (head: string, detail?: string) => (detail ? `${head}: ${detail}` : head);

export const fieldError = {
  required: (path: FieldPath | string, detail?: string): FieldError =>
    ({ type: 'FieldValueRequired', field: at(path), body: withDetail('Required value', detail) }),
  invalid: (path: FieldPath | string, value: unknown, detail?: string): FieldError =>
    ({ type: 'FieldValueInvalid', field: at(path), body: withDetail(`Invalid value: ${goValue(value)}`, detail) }),
  notSupported: (path: FieldPath | string, value: unknown, supported: string[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field: at(path),
    body: `Unsupported value: ${goValue(value)}` + (supported.length ? `: supported values: ${supported.map(goQuote).join(', ')}` : ''),
  }),
  duplicate: (path: FieldPath | string, value: unknown): FieldError =>
    ({ type: 'FieldValueDuplicate', field: at(path), body: `Duplicate value: ${goValue(value)}` }),
  notFound: (path: FieldPath | string, value: unknown): FieldError =>
    ({ type: 'FieldValueNotFound', field: at(path), body: `Not found: ${goValue(value)}` }),
  forbidden: (path: FieldPath | string, detail?: string): FieldError =>
    ({ type: 'FieldValueForbidden', field: at(path), body: withDetail('Forbidden', detail) }),
  tooLong: (path: FieldPath | string, max: number): FieldError =>
    ({ type: 'FieldValueTooLong', field: at(path), body: `Too long: may not be more than ${max} bytes` }),
  tooMany: (path: FieldPath | string, actual: number, max: number): FieldError =>
    ({ type: 'FieldValueTooMany', field: at(path), body: `Too many: ${actual}: must have at most ${max} items` }),
  internal: (path: FieldPath | string, detail: string): FieldError =>
    ({ type: 'InternalError', field: at(path), body: `Internal error: ${detail}` }),
};

export function renderFieldError(e: FieldError): string {
  return e.field ? `${e.field}: ${e.body}` : e.body;
}

/** utilerrors.NewAggregate(...).Error(): duplicates removed, one alone, several in brackets. */
export function aggregateMessage(errors: FieldError[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const e of errors) {
    const s = renderFieldError(e);
    if (!seen.has(s)) { seen.add(s); parts.push(s); }
  }
  return parts.length === 1 ? parts[0]! : `[${parts.join(', ')}]`;
}
