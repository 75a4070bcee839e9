// The PATCH content types the apiserver accepts and the three it applies here (server-side
// apply is handled elsewhere). applyPatch returns the patched object or throws a StatusError.
import type { TSchema } from '@sinclair/typebox';
import { fieldError } from '../field-errors.js';
import { errors } from '../status.js';
import { goJsonMarshal, goJsonTypeWord } from './go-print.js';
import { applyJsonPatch } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

export { applyJsonPatch } from './json-patch.js';
export { applyMergePatch } from './merge-patch.js';
export { applyStrategicMergePatch } from './strategic-merge-patch.js';
export { patchedUnknownFields, strictPatchError, unknownFieldMessages } from './field-validation.js';

export type PatchType = 'json' | 'merge' | 'strategic';

export const patchContentTypes = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/** In the order the apiserver lists them in its 415 answer. */
export const acceptedPatchContentTypes: string[] = [
  patchContentTypes.json,
  patchContentTypes.merge,
  patchContentTypes.strategic,
  patchContentTypes.apply,
];

/** The patch type a Content-Type names; parameters after `;` are ignored, the rest must match exactly. */
export function patchTypeFromContentType(contentType: string | undefined): PatchType | 'apply' | undefined {
  if (!contentType) return undefined;
  const semicolon = contentType.indexOf(';');
  const mediaType = semicolon > 0 ? contentType.slice(0, semicolon) : contentType;
  const entry = Object.entries(patchContentTypes).find(([, type]) => type === mediaType);
  return entry?.[0] as PatchType | 'apply' | undefined;
}

export function applyPatch(type: PatchType, doc: unknown, patchBody: unknown, schema: TSchema): unknown {
  const patched = type === 'json' ? applyJsonPatch(doc, patchBody)
    : type === 'merge' ? applyMergePatch(doc, patchBody)
      : applyStrategicMergePatch(doc, patchBody, schema);
  if (typeof patched !== 'object' || patched === null || Array.isArray(patched)) throw undecodable(patched);
  return patched;
}

/** The apiserver decodes the patched JSON into the kind; a non-object fails at reading apiVersion/kind. */
function undecodable(patched: unknown) {
  const goType = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';
  const detail = `couldn't get version/kind; json parse error: json: cannot unmarshal ${goJsonTypeWord(patched)} into Go value of type ${goType}`;
  return errors.invalid({ group: '', kind: '' }, '', [fieldError.invalid('patch', goJsonMarshal(patched), detail)]);
}
