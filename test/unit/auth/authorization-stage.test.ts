import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectedName, selectorRequirements } from '../../../src/auth/authorization-stage.js';

test('a list or watch of one name is authorized for that name', () => {
  assert.equal(selectedName('metadata.name=app-secrets'), 'app-secrets');
  assert.equal(selectedName('type=Opaque,metadata.name==db'), 'db');
  assert.equal(selectedName('metadata.name!=x'), undefined);
  assert.equal(selectedName(null), undefined);
});

test("a list's or watch's field selector terms reach the authorizers; one that does not parse restricts nothing", () => {
  assert.deepEqual(selectorRequirements('spec.nodeName=n1'), [{ field: 'spec.nodeName', operator: '=', value: 'n1' }]);
  assert.deepEqual(selectorRequirements('spec.nodeName==n1,metadata.name!=x'), [
    { field: 'metadata.name', operator: '!=', value: 'x' },
    { field: 'spec.nodeName', operator: '=', value: 'n1' },
  ]);
  assert.deepEqual(selectorRequirements('spec.nodeName'), []);
});
