// core/v1 Events against the real `arca server` process: created through the API, listed with
// the field selectors kubectl describe sends, and printed by the real kubectl.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startArcaServerProcess, type ArcaProcess } from '../helpers/arca-process.js';
import { rawRequest } from '../helpers/http.js';

const KUBECTL = '/usr/bin/kubectl';
const DAY_MS = 24 * 3600 * 1000;

/** An RFC 3339 time `days` days (and a few hours, away from day boundaries) before now. */
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS - 6 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

let arca: ArcaProcess;
let workDir: string;
let configMapUid: string;

before(async () => {
  arca = await startArcaServerProcess();
  workDir = mkdtempSync(join(tmpdir(), 'arca-events-'));
  const created = await rawRequest(arca.url, 'POST', '/api/v1/namespaces/default/configmaps',
    JSON.stringify({ metadata: { name: 'app-config' }, data: { 'app.properties': 'a=1' } }));
  assert.equal(created.status, 201, created.text);
  configMapUid = created.json().metadata.uid;
});
after(async () => {
  await arca.cleanup();
  rmSync(workDir, { recursive: true, force: true });
});

async function createEvent(namespace: string, event: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await rawRequest(arca.url, 'POST', `/api/v1/namespaces/${namespace}/events`, JSON.stringify(event));
  assert.equal(res.status, 201, res.text);
  return res.json();
}

async function listNames(namespace: string, fieldSelector: string): Promise<string[]> {
  const res = await rawRequest(arca.url, 'GET', `/api/v1/namespaces/${namespace}/events?fieldSelector=${encodeURIComponent(fieldSelector)}&limit=500`);
  assert.equal(res.status, 200, res.text);
  const list = res.json();
  assert.equal(list.kind, 'EventList');
  return list.items.map((e: { metadata: { name: string } }) => e.metadata.name);
}

/** Each run gets a fresh HOME (the kubectl dispatcher caches its choice there) and cache dir. */
const kubectl = (...args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
  const home = mkdtempSync(join(workDir, 'home-'));
  execFile(KUBECTL, ['--server', arca.url, '--cache-dir', join(home, 'cache'), ...args],
    { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home }, cwd: workDir, encoding: 'utf8' },
    (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
});

describe('Events through the API', () => {
  it('stores a created Event in Go\'s wire form', async () => {
    const created = await createEvent('default', {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name: 'wire-form.1' },
      involvedObject: { kind: 'ConfigMap', name: 'elsewhere', namespace: 'default', fieldPath: '' },
      reason: 'Tested', message: '', count: 0,
      firstTimestamp: '2024-05-01T10:00:00.750Z',
      eventTime: null,
    });
    const { uid, resourceVersion, creationTimestamp, managedFields: _mf, ...meta } = created.metadata;
    assert.deepEqual(meta, { name: 'wire-form.1', namespace: 'default' });
    assert.match(uid, /^[0-9a-f-]{36}$/);
    assert.match(resourceVersion, /^\d+$/);
    assert.match(creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const { metadata: _metadata, ...body } = created;
    assert.deepEqual(body, {
      apiVersion: 'v1', kind: 'Event',
      involvedObject: { kind: 'ConfigMap', name: 'elsewhere', namespace: 'default' },
      reason: 'Tested',
      firstTimestamp: '2024-05-01T10:00:00Z',
      eventTime: null,
      source: {},
      lastTimestamp: null,
      reportingComponent: '',
      reportingInstance: '',
    });
    const read = await rawRequest(arca.url, 'GET', '/api/v1/namespaces/default/events/wire-form.1');
    assert.deepEqual(read.json(), created);
  });

  it('keeps eventTime to the microsecond and refuses one Go cannot parse', async () => {
    const created = await createEvent('default', {
      metadata: { name: 'new-style.1' }, involvedObject: { kind: 'ConfigMap', name: 'app-config', namespace: 'default' },
      reason: 'Synced', action: 'Sync', eventTime: '2024-05-01T12:00:00.123456+02:00',
      reportingComponent: 'arca.dev/agent', reportingInstance: 'node-1',
    });
    assert.equal(created.eventTime, '2024-05-01T10:00:00.123456Z');

    const res = await rawRequest(arca.url, 'POST', '/api/v1/namespaces/default/events', JSON.stringify({
      metadata: { name: 'new-style.2' }, involvedObject: { namespace: 'default' }, eventTime: '2024-05-01T10:00:00.123Z',
    }));
    assert.equal(res.status, 400);
    assert.deepEqual(res.json(), {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'Event in version "v1" cannot be handled as a Event: parsing time "2024-05-01T10:00:00.123Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".123Z" as ".000000"',
      reason: 'BadRequest', code: 400,
    });
  });

  it('answers Kubernetes\' Invalid status for an Event about another namespace', async () => {
    const res = await rawRequest(arca.url, 'POST', '/api/v1/namespaces/default/events', JSON.stringify({
      metadata: { name: 'stray' }, involvedObject: { kind: 'ConfigMap', name: 'app-config', namespace: 'kube-system' },
    }));
    assert.equal(res.status, 422);
    assert.deepEqual(res.json(), {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'Event "stray" is invalid: involvedObject.namespace: Invalid value: "kube-system": does not match event.namespace',
      reason: 'Invalid',
      details: {
        name: 'stray', kind: 'Event',
        causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: "kube-system": does not match event.namespace', field: 'involvedObject.namespace' }],
      },
      code: 422,
    });
  });
});

describe('Event field selectors', () => {
  before(async () => {
    const about = (name: string, involvedObject: Record<string, string>, extra: Record<string, unknown> = {}) =>
      createEvent('selectors', {
        metadata: { name },
        involvedObject: { namespace: 'selectors', apiVersion: 'v1', ...involvedObject },
        reason: 'Updated', type: 'Normal', source: { component: 'arca-agent' }, ...extra,
      });
    const ns = await rawRequest(arca.url, 'POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: 'selectors' } }));
    assert.equal(ns.status, 201, ns.text);
    await about('cm-a', { kind: 'ConfigMap', name: 'app-config', uid: configMapUid, resourceVersion: '7' });
    await about('cm-b', { kind: 'ConfigMap', name: 'other-config', uid: 'u-other' }, { reason: 'Deleted', type: 'Warning' });
    await about('secret-a', { kind: 'Secret', name: 'app-config', uid: 'u-secret' }, { source: {}, reportingComponent: 'arca.dev/agent' });
    await about('pod-a', { kind: 'Pod', name: 'web-0', uid: 'u-pod', fieldPath: 'spec.containers{app}', apiVersion: 'v1' });
  });

  it('selects what kubectl describe configmap asks for', async () => {
    assert.deepEqual(await listNames('selectors',
      `involvedObject.namespace=selectors,involvedObject.kind=ConfigMap,involvedObject.uid=${configMapUid},involvedObject.name=app-config`), ['cm-a']);
    const res = await rawRequest(arca.url, 'GET',
      `/api/v1/namespaces/selectors/events?fieldSelector=involvedObject.namespace%3Dselectors%2CinvolvedObject.kind%3DConfigMap%2CinvolvedObject.uid%3D${configMapUid}%2CinvolvedObject.name%3Dapp-config&limit=500`);
    assert.deepEqual(res.json().items.map((e: { metadata: { name: string } }) => e.metadata.name), ['cm-a']);
  });

  it('selects on every involvedObject field', async () => {
    assert.deepEqual(await listNames('selectors', 'involvedObject.kind=ConfigMap'), ['cm-a', 'cm-b']);
    assert.deepEqual(await listNames('selectors', 'involvedObject.namespace=selectors'), ['cm-a', 'cm-b', 'pod-a', 'secret-a']);
    assert.deepEqual(await listNames('selectors', 'involvedObject.name=app-config'), ['cm-a', 'secret-a']);
    assert.deepEqual(await listNames('selectors', `involvedObject.uid=${configMapUid}`), ['cm-a']);
    assert.deepEqual(await listNames('selectors', 'involvedObject.apiVersion=v1'), ['cm-a', 'cm-b', 'pod-a', 'secret-a']);
    assert.deepEqual(await listNames('selectors', 'involvedObject.resourceVersion=7'), ['cm-a']);
    assert.deepEqual(await listNames('selectors', 'involvedObject.fieldPath=spec.containers{app}'), ['pod-a']);
    assert.deepEqual(await listNames('selectors', 'involvedObject.kind!=ConfigMap'), ['pod-a', 'secret-a']);
  });

  it('selects on reason, type, source (or the reporting controller), reportingComponent and metadata', async () => {
    assert.deepEqual(await listNames('selectors', 'reason=Deleted'), ['cm-b']);
    assert.deepEqual(await listNames('selectors', 'type=Normal'), ['cm-a', 'pod-a', 'secret-a']);
    assert.deepEqual(await listNames('selectors', 'source=arca-agent'), ['cm-a', 'cm-b', 'pod-a']);
    assert.deepEqual(await listNames('selectors', 'source=arca.dev/agent'), ['secret-a']);
    assert.deepEqual(await listNames('selectors', 'reportingComponent=arca.dev/agent'), ['secret-a']);
    assert.deepEqual(await listNames('selectors', 'metadata.name=pod-a'), ['pod-a']);
    assert.deepEqual(await listNames('selectors', 'metadata.namespace=selectors,reason=Updated'), ['cm-a', 'pod-a', 'secret-a']);
  });

  it('refuses other fields with the Event field-label message', async () => {
    const res = await rawRequest(arca.url, 'GET', '/api/v1/namespaces/selectors/events?fieldSelector=source.component%3Darca-agent');
    assert.equal(res.status, 400);
    assert.deepEqual(res.json(), {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'field label not supported: source.component', reason: 'BadRequest', code: 400,
    });
  });
});

describe('kubectl and Events', () => {
  before(async () => {
    const ns = await rawRequest(arca.url, 'POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: 'printed' } }));
    assert.equal(ns.status, 201, ns.text);
    const cm = await rawRequest(arca.url, 'POST', '/api/v1/namespaces/printed/configmaps', JSON.stringify({ metadata: { name: 'app-config' } }));
    assert.equal(cm.status, 201, cm.text);
    const uid = cm.json().metadata.uid;
    await createEvent('printed', {
      metadata: { name: 'app-config.a' },
      involvedObject: { kind: 'ConfigMap', namespace: 'printed', name: 'app-config', uid, apiVersion: 'v1' },
      reason: 'Updated', message: 'ConfigMap app-config updated\n', type: 'Normal',
      source: { component: 'arca-agent', host: 'node-1' },
      firstTimestamp: daysAgo(120), lastTimestamp: daysAgo(100), count: 2,
    });
    await createEvent('printed', {
      metadata: { name: 'web-0.b' },
      involvedObject: { kind: 'Pod', namespace: 'printed', name: 'web-0', fieldPath: 'spec.containers{app}' },
      reason: 'BackOff', message: 'Back-off restarting failed container', type: 'Warning',
      source: { component: 'kubelet' },
    });
  });

  it('prints kubectl get events as upstream does', async () => {
    const res = await kubectl('-n', 'printed', 'get', 'events');
    assert.deepEqual(res, {
      code: 0, stderr: '',
      stdout: [
        'LAST SEEN   TYPE      REASON    OBJECT                 MESSAGE',
        '100d        Normal    Updated   configmap/app-config   ConfigMap app-config updated',
        '<unknown>   Warning   BackOff   pod/web-0              Back-off restarting failed container',
        '',
      ].join('\n'),
    });
  });

  it('prints the wide columns with -o wide, by the short name ev', async () => {
    const res = await kubectl('-n', 'printed', 'get', 'ev', '-o', 'wide');
    assert.deepEqual(res, {
      code: 0, stderr: '',
      stdout: [
        'LAST SEEN   TYPE      REASON    OBJECT                 SUBOBJECT              SOURCE               MESSAGE                                FIRST SEEN   COUNT   NAME',
        '100d        Normal    Updated   configmap/app-config                          arca-agent, node-1   ConfigMap app-config updated           120d         2       app-config.a',
        '<unknown>   Warning   BackOff   pod/web-0              spec.containers{app}   kubelet              Back-off restarting failed container   <unknown>    1       web-0.b',
        '',
      ].join('\n'),
    });
  });

  it('lists the events of a ConfigMap in kubectl describe', async () => {
    const res = await kubectl('-n', 'printed', 'describe', 'configmap', 'app-config');
    assert.deepEqual(res, {
      code: 0, stderr: '',
      stdout: [
        'Name:         app-config',
        'Namespace:    printed',
        'Labels:       <none>',
        'Annotations:  <none>',
        '',
        'Data',
        '====',
        '',
        'BinaryData',
        '====',
        '',
        'Events:',
        '  Type    Reason   Age                  From        Message',
        '  ----    ------   ----                 ----        -------',
        '  Normal  Updated  100d (x2 over 120d)  arca-agent  ConfigMap app-config updated',
        '',
      ].join('\n'),
    });
  });
});
