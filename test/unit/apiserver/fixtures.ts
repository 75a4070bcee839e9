// Shared by the discovery and OpenAPI tests: kinds of other groups (as RBAC and authentication
// will add them) and an HTTP server running only the path handlers under test.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Type } from '@sinclair/typebox';
import { sendError } from '../../../src/apiserver/respond.js';
import type { PathHandler } from '../../../src/apiserver/server.js';
import { errors } from '../../../src/machinery/status.js';
import { TypeMetaFields } from '../../../src/machinery/schemas/meta.js';
import { configMaps } from '../../../src/resources/configmap/index.js';
import type { ResourceDefinition } from '../../../src/resources/types.js';
import { events } from '../../../src/resources/event/index.js';
import { namespaces } from '../../../src/resources/namespace/index.js';
import { secrets } from '../../../src/resources/secret/index.js';

const PolicyRule = Type.Object(
  { verbs: Type.Array(Type.String(), { description: 'Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule.' }) },
  { description: 'PolicyRule holds information that describes a policy rule.' },
);

export const roles: ResourceDefinition<any> = {
  ...configMaps,
  group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', listKind: 'RoleList',
  plural: 'roles', singular: 'role', shortNames: [], categories: [],
  schema: Type.Object(
    { ...TypeMetaFields, rules: Type.Optional(Type.Array(PolicyRule, { description: 'Rules holds all the PolicyRules for this Role' })) },
    { description: 'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.' },
  ),
};

export const tokenReviews: ResourceDefinition<any> = {
  ...configMaps,
  group: 'authentication.k8s.io', version: 'v1', kind: 'TokenReview', listKind: 'TokenReviewList',
  plural: 'tokenreviews', singular: 'tokenreview', shortNames: [], categories: [], namespaced: false,
  verbs: ['create'],
  schema: Type.Object({ ...TypeMetaFields }, { description: 'TokenReview attempts to authenticate a token to a known user.' }),
};

/** A core kind with a subresource answering with a kind of another group. */
export const serviceAccounts: ResourceDefinition<any> = {
  ...configMaps,
  kind: 'ServiceAccount', listKind: 'ServiceAccountList', plural: 'serviceaccounts', singular: 'serviceaccount',
  shortNames: ['sa'], categories: [],
  subresources: [{ name: 'token', group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] }],
  schema: Type.Object({ ...TypeMetaFields }, { description: 'ServiceAccount binds together a name and a set of secrets.' }),
};

export interface HandlerServer { url: string; close(): Promise<void> }

/** Like the API server's pipeline: handlers in order, thrown errors answered as Status, the rest 404. */
export async function serveHandlers(handlers: PathHandler[]): Promise<HandlerServer> {
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://arca');
      for (const handle of handlers) {
        if (await handle(req, res, url)) return;
      }
      throw errors.routeNotFound();
    })().catch((err: unknown) => sendError(res, err));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The kinds these documents were written for: fixed, so kinds added later do not change them. */
export const baseDefinitions: ResourceDefinition<any>[] = [namespaces, configMaps, secrets, events];
