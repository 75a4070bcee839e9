// json.Unmarshal(bytes, &map[string]interface{}{}): the error Go gives, if any. Kubernetes
// validates dockercfg Secrets this way, and reports this text.
import { jsonKind } from './json-value.js';
import { NumberLiteral, OrderedObject, parseOrderedJson } from './ordered-json.js';
import { goJsonSyntaxErrorInBytes } from './syntax-error.js';

export function goJsonObjectError(bytes: Uint8Array): string | undefined {
  const syntaxError = goJsonSyntaxErrorInBytes(bytes);
  if (syntaxError) return syntaxError;
  const value = parseOrderedJson(Buffer.from(bytes).toString('utf8'));
  const kind = jsonKind(value);
  // null leaves the map nil: no error.
  if (kind !== 'object' && kind !== 'null') return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
  // Inside the object every value fits interface{}, except numbers beyond float64.
  const overflow = firstOverflowingNumber(value);
  return overflow === undefined ? undefined : `json: cannot unmarshal number ${overflow} into Go value of type float64`;
}

function firstOverflowingNumber(value: unknown): string | undefined {
  if (value instanceof NumberLiteral) return Number.isFinite(Number(value.text)) ? undefined : value.text;
  const children = value instanceof OrderedObject ? value.entries.map(([, v]) => v) : Array.isArray(value) ? value : [];
  for (const child of children) {
    const found = firstOverflowingNumber(child);
    if (found !== undefined) return found;
  }
  return undefined;
}
