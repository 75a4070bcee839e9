// Which discovery a client asked for at /api and /apis: aggregated (one request for
// everything, client-go's first choice) or the legacy documents. client-go lists the
// aggregated media types first, then plain JSON as its fallback.
export type AggregatedVersion = 'v2' | 'v2beta1';

/** The exact media type an aggregated answer must carry: plain application/json makes kubectl misread it. */
export function aggregatedContentType(version: AggregatedVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

interface MediaRange { type: string; params: Map<string, string>; q: number }

/** The aggregated version to answer with, or undefined for legacy discovery. */
export function negotiateAggregated(accept: string | undefined): AggregatedVersion | undefined {
  if (!accept) return undefined;
  const ranges = accept.split(',').map(parseMediaRange).filter((r) => r.q > 0);
  // Stable sort: equal preferences keep the client's order.
  ranges.sort((a, b) => b.q - a.q);
  for (const range of ranges) {
    const aggregated = aggregatedVersionOf(range);
    if (aggregated) return aggregated;
    if (servesLegacy(range)) return undefined;
  }
  return undefined;
}

function aggregatedVersionOf(range: MediaRange): AggregatedVersion | undefined {
  if (range.type !== 'application/json') return undefined;
  if (range.params.get('g') !== 'apidiscovery.k8s.io' || range.params.get('as') !== 'APIGroupDiscoveryList') return undefined;
  const version = range.params.get('v');
  return version === 'v2' || version === 'v2beta1' ? version : undefined;
}

/** Types the legacy documents are served in (JSON, YAML, wildcards) without a group/version profile. */
function servesLegacy(range: MediaRange): boolean {
  if (range.params.has('g') || range.params.has('as')) return false;
  return ['application/json', 'application/yaml', 'application/*', '*/*'].includes(range.type);
}

function parseMediaRange(text: string): MediaRange {
  const [type = '', ...rest] = text.split(';').map((p) => p.trim());
  const params = new Map<string, string>();
  let q = 1;
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    const key = param.slice(0, eq).trim().toLowerCase();
    const value = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (key === 'q') q = Number.isFinite(Number(value)) ? Number(value) : 0;
    else params.set(key, value);
  }
  return { type: type.toLowerCase(), params, q };
}
