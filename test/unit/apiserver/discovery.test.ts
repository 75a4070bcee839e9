import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { discoveryHandler } from '../../../src/apiserver/discovery.js';
import { buildDiscoveryDocuments, storageVersionHash } from '../../../src/apiserver/discovery/documents.js';
import { negotiateAggregated } from '../../../src/apiserver/discovery/negotiate.js';
import { compareKubeAwareVersions } from '../../../src/apiserver/group-versions.js';
import { rawRequest } from '../../helpers/http.js';
import { roles, serveHandlers, serviceAccounts, tokenReviews, type HandlerServer, baseDefinitions } from './fixtures.js';

const KUBECTL_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const NOT_FOUND = {
  kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
  message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404,
};

const CONFIGMAPS_AGGREGATED = {
  resource: 'configmaps',
  responseKind: { group: '', version: 'v1', kind: 'ConfigMap' },
  scope: 'Namespaced',
  singularResource: 'configmap',
  verbs: ALL_VERBS,
  shortNames: ['cm'],
};
const EVENTS_AGGREGATED = {
  resource: 'events',
  responseKind: { group: '', version: 'v1', kind: 'Event' },
  scope: 'Namespaced',
  singularResource: 'event',
  verbs: ALL_VERBS,
  shortNames: ['ev'],
};
const NAMESPACES_AGGREGATED = {
  resource: 'namespaces',
  responseKind: { group: '', version: 'v1', kind: 'Namespace' },
  scope: 'Cluster',
  singularResource: 'namespace',
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  shortNames: ['ns'],
  subresources: [
    { subresource: 'finalize', responseKind: { group: '', version: 'v1', kind: 'Namespace' }, verbs: ['update'] },
    { subresource: 'status', responseKind: { group: '', version: 'v1', kind: 'Namespace' }, verbs: ['get', 'patch', 'update'] },
  ],
};
const SECRETS_AGGREGATED = {
  resource: 'secrets',
  responseKind: { group: '', version: 'v1', kind: 'Secret' },
  scope: 'Namespaced',
  singularResource: 'secret',
  verbs: ALL_VERBS,
};

describe('discovery documents', () => {
  const docs = buildDiscoveryDocuments(baseDefinitions);

  it('lists the core group in aggregated form, resources by name with subresources under their parent', () => {
    assert.deepEqual(docs.aggregated.core, [{
      metadata: {},
      versions: [{ version: 'v1', resources: [CONFIGMAPS_AGGREGATED, EVENTS_AGGREGATED, NAMESPACES_AGGREGATED, SECRETS_AGGREGATED], freshness: 'Current' }],
    }]);
    assert.deepEqual(docs.aggregated.named, []);
  });

  it('serves the legacy core documents, with subresources as parent/sub entries', () => {
    assert.deepEqual(docs.apiVersions, { kind: 'APIVersions', versions: ['v1'] });
    assert.deepEqual(docs.apiGroupList, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
    assert.deepEqual(docs.resourceLists.get('v1'), {
      kind: 'APIResourceList',
      groupVersion: 'v1',
      resources: [
        { name: 'configmaps', singularName: 'configmap', namespaced: true, kind: 'ConfigMap', verbs: ALL_VERBS, shortNames: ['cm'], storageVersionHash: 'qFsyl6wFWjQ=' },
        { name: 'events', singularName: 'event', namespaced: true, kind: 'Event', verbs: ALL_VERBS, shortNames: ['ev'], storageVersionHash: 'r2yiGXH7wu8=' },
        { name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ns'], storageVersionHash: 'Q3oi5N2YM8M=' },
        { name: 'namespaces/finalize', singularName: '', namespaced: false, kind: 'Namespace', verbs: ['update'] },
        { name: 'namespaces/status', singularName: '', namespaced: false, kind: 'Namespace', verbs: ['get', 'patch', 'update'] },
        { name: 'secrets', singularName: 'secret', namespaced: true, kind: 'Secret', verbs: ALL_VERBS, storageVersionHash: 'S6u1pOWzb84=' },
      ],
    });
    assert.deepEqual([...docs.resourceLists.keys()], ['v1']);
  });

  it('computes kube-apiserver\'s storage version hash', () => {
    assert.equal(storageVersionHash('', 'v1', 'ConfigMap'), 'qFsyl6wFWjQ=');
    assert.equal(storageVersionHash('rbac.authorization.k8s.io', 'v1', 'Role'), '7FuwZcIIItM=');
  });

  it('adds a group as soon as a definition of it exists, in kube-apiserver\'s group order', () => {
    const withGroups = buildDiscoveryDocuments([...baseDefinitions, roles, tokenReviews]);
    assert.deepEqual(withGroups.apiGroupList, {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [
        {
          name: 'authentication.k8s.io',
          versions: [{ groupVersion: 'authentication.k8s.io/v1', version: 'v1' }],
          preferredVersion: { groupVersion: 'authentication.k8s.io/v1', version: 'v1' },
        },
        {
          name: 'rbac.authorization.k8s.io',
          versions: [{ groupVersion: 'rbac.authorization.k8s.io/v1', version: 'v1' }],
          preferredVersion: { groupVersion: 'rbac.authorization.k8s.io/v1', version: 'v1' },
        },
      ],
    });
    assert.deepEqual(withGroups.apiGroups.get('rbac.authorization.k8s.io'), {
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'rbac.authorization.k8s.io',
      versions: [{ groupVersion: 'rbac.authorization.k8s.io/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'rbac.authorization.k8s.io/v1', version: 'v1' },
    });
    assert.deepEqual(withGroups.resourceLists.get('authentication.k8s.io/v1'), {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: 'authentication.k8s.io/v1',
      resources: [
        { name: 'tokenreviews', singularName: 'tokenreview', namespaced: false, kind: 'TokenReview', verbs: ['create'], storageVersionHash: storageVersionHash('authentication.k8s.io', 'v1', 'TokenReview') },
      ],
    });
    assert.deepEqual(withGroups.aggregated.named.map((g) => g.metadata), [{ name: 'authentication.k8s.io' }, { name: 'rbac.authorization.k8s.io' }]);
    assert.deepEqual(withGroups.aggregated.named[1]!.versions[0]!.resources, [{
      resource: 'roles',
      responseKind: { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role' },
      scope: 'Namespaced',
      singularResource: 'role',
      verbs: ALL_VERBS,
    }]);
  });

  it('names the group and version of a subresource answering with another kind', () => {
    const docsWithToken = buildDiscoveryDocuments([serviceAccounts]);
    assert.deepEqual(docsWithToken.resourceLists.get('v1')!.resources[1], {
      name: 'serviceaccounts/token', singularName: '', namespaced: true,
      group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'],
    });
    assert.deepEqual(docsWithToken.aggregated.core[0]!.versions[0]!.resources[0]!.subresources, [
      { subresource: 'token', responseKind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }, verbs: ['create'] },
    ]);
  });

  it('orders versions GA first, then beta, then alpha, by number', () => {
    const sorted = ['v1alpha1', 'v2', 'v1beta2', 'v1', 'foo', 'v11beta1', 'v1beta1'].sort((a, b) => compareKubeAwareVersions(b, a));
    assert.deepEqual(sorted, ['v2', 'v1', 'v11beta1', 'v1beta2', 'v1beta1', 'v1alpha1', 'foo']);
  });
});

describe('negotiateAggregated', () => {
  it('picks v2 from kubectl\'s Accept header', () => {
    assert.equal(negotiateAggregated(KUBECTL_ACCEPT), 'v2');
  });

  it('picks v2beta1 when only that is offered', () => {
    assert.equal(negotiateAggregated('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'), 'v2beta1');
  });

  it('answers legacy for plain JSON, wildcards, protobuf-only profiles and a missing header', () => {
    assert.equal(negotiateAggregated('application/json, */*'), undefined);
    assert.equal(negotiateAggregated('application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json'), undefined);
    assert.equal(negotiateAggregated(undefined), undefined);
  });

  it('follows q-values before order', () => {
    assert.equal(negotiateAggregated('application/json;q=0.9,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'), 'v2');
    assert.equal(negotiateAggregated('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0.5,application/json'), undefined);
  });
});

describe('discoveryHandler', () => {
  let server: HandlerServer;
  before(async () => { server = await serveHandlers([discoveryHandler(baseDefinitions)]); });
  after(() => server.close());

  it('answers /api aggregated with the exact apidiscovery media type, and 304 on a matching ETag', async () => {
    const res = await rawRequest(server.url, 'GET', '/api?timeout=32s', undefined, { Accept: KUBECTL_ACCEPT });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    assert.equal(res.headers.vary, 'Accept');
    assert.deepEqual(res.json(), {
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      metadata: {},
      items: [{
        metadata: {},
        versions: [{ version: 'v1', resources: [CONFIGMAPS_AGGREGATED, EVENTS_AGGREGATED, NAMESPACES_AGGREGATED, SECRETS_AGGREGATED], freshness: 'Current' }],
      }],
    });
    const etag = res.headers.etag as string;
    assert.match(etag, /^"[0-9A-F]{128}"$/);
    const again = await rawRequest(server.url, 'GET', '/api', undefined, { Accept: KUBECTL_ACCEPT, 'If-None-Match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
  });

  it('answers /apis aggregated in v2beta1 when asked', async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';
    const res = await rawRequest(server.url, 'GET', '/apis', undefined, { Accept: accept });
    assert.equal(res.headers['content-type'], accept);
    assert.equal(res.text, '{"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2beta1","metadata":{},"items":[]}');
  });

  it('answers legacy discovery to plain JSON clients', async () => {
    const api = await rawRequest(server.url, 'GET', '/api', undefined, { Accept: 'application/json, */*' });
    assert.equal(api.headers['content-type'], 'application/json');
    assert.equal(api.text, '{"kind":"APIVersions","versions":["v1"]}');
    const apis = await rawRequest(server.url, 'GET', '/apis/', undefined, { Accept: 'application/json' });
    assert.equal(apis.text, '{"kind":"APIGroupList","apiVersion":"v1","groups":[]}');
    const v1 = await rawRequest(server.url, 'GET', '/api/v1?timeout=32s', undefined, { Accept: 'application/json, */*' });
    assert.equal(v1.status, 200);
    assert.deepEqual(v1.json().resources[0], {
      name: 'configmaps', singularName: 'configmap', namespaced: true, kind: 'ConfigMap', verbs: ALL_VERBS, shortNames: ['cm'], storageVersionHash: 'qFsyl6wFWjQ=',
    });
  });

  it('answers unknown groups and versions with a 404 Status', async () => {
    for (const path of ['/api/v2', '/apis/rbac.authorization.k8s.io', '/apis/rbac.authorization.k8s.io/v1', '/apis/v1']) {
      const res = await rawRequest(server.url, 'GET', path);
      assert.equal(res.status, 404, path);
      assert.deepEqual(res.json(), NOT_FOUND, path);
    }
  });

  it('leaves resource paths and other methods to the rest of the pipeline', () => {
    const handle = discoveryHandler(baseDefinitions);
    const call = (method: string, path: string) =>
      handle({ method, headers: {} } as IncomingMessage, {} as ServerResponse, new URL(path, 'http://arca'));
    assert.equal(call('GET', '/api/v1/configmaps'), false);
    assert.equal(call('GET', '/apis/rbac.authorization.k8s.io/v1/roles'), false);
    assert.equal(call('POST', '/api'), false);
    assert.equal(call('GET', '/healthz'), false);
  });
});
