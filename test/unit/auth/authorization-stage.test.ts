import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectedName } from '../../../src/auth/authorization-stage.js';

test('a list or watch of one name is authorized for that name', () => {
  assert.equal(selectedName('metadata.name=app-secrets'), 'app-secrets');
  assert.equal(selectedName('type=Opaque,metadata.name==db'), 'db');
  assert.equal(selectedName('metadata.name!=x'), undefined);
  assert.equal(selectedName(null), undefined);
});
