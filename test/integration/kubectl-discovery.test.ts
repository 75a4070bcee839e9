// Real kubectl against `arca server`: discovery (api-resources, short names), OpenAPI v3
// (explain, and the default --validate=strict of create/apply, which needs fieldValidation
// advertised on each kind's PATCH operation).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { apiVersionOf } from '../../src/resources/types.js';
import { resourceDefinitions } from '../../src/resources/registry.js';
import { startArcaServerProcess, type ArcaProcess } from '../helpers/arca-process.js';
import { describe, it } from '../helpers/backend-tests.js';

const KUBECTL = '/usr/bin/kubectl';

interface KubectlResult { code: number; stdout: string; stderr: string }

describe('kubectl discovery and OpenAPI', () => {
  let arca: ArcaProcess;
  let workDir: string;
  before(async () => {
    arca = await startArcaServerProcess();
    workDir = mkdtempSync(join(tmpdir(), 'arca-kubectl-'));
  });
  after(async () => {
    await arca.cleanup();
    rmSync(workDir, { recursive: true, force: true });
  });

  /** Each run gets a fresh HOME (the kubectl dispatcher caches its choice there) and cache dir. */
  const kubectl = (...args: string[]) => new Promise<KubectlResult>((resolve) => {
    const home = mkdtempSync(join(workDir, 'home-'));
    execFile(KUBECTL, ['--server', arca.url, '--cache-dir', join(home, 'cache'), ...args],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home }, cwd: workDir, encoding: 'utf8' },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
  });

  const manifest = (name: string, text: string) => {
    const file = join(workDir, name);
    writeFileSync(file, text);
    return file;
  };

  it('lists every served kind in kubectl api-resources, with short names and scope', async () => {
    const res = await kubectl('api-resources');
    assert.equal(res.stderr, '');
    assert.equal(res.code, 0);
    assert.equal(res.stdout, apiResourcesTable());
    assert.ok(res.stdout.split('\n').some((line) => line.split(/\s+/).join(' ') === 'configmaps cm v1 true ConfigMap'));
  });

  it('explains a field with its upstream type name', async () => {
    const res = await kubectl('explain', 'configmap.data');
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout, [
      'KIND:       ConfigMap',
      'VERSION:    v1',
      '',
      'FIELD: data <map[string]string>',
      '',
      '',
      'DESCRIPTION:',
      '    Data contains the configuration data. Each key must consist of alphanumeric',
      '    characters, \'-\', \'_\' or \'.\'. Values with non-UTF-8 byte sequences must use',
      '    the BinaryData field. The keys stored in Data must not overlap with the keys',
      '    in the BinaryData field.',
      '    ',
      '',
      '',
    ].join('\n'));
  });

  it('explains a kind recursively, shared types named as upstream', async () => {
    const res = await kubectl('explain', 'secret', '--recursive');
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout, [
      'KIND:       Secret',
      'VERSION:    v1',
      '',
      'DESCRIPTION:',
      '    Secret holds secret data of a certain type. The total bytes of the values in',
      '    the Data field must be less than MaxSecretSize bytes.',
      '    ',
      'FIELDS:',
      '  apiVersion\t<string>',
      '  data\t<map[string]string>',
      '  immutable\t<boolean>',
      '  kind\t<string>',
      '  metadata\t<ObjectMeta>',
      '    annotations\t<map[string]string>',
      '    creationTimestamp\t<string>',
      '    deletionGracePeriodSeconds\t<integer>',
      '    deletionTimestamp\t<string>',
      '    finalizers\t<[]string>',
      '    generateName\t<string>',
      '    generation\t<integer>',
      '    labels\t<map[string]string>',
      '    managedFields\t<[]ManagedFieldsEntry>',
      '      apiVersion\t<string>',
      '      fieldsType\t<string>',
      '      fieldsV1\t<FieldsV1>',
      '      manager\t<string>',
      '      operation\t<string>',
      '      subresource\t<string>',
      '      time\t<string>',
      '    name\t<string>',
      '    namespace\t<string>',
      '    ownerReferences\t<[]OwnerReference>',
      '      apiVersion\t<string> -required-',
      '      blockOwnerDeletion\t<boolean>',
      '      controller\t<boolean>',
      '      kind\t<string> -required-',
      '      name\t<string> -required-',
      '      uid\t<string> -required-',
      '    resourceVersion\t<string>',
      '    selfLink\t<string>',
      '    uid\t<string>',
      '  stringData\t<map[string]string>',
      '  type\t<string>',
      '',
      '',
    ].join('\n'));
  });

  it('reports an unknown field to explain', async () => {
    const res = await kubectl('explain', 'configmap.foo');
    assert.equal(res.code, 1);
    assert.equal(res.stderr, 'error: field "foo" does not exist\n');
  });

  it('creates from a manifest with default (strict) validation, and resolves short names', async () => {
    const file = manifest('settings.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n');
    const created = await kubectl('create', '-n', 'default', '-f', file);
    assert.equal(created.stderr, '');
    assert.equal(created.stdout, 'configmap/settings created\n');
    const got = await kubectl('get', 'cm', 'settings', '-n', 'default', '-o', 'name');
    assert.equal(got.stdout, 'configmap/settings\n');
    const listed = await kubectl('get', 'cm', '-n', 'default', '-o', 'jsonpath={.items[*].metadata.name}');
    assert.equal(listed.code, 0, listed.stderr);
    assert.ok(listed.stdout.split(' ').includes('settings'), listed.stdout);
    const ns = await kubectl('get', 'ns', 'default', '-o', 'name');
    assert.equal(ns.stdout, 'namespace/default\n');
  });

  it('applies a manifest with default validation', async () => {
    const file = manifest('applied.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: default\ndata:\n  a: "1"\n');
    const res = await kubectl('apply', '-f', file);
    assert.equal(res.stderr, '');
    assert.equal(res.stdout, 'configmap/applied created\n');
  });

  it('rejects an unknown field with kubectl\'s strict-validation error', async () => {
    const file = manifest('unknown-field.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n  namespace: default\nfoo: bar\n');
    const res = await kubectl('create', '-f', file);
    assert.equal(res.code, 1);
    assert.equal(res.stdout, '');
    assert.equal(res.stderr,
      `Error from server (BadRequest): error when creating "${file}": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "foo"\n`);
  });
});

/**
 * What `kubectl api-resources` prints for the registry: groups in name order (core first),
 * resources by name within a group, columns padded to the widest cell plus three spaces.
 */
function apiResourcesTable(): string {
  const rows = [...resourceDefinitions]
    .sort((a, b) => compare(a.group, b.group) || compare(a.plural, b.plural))
    .map((def) => [def.plural, def.shortNames.join(','), apiVersionOf(def), String(def.namespaced), def.kind]);
  const table = [['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'], ...rows];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  return table
    .map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]! + 3))).join(''))
    .join('\n') + '\n';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
