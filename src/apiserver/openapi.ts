// OpenAPI v3 as kube-apiserver serves it: /openapi/v3 lists one document per group-version
// with a content hash, /openapi/v3/<api/v1|apis/<group>/<version>> serves the document,
// immutable-cached when the hash matches. /openapi/v2 is not served (kubectl only asks for it,
// as protobuf, when v3 is missing). Everything is computed once, on first use, from the resource definitions.
import { errors } from '../machinery/status.js';
import type { ResourceDefinition } from '../resources/types.js';
import { contentHash, sendCacheable, type CacheableDocument } from './cacheable.js';
import { servedGroups } from './group-versions.js';
import { openApiDocument } from './openapi/document.js';
import type { PathHandler } from './server.js';

const V3 = '/openapi/v3';
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

interface GroupVersionDocument extends CacheableDocument {
  /** `/openapi/v3/api/v1?hash=…`: where the root sends clients. */
  serverRelativeURL: string;
}

export interface OpenApiDocuments {
  root: CacheableDocument;
  /** By path under /openapi/v3: `api/v1`, `apis/<group>/<version>`. */
  groupVersions: Map<string, GroupVersionDocument>;
}

export function buildOpenApiDocuments(definitions: ResourceDefinition<any>[]): OpenApiDocuments {
  const groupVersions = new Map<string, GroupVersionDocument>();
  for (const gv of servedGroups(definitions).flatMap((g) => g.versions)) {
    const key = gv.group ? `apis/${gv.group}/${gv.version}` : `api/${gv.version}`;
    const body = JSON.stringify(openApiDocument(gv, definitions));
    const etag = contentHash(body);
    const serverRelativeURL = `${V3}/${key}?${new URLSearchParams({ hash: etag })}`;
    groupVersions.set(key, { body, contentType: 'application/json', etag, serverRelativeURL });
  }
  const paths = Object.fromEntries(
    [...groupVersions.keys()].sort().map((key) => [key, { serverRelativeURL: groupVersions.get(key)!.serverRelativeURL }]),
  );
  const body = JSON.stringify({ paths });
  return { root: { body, contentType: 'application/json', etag: contentHash(body) }, groupVersions };
}

export function openApiHandler(definitions: ResourceDefinition<any>[]): PathHandler {
  // Built on the first OpenAPI request rather than at start-up, where it cost tens of milliseconds.
  let built: OpenApiDocuments | undefined;
  return (req, res, url) => {
    const path = url.pathname.replace(/\/+$/, '');
    if (path === '/openapi/v2') throw errors.routeNotFound();
    if (path !== V3 && !path.startsWith(`${V3}/`)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const docs = built ??= buildOpenApiDocuments(definitions);
    if (path === V3) {
      sendCacheable(req, res, docs.root);
      return true;
    }
    const doc = docs.groupVersions.get(path.slice(V3.length + 1));
    if (!doc) throw errors.routeNotFound();
    if (!acceptsJson(req.headers.accept)) throw errors.notAcceptable(['application/json']);
    const hash = url.searchParams.get('hash');
    if (hash && hash !== doc.etag) {
      // A stale link (the server changed since the client read the root): send it to the current one.
      res.writeHead(301, { Location: doc.serverRelativeURL, 'Content-Length': 0 });
      res.end();
      return true;
    }
    // Vary: the document could be negotiated in other encodings; caches must key on Accept.
    const headers: Record<string, string> = { Vary: 'Accept' };
    if (hash) {
      headers['Cache-Control'] = 'public, immutable';
      headers.Expires = new Date(Date.now() + ONE_YEAR_MS).toUTCString();
    }
    sendCacheable(req, res, { ...doc, headers });
    return true;
  };
}

function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((range) => {
    const type = range.split(';')[0]!.trim().toLowerCase();
    return type === 'application/json' || type === 'application/*' || type === '*/*';
  });
}
