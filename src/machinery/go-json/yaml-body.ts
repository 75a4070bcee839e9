// YAML request bodies, read with the `yaml` library as YAML 1.1 (what sigs.k8s.io/yaml reads:
// yes/no are booleans, only the first document counts). Syntax error texts are the library's,
// not go-yaml's: the one place Arca's decode errors are worded differently from Kubernetes'
// (kubectl always sends JSON, so only hand-made YAML requests can see it).
import { parseAllDocuments } from 'yaml';

export function parseYamlBody(body: string): { value: unknown } | { error: string } {
  const [first] = parseAllDocuments(body, {
    version: '1.1',
    uniqueKeys: false,
    // Timestamps stay strings (metav1.Time parses them itself).
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  if (!first) return { value: null };
  if ('errors' in first && first.errors.length) {
    return { error: `yaml: ${first.errors[0]!.message.split('\n')[0]}` };
  }
  try {
    const value = first.toJS({ maxAliasCount: 100 });
    const notFinite = findNonFinite(value);
    // sigs.k8s.io/yaml converts to JSON with encoding/json, which refuses infinities and NaN.
    if (notFinite !== undefined) return { error: `json: unsupported value: ${notFinite}` };
    return { value: sortedKeys(value) };
  } catch (e) {
    return { error: `yaml: ${(e as Error).message.split('\n')[0]}` };
  }
}

function findNonFinite(value: unknown): string | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) {
      const found = findNonFinite(v);
      if (found) return found;
    }
  }
  return undefined;
}

/** sigs.k8s.io/yaml marshals Go maps, so the JSON it hands on has every object's keys sorted. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortedKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
