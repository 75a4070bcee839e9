// fieldValidation (Strict / Warn) for PATCH, as handlers/patch.go reports unknown fields: the
// apiserver finds them while decoding the patched object, and a Strict failure is a 422 on field
// `patch` (create and update answer 400 instead). Json and merge patches hand the decoder JSON
// that Go marshaled from maps, so fields come in sorted-key order; strategic merge patches go
// through the unstructured converter, whose order is not defined (document order here).
import type { TSchema } from '@sinclair/typebox';
import { fieldError } from '../field-errors.js';
import { goQuote } from '../go-format.js';
import { unknownFields } from '../schema-fields.js';
import { errors, type StatusError } from '../status.js';
import { goJsonMarshal, goSprint } from './go-print.js';
import type { PatchType } from './index.js';

/** The patched object's unknown fields, in the order the apiserver reports them. */
export function patchedUnknownFields(type: PatchType, schema: TSchema, patched: unknown): string[] {
  return unknownFields(schema, patched, { sortedKeys: type !== 'strategic' });
}

/**
 * `unknown field "<path>"` per field: the Warning texts for Warn. The JSON decoder quotes the
 * path Go-style; the converter used for strategic merge patches wraps it in plain quotes.
 */
export function unknownFieldMessages(type: PatchType, paths: string[]): string[] {
  return paths.map((path) => `unknown field ${type === 'strategic' ? `"${path}"` : goQuote(path)}`);
}

/**
 * The Strict failure: ` "" is invalid: patch: Invalid value: <value>: strict decoding error: …`.
 * The value is the patched JSON for json and merge patches, and Go's %v of the patch for strategic
 * ones (the apiserver prints its patch map after merging consumed some directives; this prints it whole).
 */
export function strictPatchError(type: PatchType, patchBody: unknown, patched: unknown, paths: string[]): StatusError {
  const value = type === 'strategic' ? goSprint(patchBody) : goJsonMarshal(patched);
  const detail = `strict decoding error: ${unknownFieldMessages(type, paths).join(', ')}`;
  return errors.invalid({ group: '', kind: '' }, '', [fieldError.invalid('patch', value, detail)]);
}
