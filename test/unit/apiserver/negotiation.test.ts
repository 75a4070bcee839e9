import assert from 'node:assert/strict';
import { test } from 'node:test';
import { negotiateOutput } from '../../../src/apiserver/respond.js';
import { wantsTable } from '../../../src/apiserver/table.js';

const KUBECTL_GET_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

test('a Table is wanted only when an as=Table entry for meta.k8s.io comes before plain JSON', () => {
  assert.equal(wantsTable(undefined), false);
  assert.equal(wantsTable('application/json'), false);
  assert.equal(wantsTable(KUBECTL_GET_ACCEPT), true);
  assert.equal(wantsTable('application/json;as=Table;v=v1beta1;g=meta.k8s.io'), true);
  assert.equal(wantsTable('application/json, application/json;as=Table;v=v1;g=meta.k8s.io'), false);
  assert.equal(wantsTable('application/json;as=Table;v=v2;g=meta.k8s.io'), false);
});

test('JSON for no Accept, JSON or wildcards; YAML when asked; 406 for protobuf alone', () => {
  assert.equal(negotiateOutput(undefined), 'json');
  assert.equal(negotiateOutput('application/json'), 'json');
  assert.equal(negotiateOutput('*/*'), 'json');
  assert.equal(negotiateOutput(KUBECTL_GET_ACCEPT), 'json');
  assert.equal(negotiateOutput('application/yaml'), 'yaml');
  assert.equal(negotiateOutput('application/vnd.kubernetes.protobuf, application/yaml;q=0.9'), 'yaml');
  assert.throws(() => negotiateOutput('application/vnd.kubernetes.protobuf'), { reason: 'NotAcceptable' });
});
