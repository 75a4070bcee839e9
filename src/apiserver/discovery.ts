// API discovery: /api, /apis (aggregated or legacy), /apis/<group>, /api/<version> and
// /apis/<group>/<version>. Documents come from the resource definitions and are computed once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from '../machinery/status.js';
import type { ResourceDefinition } from '../resources/types.js';
import { contentHash, sendCacheable, type CacheableDocument } from './cacheable.js';
import { aggregatedDiscoveryList, buildDiscoveryDocuments, type ApiGroupDiscovery } from './discovery/documents.js';
import { aggregatedContentType, negotiateAggregated, type AggregatedVersion } from './discovery/negotiate.js';
import { negotiateOutput, sendObject } from './respond.js';
import type { PathHandler } from './server.js';

type Root = 'api' | 'apis';

export function discoveryHandler(definitions: ResourceDefinition<any>[]): PathHandler {
  const docs = buildDiscoveryDocuments(definitions);
  const aggregated = {
    api: aggregatedDocuments(docs.aggregated.core),
    apis: aggregatedDocuments(docs.aggregated.named),
  };
  const legacyRoots = { api: docs.apiVersions, apis: docs.apiGroupList };

  const sendLegacy = (req: IncomingMessage, res: ServerResponse, body: unknown) => {
    sendObject(res, 200, body, negotiateOutput(req.headers.accept));
  };

  return (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const [root, ...rest] = url.pathname.split('/').filter((p) => p !== '');
    if (root !== 'api' && root !== 'apis') return false;

    if (rest.length === 0) {
      // Both answers depend on Accept, so caches must key on it.
      res.setHeader('Vary', 'Accept');
      const version = negotiateAggregated(req.headers.accept);
      if (version) sendCacheable(req, res, aggregated[root as Root][version]);
      else sendLegacy(req, res, legacyRoots[root as Root]);
      return true;
    }
    if (root === 'apis' && rest.length === 1) {
      const group = docs.apiGroups.get(rest[0]!);
      if (!group) throw errors.routeNotFound();
      sendLegacy(req, res, group);
      return true;
    }
    const groupVersion = root === 'api' && rest.length === 1 ? rest[0]
      : root === 'apis' && rest.length === 2 ? `${rest[0]}/${rest[1]}`
        : undefined;
    // Deeper paths are resource requests.
    if (groupVersion === undefined) return false;
    const list = docs.resourceLists.get(groupVersion);
    if (!list) throw errors.routeNotFound();
    sendLegacy(req, res, list);
    return true;
  };
}

function aggregatedDocuments(items: ApiGroupDiscovery[]): Record<AggregatedVersion, CacheableDocument> {
  const document = (version: AggregatedVersion): CacheableDocument => {
    const body = JSON.stringify(aggregatedDiscoveryList(items, version));
    return { body, contentType: aggregatedContentType(version), etag: contentHash(body) };
  };
  return { v2: document('v2'), v2beta1: document('v2beta1') };
}
