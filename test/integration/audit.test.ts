// Audit logging on `arca up`, driven by the real kubectl: what each level records, omitStages,
// Secret values (absent at Metadata, HMACs at Request), rotation by size, and blocking-strict
// failing requests whose record cannot be written.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listBackups } from '../../src/audit/log-backend.js';
import { startArcaUpProcess, tempDir, type ArcaUpProcess } from '../helpers/arca-process.js';
import { eventually } from '../helpers/eventually.js';
import { createKubectl, type Kubectl } from '../helpers/kubectl.js';

const running: { arca: ArcaUpProcess; kubectl: Kubectl }[] = [];
after(async () => {
  for (const { arca, kubectl } of running) { kubectl.cleanup(); await arca.cleanup(); }
});

async function start(policy: string, args: string[], logName = 'audit.log'): Promise<{ arca: ArcaUpProcess; kubectl: Kubectl; log: string }> {
  const dataDir = tempDir();
  const policyFile = join(dataDir, 'policy.yaml');
  writeFileSync(policyFile, `apiVersion: audit.k8s.io/v1\nkind: Policy\n${policy}`);
  const log = join(dataDir, logName);
  const arca = await startArcaUpProcess({ dataDir, args: ['--audit-policy-file', policyFile, '--audit-log-path', log, ...args] });
  const kubectl = createKubectl(arca.kubeconfig);
  running.push({ arca, kubectl });
  return { arca, kubectl, log };
}

function events(log: string): Record<string, any>[] {
  return readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/** The events of one namespace, without the fields that change from run to run. */
function stable(log: string, namespace: string): Record<string, any>[] {
  return events(log).filter((e) => e.objectRef?.namespace === namespace).map((e) => {
    const { auditID, requestReceivedTimestamp, stageTimestamp, userAgent, ...rest } = e;
    assert.match(auditID, /^[0-9a-f-]{36}$/);
    assert.match(requestReceivedTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.match(stageTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.match(userAgent, /^kubectl/);
    return rest;
  });
}

const ADMIN = { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };
const SECRET_VALUE = 'swordfish-4b8e1c';

describe('audit log', () => {
  it('records each level as configured, with Secret values never in the clear', async () => {
    const { arca, kubectl, log } = await start(`rules:
  - level: Metadata
    namespaces: ["meta"]
  - level: Request
    namespaces: ["req"]
    omitStages: ["RequestReceived"]
  - level: RequestResponse
    namespaces: ["rr"]
  - level: None
`, []);
    for (const ns of ['meta', 'req', 'rr']) assert.equal((await kubectl.run(['create', 'namespace', ns])).code, 0);
    for (const ns of ['meta', 'req', 'rr']) {
      const r = await kubectl.run(['create', 'secret', 'generic', 'db', '-n', ns, `--from-literal=password=${SECRET_VALUE}`]);
      assert.equal(r.stderr, '');
    }
    assert.equal((await kubectl.run(['get', 'secret', 'db', '-n', 'rr', '-o', 'name'])).stdout, 'secret/db\n');
    const admin = (await kubectl.run(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'])).stdout;
    const user = { ...ADMIN, username: admin || ADMIN.username };
    const key = Buffer.from(readFileSync(join(arca.dataDir, 'audit-hmac.key'), 'utf8').trim(), 'hex');
    const mac = `HMAC-SHA256:${createHmac('sha256', key).update(SECRET_VALUE).digest('hex')}`;
    const ref = (ns: string) => ({ resource: 'secrets', namespace: ns, apiVersion: 'v1' });
    const created = (ns: string) => ({ ...ref(ns), name: 'db' });
    const createURI = (ns: string) => `/api/v1/namespaces/${ns}/secrets?fieldManager=kubectl-create&fieldValidation=Strict`;

    await eventually(() => assert.equal(stable(log, 'rr').length, 4));
    assert.deepEqual(stable(log, 'meta'), [
      { kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', stage: 'RequestReceived', requestURI: createURI('meta'), verb: 'create',
        user, sourceIPs: ['127.0.0.1'], objectRef: ref('meta') },
      { kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', stage: 'ResponseComplete', requestURI: createURI('meta'), verb: 'create',
        user, sourceIPs: ['127.0.0.1'], objectRef: created('meta'), responseStatus: { metadata: {}, code: 201 } },
    ]);
    const [req] = stable(log, 'req');
    assert.deepEqual(Object.keys(req!), ['kind', 'apiVersion', 'level', 'stage', 'requestURI', 'verb', 'user', 'sourceIPs', 'objectRef', 'responseStatus', 'requestObject']);
    assert.equal(stable(log, 'req').length, 1, 'RequestReceived is omitted');
    assert.equal(req!.stage, 'ResponseComplete');
    assert.deepEqual(req!.requestObject.data, { password: mac });
    assert.equal(req!.requestObject.kind, 'Secret');

    const rr = stable(log, 'rr');
    assert.deepEqual(rr.map((e) => [e.stage, e.verb]), [['RequestReceived', 'create'], ['ResponseComplete', 'create'], ['RequestReceived', 'get'], ['ResponseComplete', 'get']]);
    assert.deepEqual(rr[1]!.responseObject.data, { password: mac });
    assert.equal(rr[1]!.responseObject.metadata.name, 'db');
    assert.deepEqual(rr[3]!.responseObject.data, { password: mac });
    assert.equal(rr[2]!.requestObject, undefined);

    const raw = readFileSync(log, 'utf8');
    assert.equal(raw.includes(SECRET_VALUE), false);
    assert.equal(raw.includes(Buffer.from(SECRET_VALUE).toString('base64')), false);
    assert.equal(statSync(log).mode & 0o777, 0o600);
  });

  it('logs a watch when it starts and when it ends, and failures with their Status', async () => {
    const { kubectl, log } = await start(`omitStages: ["RequestReceived"]
rules:
  - level: Metadata
    namespaces: ["default"]
  - level: None
`, []);
    const watch = kubectl.start(['get', 'configmaps', '-w', '-n', 'default', '--output-watch-events', '-o', 'name']);
    await eventually(() => assert.equal(events(log).filter((e) => e.verb === 'watch').length, 1));
    await watch.stop();
    await eventually(() => assert.equal(events(log).filter((e) => e.verb === 'watch').length, 2));
    assert.deepEqual(events(log).filter((e) => e.verb === 'watch').map((e) => [e.stage, e.responseStatus]), [
      ['ResponseStarted', { metadata: {}, code: 200 }],
      ['ResponseComplete', { metadata: {}, code: 200 }],
    ]);
    const missing = await kubectl.run(['get', 'configmap', 'nope', '-n', 'default']);
    assert.equal(missing.stderr, 'Error from server (NotFound): configmaps "nope" not found\n');
    await eventually(() => assert.deepEqual(events(log).filter((e) => e.objectRef?.name === 'nope').map((e) => e.responseStatus), [
      { metadata: {}, status: 'Failure', message: 'configmaps "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'configmaps' }, code: 404 },
    ]));
  });

  it('rotates the log by size and keeps --audit-log-maxbackup files', async () => {
    const { kubectl, log } = await start(`rules:
  - level: RequestResponse
    namespaces: ["default"]
  - level: None
`, ['--audit-log-maxsize', '1', '--audit-log-maxbackup', '1']);
    const big = kubectl.file('big.txt', 'x'.repeat(200 * 1024));
    for (let i = 0; i < 6; i++) {
      assert.equal((await kubectl.run(['create', 'configmap', `big-${i}`, '-n', 'default', `--from-file=${big}`])).code, 0);
    }
    await eventually(() => assert.equal(events(log).some((e) => e.objectRef?.name === 'big-5' && e.stage === 'ResponseComplete'), true));
    const backups = listBackups(log);
    assert.equal(backups.length, 1);
    for (const file of [...backups, log]) assert.ok(statSync(file).size <= 1024 * 1024, `${file} is larger than 1 MB`);
    const names = [...backups, log].flatMap((f) => events(f)).filter((e) => e.stage === 'ResponseComplete').map((e) => e.objectRef.name);
    // Each ResponseComplete holds the 200 KiB twice (request and response): two fit in 1 MB.
    assert.deepEqual(names, ['big-2', 'big-3', 'big-4', 'big-5']);
  });

  it('blocking-strict fails a request whose RequestReceived record cannot be written, before anything changes', async () => {
    // The log's parent is a regular file (the policy): every write fails, even for root.
    const { arca, kubectl, log } = await start(`rules:
  - level: Metadata
    resources: [{group: "", resources: ["secrets"]}]
    verbs: ["create"]
  - level: None
`, ['--audit-mode', 'blocking-strict'], 'policy.yaml/audit.log');
    const created = await kubectl.run(['create', 'secret', 'generic', 'kept-out', '--from-literal=a=b']);
    assert.equal(created.stderr, 'error: failed to create secret Internal error occurred: failed to store audit event\n');
    assert.equal(created.code, 1);
    const read = await kubectl.run(['get', 'secret', 'kept-out']);
    assert.equal(read.stderr, 'Error from server (NotFound): secrets "kept-out" not found\n');
    assert.ok(arca.stderr().includes(`Error in audit plugin 'log' affecting 1 audit events: ENOTDIR: not a directory, open '${log}'`), arca.stderr());
  });
});
