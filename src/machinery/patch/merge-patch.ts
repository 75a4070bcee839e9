// JSON merge patch (RFC 7386) as the apiserver applies it (evanphx/json-patch v4 MergePatch):
// objects merge key by key, `null` deletes a key, everything else (lists included) replaces.
// Two v4 details are kept: a patch that is not an object or a list is refused with
// 400 "Invalid JSON Patch" (a list replaces the whole document, which then fails to decode),
// and null members of objects inside lists are dropped rather than stored.
import { createRequire } from 'node:module';
import { errors } from '../status.js';

// json-merge-patch ships no type declarations; this is the one function used.
const mergePatchLib = createRequire(import.meta.url)('json-merge-patch') as { apply(target: unknown, patch: unknown): unknown };

type JsonMap = Record<string, unknown>;

const isMap = (value: unknown): value is JsonMap => typeof value === 'object' && value !== null && !Array.isArray(value);

export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) return dropNullsInLists(structuredClone(patch));
  if (!isMap(patch)) throw errors.badRequest('Invalid JSON Patch');
  return mergePatchLib.apply(structuredClone(doc), dropNullsInLists(structuredClone(patch)));
}

/** v4 prunes null members from objects that sit inside lists (RFC 7386 would keep them). */
function dropNullsInLists(value: unknown, insideList = false): unknown {
  if (Array.isArray(value)) {
    value.forEach((item) => dropNullsInLists(item, true));
  } else if (isMap(value)) {
    for (const [key, member] of Object.entries(value)) {
      if (member === null && insideList) delete value[key];
      else dropNullsInLists(member, insideList);
    }
  }
  return value;
}
