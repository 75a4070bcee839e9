import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRequestUrl } from '../../../src/apiserver/request-url.js';

/** What the server read before: `new URL()` on the request target. */
function viaUrl(target: string): { pathname: string; query: [string, string][] } {
  const url = new URL(target, 'http://arca');
  return { pathname: url.pathname, query: [...url.searchParams] };
}

const TARGETS = [
  '/api/v1/namespaces/default/configmaps/bench-get',
  '/apis/rbac.authorization.k8s.io/v1/clusterroles/system:basic-user',
  '/api/v1/namespaces/default/configmaps?labelSelector=app%3Dweb%2Ctier+in+(a,b)&limit=500',
  '/api/v1/configmaps?fieldSelector=metadata.name==x&watch=1&resourceVersion=',
  '/api/v1/namespaces/default/configmaps?q="quoted"&x=<a>&y=`b`&z={c}&w=\'d\'&v=\\e',
  '/api/v1/namespaces/a%2Fb/configmaps/n%zz',
  '/api/v1/../v1/namespaces',
  '/api/v1/%2e%2E/x',
  '/api/v1/namespaces/./default',
  '/api/v1/namespaces/default/configmaps/a..b',
  '//evil.example/api/v1/pods',
  '/api\\v1\\pods',
  '/api/v1/pods#fragment?x=1',
  '/api/v1/pods?x=1#frag',
  '/api/v1/{x}/"y"/<z>/`w`',
  'http://other.example/api/v1/pods?watch=true',
  '/',
  '/readyz?verbose',
  '/api/v1/pods?',
];

test('path and query are what new URL() gives, for plain and unusual targets alike', () => {
  for (const target of TARGETS) {
    const parsed = parseRequestUrl(target);
    assert.deepEqual({ pathname: parsed.pathname, query: [...parsed.searchParams] }, viaUrl(target), target);
  }
});

test('a plain target is split without URL parsing; one needing it is parsed as a URL', () => {
  assert.equal(parseRequestUrl('/api/v1/namespaces/default/configmaps/x?limit=1') instanceof URL, false);
  assert.equal(parseRequestUrl('/api/v1/../v1/pods') instanceof URL, true);
  assert.equal(parseRequestUrl('//host/path') instanceof URL, true);
  assert.equal(parseRequestUrl('/a#b') instanceof URL, true);
});
