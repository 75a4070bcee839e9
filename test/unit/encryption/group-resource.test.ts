import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  groupResourceString, parseGroupResource, resolverForDefinitions, resourceFromKeyLayout,
} from '../../../src/encryption/group-resource.js';
import { resourceDefinitions } from '../../../src/resources/registry.js';
import type { ResourceDefinition } from '../../../src/resources/types.js';

describe('parseGroupResource / groupResourceString', () => {
  it('splits at the first dot as schema.ParseGroupResource does', () => {
    assert.deepEqual(parseGroupResource('secrets'), { group: '', resource: 'secrets' });
    assert.deepEqual(parseGroupResource('secrets.'), { group: '', resource: 'secrets' });
    assert.deepEqual(parseGroupResource('pandas.awesome.bears.example'), { group: 'awesome.bears.example', resource: 'pandas' });
    assert.deepEqual(parseGroupResource('*.'), { group: '', resource: '*' });
    assert.deepEqual(parseGroupResource('*.*'), { group: '*', resource: '*' });
  });

  it('names group-resources as upstream error texts do', () => {
    assert.equal(groupResourceString({ group: '', resource: 'secrets' }), 'secrets');
    assert.equal(groupResourceString({ group: 'apps', resource: 'deployments' }), 'deployments.apps');
    assert.equal(groupResourceString({ group: '', resource: '*' }), '*.');
    assert.equal(groupResourceString({ group: '*', resource: '*' }), '*.*');
  });
});

describe('storage key resolution', () => {
  it('reads the key layout: core resources, and groups by their dot', () => {
    assert.deepEqual(resourceFromKeyLayout('/registry/secrets/default/db'), { group: '', resource: 'secrets' });
    assert.deepEqual(resourceFromKeyLayout('/registry/namespaces/kube.system'), { group: '', resource: 'namespaces' });
    assert.deepEqual(resourceFromKeyLayout('/registry/example.com/widgets/ns/w'), { group: 'example.com', resource: 'widgets' });
    assert.equal(resourceFromKeyLayout('/other/secrets/x'), undefined);
  });

  it('resolves by the served resources’ prefixes first', () => {
    const deployments = { group: 'apps', plural: 'deployments', namespaced: true } as ResourceDefinition<any>;
    const resolve = resolverForDefinitions([...resourceDefinitions, deployments]);
    assert.deepEqual(resolve('/registry/apps/deployments/default/web'), { group: 'apps', resource: 'deployments' });
    assert.deepEqual(resolve('/registry/secrets/default/db'), { group: '', resource: 'secrets' });
    assert.deepEqual(resolve('/registry/example.com/widgets/ns/w'), { group: 'example.com', resource: 'widgets' });
  });
});
