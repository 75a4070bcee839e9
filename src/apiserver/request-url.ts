// A request target split into path and query. `new URL()` per request showed in GET profiles;
// nearly every target is an origin-form path of plain characters, which needs no URL parsing,
// so only the rest (dot segments, backslashes, fragments, absolute form, …) goes through it.

/** The parts of a request's URL the server reads; a WHATWG `URL` has this shape too. */
export interface RequestUrl {
  readonly pathname: string;
  readonly searchParams: URLSearchParams;
}

/** An origin-form path of RFC 3986 path characters, which `new URL()` keeps as they are (`//` first would be a host). */
const PLAIN_PATH = /^\/(?!\/)[\w\-.~!$&'()*+,;=:@%/]*$/;
/** A `.` or `..` segment (also percent-encoded), which `new URL()` resolves away. */
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:\/|$)/i;
/** Printable ASCII without `#` (a fragment): what `new URL()` would percent-encode, the query parser decodes back. */
const PLAIN_QUERY = /^[!"$-~]*$/;

export function parseRequestUrl(target: string): RequestUrl {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? '' : target.slice(q + 1);
  if (!PLAIN_PATH.test(path) || DOT_SEGMENT.test(path) || !PLAIN_QUERY.test(query)) return new URL(target, 'http://arca');
  return { pathname: path, searchParams: new URLSearchParams(query) };
}
