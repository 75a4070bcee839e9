import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { contentHash } from '../../../src/apiserver/cacheable.js';
import { buildOpenApiDocuments, openApiHandler } from '../../../src/apiserver/openapi.js';
import { componentNamer } from '../../../src/apiserver/openapi/component-names.js';
import { ComponentSchemas } from '../../../src/apiserver/openapi/schema-to-openapi.js';
import { ObjectMeta } from '../../../src/machinery/schemas/meta.js';
import { configMaps } from '../../../src/resources/configmap/index.js';
import { rawRequest } from '../../helpers/http.js';
import { roles, serveHandlers, serviceAccounts, tokenReviews, type HandlerServer, baseDefinitions } from './fixtures.js';

const CORE = 'io.k8s.api.core.v1';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const content = (name: string, types = ['application/json', 'application/yaml']) =>
  Object.fromEntries(types.map((t) => [t, { schema: ref(name) }]));
const CONFIGMAP_GVK = { group: '', kind: 'ConfigMap', version: 'v1' };
const NOT_FOUND = {
  kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
  message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404,
};

const docs = buildOpenApiDocuments(baseDefinitions);
const coreV1 = JSON.parse(docs.groupVersions.get('api/v1')!.body);
const paramNames = (params: { name: string; in: string }[] | undefined) => params?.map((p) => `${p.in}:${p.name}`);

describe('OpenAPI v3 root', () => {
  it('lists one document per group-version with the hash of its content', () => {
    const doc = docs.groupVersions.get('api/v1')!;
    assert.equal(doc.etag, contentHash(doc.body));
    assert.equal(docs.root.body, JSON.stringify({ paths: { 'api/v1': { serverRelativeURL: `/openapi/v3/api/v1?hash=${doc.etag}` } } }));
  });

  it('adds a document for every group that has a definition', () => {
    const withGroups = buildOpenApiDocuments([...baseDefinitions, roles, tokenReviews]);
    assert.deepEqual(Object.keys(JSON.parse(withGroups.root.body).paths),
      ['api/v1', 'apis/authentication.k8s.io/v1', 'apis/rbac.authorization.k8s.io/v1']);
  });

  it('changes the hash when the content changes, and only then', () => {
    const again = buildOpenApiDocuments(baseDefinitions);
    assert.equal(again.groupVersions.get('api/v1')!.etag, docs.groupVersions.get('api/v1')!.etag);
    const changedSchema = Type.Object({ ...configMaps.schema.properties }, { description: 'changed' });
    const changed = buildOpenApiDocuments(baseDefinitions.map((d) => (d === configMaps ? { ...d, schema: changedSchema } : d)));
    assert.notEqual(changed.groupVersions.get('api/v1')!.etag, docs.groupVersions.get('api/v1')!.etag);
    assert.notEqual(changed.root.etag, docs.root.etag);
  });
});

describe('OpenAPI v3 core/v1 document', () => {
  it('has the document header of kube-apiserver', () => {
    assert.equal(coreV1.openapi, '3.0.0');
    assert.deepEqual(coreV1.info, { title: 'Kubernetes', version: 'unversioned' });
  });

  it('publishes the ConfigMap schema with maps as additionalProperties and ObjectMeta by reference', () => {
    assert.deepEqual(coreV1.components.schemas[`${CORE}.ConfigMap`], {
      description: 'ConfigMap holds configuration data for pods to consume.',
      properties: {
        apiVersion: { description: 'APIVersion defines the versioned schema of this representation of an object.', type: 'string' },
        binaryData: {
          additionalProperties: { format: 'byte', type: 'string' },
          description: 'BinaryData contains the binary data, base64-encoded. Keys must not overlap with the keys in the Data field.',
          type: 'object',
        },
        data: {
          additionalProperties: { type: 'string' },
          description: 'Data contains the configuration data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field.',
          type: 'object',
        },
        immutable: {
          description: 'Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time.',
          type: 'boolean',
        },
        kind: { description: 'Kind is a string value representing the REST resource this object represents. In CamelCase.', type: 'string' },
        metadata: {
          allOf: [ref(`${META}.ObjectMeta`)],
          description: 'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
        },
      },
      type: 'object',
      'x-kubernetes-group-version-kind': [CONFIGMAP_GVK],
    });
  });

  it('publishes the list kind and the shared meta types under their upstream names', () => {
    assert.deepEqual(coreV1.components.schemas[`${CORE}.ConfigMapList`], {
      description: 'ConfigMapList is a list of ConfigMap objects.',
      properties: {
        apiVersion: { description: 'APIVersion defines the versioned schema of this representation of an object.', type: 'string' },
        items: { description: 'Items is the list of ConfigMap objects.', items: { allOf: [ref(`${CORE}.ConfigMap`)] }, type: 'array' },
        kind: { description: 'Kind is a string value representing the REST resource this object represents. In CamelCase.', type: 'string' },
        metadata: { allOf: [ref(`${META}.ListMeta`)], description: 'Standard list metadata.' },
      },
      required: ['items'],
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: '', kind: 'ConfigMapList', version: 'v1' }],
    });
    assert.deepEqual(Object.keys(coreV1.components.schemas), [
      `${CORE}.ConfigMap`, `${CORE}.ConfigMapList`, `${CORE}.Event`, `${CORE}.EventList`, `${CORE}.EventSeries`, `${CORE}.EventSource`,
      `${CORE}.Namespace`, `${CORE}.NamespaceCondition`, `${CORE}.NamespaceList`,
      `${CORE}.NamespaceSpec`, `${CORE}.NamespaceStatus`, `${CORE}.ObjectReference`, `${CORE}.Secret`, `${CORE}.SecretList`,
      `${META}.APIResource`, `${META}.APIResourceList`, `${META}.DeleteOptions`, `${META}.FieldsV1`, `${META}.ListMeta`,
      `${META}.ManagedFieldsEntry`, `${META}.MicroTime`, `${META}.ObjectMeta`, `${META}.OwnerReference`, `${META}.Patch`, `${META}.Preconditions`,
      `${META}.Status`, `${META}.StatusCause`, `${META}.StatusDetails`,
    ]);
    const objectMeta = coreV1.components.schemas[`${META}.ObjectMeta`];
    assert.deepEqual(objectMeta.properties.creationTimestamp, { description: 'The time this object was created, set by the server. Read-only.', format: 'date-time', type: 'string' });
    assert.deepEqual(objectMeta.properties.managedFields.items, {
      allOf: [ref(`${META}.ManagedFieldsEntry`)],
      description: 'ManagedFieldsEntry records which manager owns which fields of an object, and how it set them.',
    });
    assert.deepEqual(coreV1.components.schemas[`${CORE}.Namespace`].properties.spec, {
      allOf: [ref(`${CORE}.NamespaceSpec`)], description: 'NamespaceSpec describes the attributes on a Namespace.',
    });
  });

  it('has a path for every served route', () => {
    assert.deepEqual(Object.keys(coreV1.paths), [
      '/api/v1/', '/api/v1/configmaps', '/api/v1/events', '/api/v1/namespaces', '/api/v1/namespaces/{name}',
      '/api/v1/namespaces/{name}/finalize', '/api/v1/namespaces/{name}/status',
      '/api/v1/namespaces/{namespace}/configmaps', '/api/v1/namespaces/{namespace}/configmaps/{name}',
      '/api/v1/namespaces/{namespace}/events', '/api/v1/namespaces/{namespace}/events/{name}',
      '/api/v1/namespaces/{namespace}/secrets', '/api/v1/namespaces/{namespace}/secrets/{name}', '/api/v1/secrets',
    ].sort());
  });

  it('describes the ConfigMap operations like kube-apiserver', () => {
    const collection = coreV1.paths['/api/v1/namespaces/{namespace}/configmaps'];
    const object = coreV1.paths['/api/v1/namespaces/{namespace}/configmaps/{name}'];
    const operations = (item: Record<string, any>) => Object.fromEntries(Object.entries(item)
      .filter(([method]) => method !== 'parameters')
      .map(([method, op]) => [method, [op.operationId, op.description, op['x-kubernetes-action'], paramNames(op.parameters)]]));
    assert.deepEqual(operations(collection), {
      delete: ['deleteCoreV1CollectionNamespacedConfigMap', 'delete collection of ConfigMap', 'deletecollection',
        ['query:continue', 'query:dryRun', 'query:fieldSelector', 'query:gracePeriodSeconds', 'query:labelSelector', 'query:limit',
          'query:orphanDependents', 'query:propagationPolicy', 'query:resourceVersion', 'query:resourceVersionMatch',
          'query:sendInitialEvents', 'query:timeoutSeconds']],
      get: ['listCoreV1NamespacedConfigMap', 'list or watch objects of kind ConfigMap', 'list',
        ['query:allowWatchBookmarks', 'query:continue', 'query:fieldSelector', 'query:labelSelector', 'query:limit',
          'query:resourceVersion', 'query:resourceVersionMatch', 'query:sendInitialEvents', 'query:timeoutSeconds', 'query:watch']],
      post: ['createCoreV1NamespacedConfigMap', 'create a ConfigMap', 'post', ['query:dryRun', 'query:fieldManager', 'query:fieldValidation']],
    });
    assert.deepEqual(paramNames(collection.parameters), ['path:namespace', 'query:pretty']);
    assert.deepEqual(operations(object), {
      delete: ['deleteCoreV1NamespacedConfigMap', 'delete a ConfigMap', 'delete',
        ['query:dryRun', 'query:gracePeriodSeconds', 'query:orphanDependents', 'query:propagationPolicy']],
      get: ['readCoreV1NamespacedConfigMap', 'read the specified ConfigMap', 'get', undefined],
      patch: ['patchCoreV1NamespacedConfigMap', 'partially update the specified ConfigMap', 'patch',
        ['query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'query:force']],
      put: ['replaceCoreV1NamespacedConfigMap', 'replace the specified ConfigMap', 'put', ['query:dryRun', 'query:fieldManager', 'query:fieldValidation']],
    });
    assert.deepEqual(object.parameters, [
      { description: 'name of the ConfigMap', in: 'path', name: 'name', required: true, schema: { type: 'string', uniqueItems: true } },
      { description: 'object name and auth scope, such as for teams and projects', in: 'path', name: 'namespace', required: true, schema: { type: 'string', uniqueItems: true } },
      { description: 'If \'true\', then the output is pretty printed.', in: 'query', name: 'pretty', schema: { type: 'string', uniqueItems: true } },
    ]);
    // The all-namespaces list has one operation: every parameter sits on the path.
    const allNamespaces = coreV1.paths['/api/v1/configmaps'];
    assert.equal(allNamespaces.get.operationId, 'listCoreV1ConfigMapForAllNamespaces');
    assert.equal(allNamespaces.get.parameters, undefined);
    assert.deepEqual(paramNames(allNamespaces.parameters), [
      'query:allowWatchBookmarks', 'query:continue', 'query:fieldSelector', 'query:labelSelector', 'query:limit', 'query:pretty',
      'query:resourceVersion', 'query:resourceVersionMatch', 'query:sendInitialEvents', 'query:timeoutSeconds', 'query:watch',
    ]);
  });

  it('gives the ConfigMap PATCH what kubectl --validate=strict looks for, without a strategic-merge body', () => {
    const { parameters, ...patch } = coreV1.paths['/api/v1/namespaces/{namespace}/configmaps/{name}'].patch;
    assert.deepEqual(parameters[2], {
      description: 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: unknown fields are silently dropped. - Warn: a warning is sent for each unknown or duplicate field (the default). - Strict: the request fails with a BadRequest error listing every unknown and duplicate field.',
      in: 'query',
      name: 'fieldValidation',
      schema: { type: 'string', uniqueItems: true },
    });
    assert.deepEqual(patch, {
      description: 'partially update the specified ConfigMap',
      operationId: 'patchCoreV1NamespacedConfigMap',
      requestBody: {
        content: {
          'application/apply-patch+yaml': { schema: ref(`${META}.Patch`) },
          'application/json-patch+json': { schema: ref(`${META}.Patch`) },
          'application/merge-patch+json': { schema: ref(`${META}.Patch`) },
        },
        required: true,
      },
      responses: {
        200: { content: content(`${CORE}.ConfigMap`), description: 'OK' },
        201: { content: content(`${CORE}.ConfigMap`), description: 'Created' },
        401: { description: 'Unauthorized' },
      },
      tags: ['core_v1'],
      'x-kubernetes-action': 'patch',
      'x-kubernetes-group-version-kind': CONFIGMAP_GVK,
    });
    assert.equal(docs.groupVersions.get('api/v1')!.body.includes('strategic-merge-patch'), false);
  });

  it('describes subresources and cluster-scoped kinds', () => {
    const status = coreV1.paths['/api/v1/namespaces/{name}/status'];
    assert.deepEqual([status.get.operationId, status.put.operationId, status.patch.operationId],
      ['readCoreV1NamespaceStatus', 'replaceCoreV1NamespaceStatus', 'patchCoreV1NamespaceStatus']);
    assert.equal(status.patch.description, 'partially update status of the specified Namespace');
    const finalize = coreV1.paths['/api/v1/namespaces/{name}/finalize'];
    assert.deepEqual(Object.keys(finalize), ['parameters', 'put']);
    assert.equal(finalize.put.operationId, 'replaceCoreV1NamespaceFinalize');
    assert.deepEqual(paramNames(finalize.parameters), ['query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'path:name', 'query:pretty']);
    const namespaces = coreV1.paths['/api/v1/namespaces'];
    assert.deepEqual(Object.keys(namespaces), ['get', 'parameters', 'post']);
    assert.equal(namespaces.post.operationId, 'createCoreV1Namespace');
    assert.equal(namespaces.post.description, 'create a Namespace');
  });

  it('names operations of named groups and subresources of other kinds like kube-apiserver', () => {
    const all = [serviceAccounts, roles, tokenReviews];
    const withGroups = buildOpenApiDocuments(all);
    const rbac = JSON.parse(withGroups.groupVersions.get('apis/rbac.authorization.k8s.io/v1')!.body);
    const rolePath = rbac.paths['/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/roles'];
    assert.equal(rolePath.post.operationId, 'createRbacAuthorizationV1NamespacedRole');
    assert.deepEqual(rolePath.post.tags, ['rbacAuthorization_v1']);
    assert.equal(rbac.paths['/apis/rbac.authorization.k8s.io/v1/'].get.operationId, 'getRbacAuthorizationV1APIResources');
    assert.deepEqual(rbac.components.schemas['io.k8s.api.rbac.v1.Role'].properties.rules.items, {
      allOf: [ref('io.k8s.api.rbac.v1.PolicyRule')], description: 'PolicyRule holds information that describes a policy rule.',
    });
    const authn = JSON.parse(withGroups.groupVersions.get('apis/authentication.k8s.io/v1')!.body);
    assert.deepEqual(Object.keys(authn.paths), ['/apis/authentication.k8s.io/v1/', '/apis/authentication.k8s.io/v1/tokenreviews']);
    assert.equal(authn.paths['/apis/authentication.k8s.io/v1/tokenreviews'].post.operationId, 'createAuthenticationV1TokenReview');

    const core = JSON.parse(withGroups.groupVersions.get('api/v1')!.body);
    const token = core.paths['/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token'].post;
    assert.equal(token.operationId, 'createCoreV1NamespacedServiceAccountToken');
    assert.equal(token.description, 'create token of a ServiceAccount');
    assert.deepEqual(token['x-kubernetes-group-version-kind'], { group: 'authentication.k8s.io', kind: 'TokenRequest', version: 'v1' });
    // No definition gives TokenRequest's schema: the operation names no body schema.
    assert.deepEqual(token.requestBody, { content: { '*/*': {} }, required: true });
    assert.deepEqual(token.responses[200], { description: 'OK' });
  });
});

describe('schema conversion', () => {
  const convert = (schema: Parameters<ComponentSchemas['convert']>[0]) => {
    const components = new ComponentSchemas(componentNamer('io.k8s.api.example.v1'));
    return { schema: components.convert(schema), components: components.toRecord() };
  };

  it('turns nullable unions into their member and constant unions into enums', () => {
    assert.deepEqual(convert(Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'd' })).schema,
      { format: 'date-time', type: 'string', description: 'd' });
    assert.deepEqual(convert(Type.Union([Type.Literal('Opaque'), Type.Literal('kubernetes.io/tls')], { description: 'e' })).schema,
      { type: 'string', enum: ['Opaque', 'kubernetes.io/tls'], description: 'e' });
    assert.deepEqual(convert(Type.Unknown({ description: 'anything' })).schema, { description: 'anything' });
  });

  it('names objects by $id or by a Go-style description, and inlines the rest', () => {
    const named = convert(Type.Object({ a: Type.String() }, { $id: 'Thing', description: 'A thing.' }));
    assert.deepEqual(named.schema, { allOf: [ref('io.k8s.api.example.v1.Thing')], description: 'A thing.' });
    assert.deepEqual(named.components, {
      'io.k8s.api.example.v1.Thing': { properties: { a: { type: 'string' } }, required: ['a'], type: 'object' },
    });
    assert.deepEqual(Object.keys(convert(Type.Object({}, { description: 'PodSpec is a description of a pod.' })).components),
      ['io.k8s.api.example.v1.PodSpec']);
    assert.deepEqual(convert(Type.Object({}, { description: 'Standard object metadata.' })).schema,
      { description: 'Standard object metadata.', properties: {}, type: 'object' });
  });

  it('references a shared meta type wherever it is used, whatever the field\'s description', () => {
    const components = new ComponentSchemas(componentNamer('io.k8s.api.example.v1'));
    assert.deepEqual(components.convert(Type.Optional(ObjectMeta)), { allOf: [ref(`${META}.ObjectMeta`)], description: ObjectMeta.description });
    assert.deepEqual(components.convert({ ...ObjectMeta, description: 'Standard object metadata.' }),
      { allOf: [ref(`${META}.ObjectMeta`)], description: 'Standard object metadata.' });
    assert.deepEqual(Object.keys(components.toRecord()).sort(), [`${META}.FieldsV1`, `${META}.ManagedFieldsEntry`, `${META}.ObjectMeta`, `${META}.OwnerReference`]);
  });

  it('inlines a second, different type that claims a taken name', () => {
    const components = new ComponentSchemas(componentNamer('io.k8s.api.example.v1'));
    components.convert(Type.Object({ a: Type.String() }, { description: 'FooSpec one.' }));
    assert.deepEqual(components.convert(Type.Object({ b: Type.String() }, { description: 'FooSpec two.' })),
      { description: 'FooSpec two.', properties: { b: { type: 'string' } }, required: ['b'], type: 'object' });
  });
});

describe('openApiHandler', () => {
  let server: HandlerServer;
  const doc = docs.groupVersions.get('api/v1')!;
  before(async () => { server = await serveHandlers([openApiHandler(baseDefinitions)]); });
  after(() => server.close());

  it('serves the root with its ETag, and 304 when it is unchanged', async () => {
    const res = await rawRequest(server.url, 'GET', '/openapi/v3?timeout=32s', undefined, { Accept: 'application/json, */*' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.equal(res.text, docs.root.body);
    assert.equal(res.headers.etag, `"${docs.root.etag}"`);
    const again = await rawRequest(server.url, 'GET', '/openapi/v3', undefined, { 'If-None-Match': `"${docs.root.etag}"` });
    assert.equal(again.status, 304);
  });

  it('serves a group-version document immutable when the hash matches', async () => {
    const res = await rawRequest(server.url, 'GET', `/openapi/v3/api/v1?hash=${doc.etag}&timeout=32s`, undefined, { Accept: 'application/json' });
    assert.equal(res.status, 200);
    assert.equal(res.text, doc.body);
    assert.equal(res.headers.etag, `"${doc.etag}"`);
    assert.equal(res.headers['cache-control'], 'public, immutable');
    assert.equal(res.headers.vary, 'Accept');
    assert.ok(Date.parse(res.headers.expires as string) > Date.now() + 364 * 24 * 3600 * 1000);
    const revalidated = await rawRequest(server.url, 'GET', `/openapi/v3/api/v1?hash=${doc.etag}`, undefined, { 'If-None-Match': `W/"${doc.etag}"` });
    assert.equal(revalidated.status, 304);
    assert.equal(revalidated.text, '');
  });

  it('serves without caching headers when no hash is given, and redirects a stale hash', async () => {
    const plain = await rawRequest(server.url, 'GET', '/openapi/v3/api/v1');
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['cache-control'], undefined);
    const stale = await rawRequest(server.url, 'GET', '/openapi/v3/api/v1?hash=0BSOLETE');
    assert.equal(stale.status, 301);
    assert.equal(stale.headers.location, `/openapi/v3/api/v1?hash=${doc.etag}`);
  });

  it('answers 404 for unknown documents and for OpenAPI v2, 406 for protobuf-only clients', async () => {
    for (const path of ['/openapi/v3/apis/rbac.authorization.k8s.io/v1', '/openapi/v3/api/v2', '/openapi/v2?timeout=32s']) {
      const res = await rawRequest(server.url, 'GET', path, undefined, { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
      assert.equal(res.status, 404, path);
      assert.deepEqual(res.json(), NOT_FOUND, path);
    }
    const protobuf = await rawRequest(server.url, 'GET', '/openapi/v3/api/v1', undefined, { Accept: 'application/com.github.proto-openapi.spec.v3.v1.0+protobuf' });
    assert.equal(protobuf.status, 406);
    assert.equal(protobuf.json().message, 'only the following media types are accepted: application/json');
  });
});
