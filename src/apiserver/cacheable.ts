// Documents that never change while the server runs (discovery, OpenAPI) are served with an
// ETag: their content hash, so clients revalidate with If-None-Match and get 304s.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** kube-openapi's hash: SHA-512 of the serialized document, upper-case hex. */
export function contentHash(body: string): string {
  return createHash('sha512').update(body).digest('hex').toUpperCase();
}

export interface CacheableDocument {
  body: string;
  contentType: string;
  /** Unquoted entity tag. */
  etag: string;
  headers?: Record<string, string>;
}

/** 200 with the body, or 304 when the client's If-None-Match already names this ETag. */
export function sendCacheable(req: IncomingMessage, res: ServerResponse, doc: CacheableDocument): void {
  const etag = `"${doc.etag}"`;
  const headers = { ETag: etag, ...doc.headers };
  if (ifNoneMatchHits(req.headers['if-none-match'], etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': doc.contentType, 'Content-Length': Buffer.byteLength(doc.body) });
  res.end(doc.body);
}

/** RFC 9110 weak comparison: `*`, or any listed tag equal to ours once `W/` is dropped. */
function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}
