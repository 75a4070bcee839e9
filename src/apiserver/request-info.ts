// Where a request points: the Kubernetes RequestInfo of a URL (api prefix, group, version,
// namespace, resource, name, subresource) and its verb, as kube-apiserver derives them.
export type RequestVerb =
  | 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface ResourceRequestInfo {
  isResourceRequest: true;
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  verb: RequestVerb;
  path: string;
}

export interface NonResourceRequestInfo {
  isResourceRequest: false;
  verb: string;
  path: string;
}

export type RequestInfo = ResourceRequestInfo | NonResourceRequestInfo;

/** Subresources of a namespace that are not resources within it. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

const HTTP_VERBS: Record<string, string> = {
  GET: 'get', HEAD: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete',
};

export function requestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const parts = path.split('/').filter((p) => p !== '');
  // Non-resource requests are authorized by the lower-cased HTTP method (get, post, put, …).
  const nonResource = (): NonResourceRequestInfo => ({ isResourceRequest: false, verb: method === 'HEAD' ? 'get' : method.toLowerCase(), path });

  let rest: string[];
  let group = '';
  let version: string;
  if (parts[0] === 'api' && parts.length >= 3) {
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else {
    return nonResource();
  }

  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
  }
  const resource = rest[0]!;
  const name = rest[1];
  const subresource = rest[2];
  if (rest.length > 3) return nonResource();

  let verb = (HTTP_VERBS[method] ?? method.toLowerCase()) as RequestVerb;
  if (verb === 'get') {
    if (!name) verb = isTrue(query.get('watch')) ? 'watch' : 'list';
    else if (isTrue(query.get('watch'))) verb = 'watch';
  }
  if (verb === 'delete' && !name) verb = 'deletecollection';
  return { isResourceRequest: true, group, version, namespace, resource, name, subresource, verb, path };
}

function isTrue(v: string | null): boolean {
  return v === 'true' || v === '1';
}
