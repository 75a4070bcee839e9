// The apiserver's first look at a body (SimpleMetaFactory.Interpret in apimachinery's JSON
// serializer): plain encoding/json into a struct holding only apiVersion and kind, then the group
// and version split out of apiVersion. It fails before any typed decoding, with its own wrapper.
import { entriesOf, jsonKind } from './json-value.js';

/** reflect's name for Interpret's anonymous target struct, as type errors print it. */
const TARGET_TYPE = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

export interface SniffedTypeMeta { group: string; version: string; kind: string }

/** The body's group, version and kind, or the error text Interpret returns. */
export function interpretTypeMeta(value: unknown): SniffedTypeMeta | { error: string } {
  const found = { apiVersion: '', kind: '' };
  const json = jsonKind(value);
  let typeError: string | undefined;
  if (json === 'object') {
    for (const [key, member] of entriesOf(value)) {
      const field = matchesFolded(key, 'apiVersion') ? 'apiVersion' : matchesFolded(key, 'kind') ? 'kind' : undefined;
      if (!field) continue;
      const memberKind = jsonKind(member);
      if (memberKind === 'string') found[field] = member as string;
      else if (memberKind !== 'null') typeError ??= `json: cannot unmarshal ${memberKind} into Go struct field .${field} of type string`;
    }
  } else if (json !== 'null') {
    typeError = `json: cannot unmarshal ${json} into Go value of type ${TARGET_TYPE}`;
  }
  if (typeError) return { error: `couldn't get version/kind; json parse error: ${typeError}` };
  const groupVersion = parseGroupVersion(found.apiVersion);
  if ('error' in groupVersion) return groupVersion;
  return { ...groupVersion, kind: found.kind };
}

/** schema.ParseGroupVersion. */
export function parseGroupVersion(apiVersion: string): { group: string; version: string } | { error: string } {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return { error: `unexpected GroupVersion string: ${apiVersion}` };
}

/**
 * encoding/json matches keys to fields case-insensitively (bytes.EqualFold), where the Kelvin
 * sign folds to k and the long s to s.
 */
function matchesFolded(key: string, name: string): boolean {
  const folded = key.replace(/\u212a/g, 'k').replace(/\u017f/g, 's');
  return folded.length === name.length && folded.toLowerCase() === name.toLowerCase() && [...folded].every((ch) => ch < '\u0080');
}
