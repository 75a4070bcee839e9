// The node agent inside `arca up`, driven with the real kubectl: the guide's Pods run as host
// processes (only `command` added), with their environment, files, live updates, reloads, init
// containers, logs and graceful deletion — and the host left as it was.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startArcaUpProcess, type ArcaUpProcess } from '../../helpers/arca-process.js';
import { eventually } from '../../helpers/eventually.js';
import { assertSuccess, createKubectl, type Kubectl } from '../../helpers/kubectl.js';

const SLEEP = 'sleep 3600';

/** Host processes whose command line contains `marker`. */
function processesWith(marker: string): string[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p) && String(process.pid) !== p).filter((p) => {
    try { return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(marker); } catch { return false; }
  });
}

/** The pid of the one container process whose command line contains `marker`. */
function containerPid(marker: string): string {
  const pids = processesWith(marker);
  assert.equal(pids.length, 1, `processes with ${marker}: ${pids.join(' ')}`);
  return pids[0]!;
}

describe('arca agent runs pods with their ConfigMaps and Secrets', () => {
  let arca: ArcaUpProcess;
  let kubectl: Kubectl;
  const run = async (...args: string[]) => {
    const result = await kubectl.run(args);
    assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const jsonpath = (pod: string, path: string) => run('get', 'pod', pod, '-o', `jsonpath=${path}`);
  const apply = (name: string, yaml: string) => run('apply', '-f', kubectl.file(`${name}.yaml`, yaml));
  const logsOf = (pod: string, ...more: string[]) => run('logs', pod, ...more);
  const waitForLogs = (pod: string, expected: string, ...more: string[]) =>
    eventually(async () => assert.equal(await logsOf(pod, ...more), expected), 10_000, 100);
  const events = (pod: string) => run('get', 'events', '--field-selector', `involvedObject.name=${pod}`,
    '-o', 'jsonpath={range .items[*]}{.reason}|{.message}{"\\n"}{end}');
  const podDirs = () => readdirSync(join(arca.dataDir, 'agent', 'pods'));

  before(async () => {
    arca = await startArcaUpProcess({ args: ['--agent-backoff-ms', '200'] });
    kubectl = createKubectl(arca.kubeconfig);
    await eventually(async () => assert.match(await run('get', 'nodes'), / Ready /), 10_000, 100);
  });
  after(async () => {
    await arca?.cleanup();
    kubectl?.cleanup();
  });

  // The guide nests `prefix` inside configMapRef, which Kubernetes rejects (strict field validation):
  // it belongs to the envFrom entry, where it is written here.
  it('runs the guide config-pod: envFrom prefix, $(VAR) in args, items with defaultMode 0400', async () => {
    await run('create', 'configmap', 'app-config', '--from-literal=server.port=8080',
      '--from-literal=app.properties=color=blue', '--from-literal=app.yml=mode: dev');
    await apply('config-pod', `apiVersion: v1
kind: Pod
metadata:
  name: config-pod
spec:
  containers:
  - name: app
    image: myapp:1.0
    envFrom:
    - prefix: CONFIG_
      configMapRef:
        name: app-config
    volumeMounts:
    - name: config-volume
      mountPath: /etc/config
      readOnly: true
    command: ["sh", "-c", "echo \\"args: $0 $1 $2\\"; tr '\\\\0' '\\\\n' < /proc/$$$$/environ | grep -E '^(CONFIG_|SERVER_PORT)' | sort; ls /etc/config; cat /etc/config/application.properties; echo; stat -L -c %a /etc/config/config.yml; touch /etc/config/x 2>/dev/null || echo read-only; ${SLEEP}"]
    args: ["-Dserver.port=$(SERVER_PORT)", "-jar", "app.jar"]
    env:
    - name: SERVER_PORT
      valueFrom:
        configMapKeyRef:
          name: app-config
          key: server.port
          optional: true
  volumes:
  - name: config-volume
    configMap:
      name: app-config
      items:
      - key: app.properties
        path: application.properties
      - key: app.yml
        path: config.yml
      defaultMode: 0400
`);
    await waitForLogs('config-pod', [
      'args: -Dserver.port=8080 -jar app.jar',
      'CONFIG_app.properties=color=blue', 'CONFIG_app.yml=mode: dev', 'CONFIG_server.port=8080', 'SERVER_PORT=8080',
      'application.properties', 'config.yml',
      'color=blue',
      '400',
      'read-only',
      '',
    ].join('\n'));
    assert.equal(await jsonpath('config-pod', '{.status.phase} {.status.podIP} {.status.containerStatuses[0].ready}'), 'Running 127.0.0.1 true');
    assert.match(await run('get', 'pod', 'config-pod'), /^config-pod\s+1\/1\s+Running\s+0\s+\d+s\n$/m);
    // Mounts live in the container's namespace only.
    assert.equal(existsSync('/etc/config/application.properties'), false);
  });

  it('runs the guide secret-pod: secretKeyRef, envFrom secretRef, items with defaultMode 0400', async () => {
    await run('create', 'secret', 'generic', 'app-secrets', '--from-literal=username=admin', '--from-literal=password=password',
      '--from-literal=config.json={"debug":true}');
    // The guide's pod runs as restricted-sa, which must exist (as in Kubernetes).
    await run('create', 'serviceaccount', 'restricted-sa');
    await apply('secret-pod', `apiVersion: v1
kind: Pod
metadata:
  name: secret-pod
spec:
  serviceAccountName: restricted-sa
  containers:
  - name: app
    image: myapp:1.0
    command: ["sh", "-c", "echo user=$DB_USER pass=$DB_PASSWORD; tr '\\\\0' '\\\\n' < /proc/$$$$/environ | grep -E '^(username|password|config.json)=' | sort; ls /etc/secrets; cat /etc/secrets/app-config.json; echo; stat -L -c %a /etc/secrets/app-config.json; ${SLEEP}"]
    env:
    - name: DB_USER
      valueFrom:
        secretKeyRef:
          name: app-secrets
          key: username
          optional: false
    - name: DB_PASSWORD
      valueFrom:
        secretKeyRef:
          name: app-secrets
          key: password
    envFrom:
    - secretRef:
        name: app-secrets
    volumeMounts:
    - name: secret-volume
      mountPath: /etc/secrets
      readOnly: true
  volumes:
  - name: secret-volume
    secret:
      secretName: app-secrets
      items:
      - key: config.json
        path: app-config.json
      defaultMode: 0400
`);
    await waitForLogs('secret-pod', [
      'user=admin pass=password',
      'config.json={"debug":true}', 'password=password', 'username=admin',
      'app-config.json',
      '{"debug":true}',
      '400',
      '',
    ].join('\n'));
  });

  it('delivers a ConfigMap update to the mounted file within a second', async () => {
    await run('patch', 'configmap', 'app-config', '--type', 'merge', '-p', '{"data":{"app.properties":"color=green"}}');
    const started = Date.now();
    const pid = containerPid('CONFIG_|SERVER_PORT');
    await eventually(() => assert.equal(readFileSync(`/proc/${pid}/root/etc/config/application.properties`, 'utf8'), 'color=green'), 1000, 5);
    assert.ok(Date.now() - started < 1000);
  });

  it('keeps a container waiting with CreateContainerConfigError until its ConfigMap exists', async () => {
    await apply('missing', `apiVersion: v1
kind: Pod
metadata:
  name: missing
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "echo level=$LEVEL; ${SLEEP}"]
    env:
    - name: LEVEL
      valueFrom:
        configMapKeyRef: {name: late-config, key: level}
`);
    await eventually(async () => assert.match(await run('get', 'pod', 'missing'), /^missing\s+0\/1\s+CreateContainerConfigError\s+0\s+/m), 10_000, 100);
    assert.equal(await jsonpath('missing', '{.status.containerStatuses[0].state.waiting.message}'), 'configmap "late-config" not found');
    const describe = await run('describe', 'pod', 'missing');
    assert.match(describe, /^ {6}Reason: {7}CreateContainerConfigError$/m);
    assert.match(describe, /Warning\s+Failed\s+\S+(?: \(x\d+ over \S+\))?\s+kubelet\s+Error: configmap "late-config" not found$/m);
    await run('create', 'configmap', 'late-config', '--from-literal=level=debug');
    await waitForLogs('missing', 'level=debug\n');
  });

  it('keeps a pod ContainerCreating with FailedMount until its volume source exists', async () => {
    await apply('unmounted', `apiVersion: v1
kind: Pod
metadata:
  name: unmounted
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "cat /etc/late/key; echo; ${SLEEP}"]
    volumeMounts:
    - {name: cfg, mountPath: /etc/late}
  volumes:
  - name: cfg
    configMap: {name: late-volume}
`);
    await eventually(async () => assert.match(await run('get', 'pod', 'unmounted'), /^unmounted\s+0\/1\s+ContainerCreating\s+0\s+/m), 10_000, 100);
    await eventually(async () => assert.match(await events('unmounted'),
      /^FailedMount\|MountVolume\.SetUp failed for volume "cfg" : configmap "late-volume" not found$/m), 10_000, 100);
    await run('create', 'configmap', 'late-volume', '--from-literal=key=arrived');
    await waitForLogs('unmounted', 'arrived\n');
  });

  it('reads an immutable ConfigMap once and keeps serving it', async () => {
    await apply('frozen-config', `apiVersion: v1
kind: ConfigMap
metadata:
  name: frozen-config
immutable: true
data:
  key: v1
`);
    await apply('frozen-reader', `apiVersion: v1
kind: Pod
metadata:
  name: frozen-reader
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "cat /etc/frozen/key; echo; ${SLEEP}"]
    volumeMounts:
    - {name: cfg, mountPath: /etc/frozen}
  volumes:
  - name: cfg
    configMap: {name: frozen-config}
`);
    await waitForLogs('frozen-reader', 'v1\n');
    // Deleting the object does not touch the running pod's files: immutable data was read once.
    await run('delete', 'configmap', 'frozen-config');
    const pid = containerPid('cat /etc/frozen/key');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(readFileSync(`/proc/${pid}/root/etc/frozen/key`, 'utf8'), 'v1');
  });

  it('restarts consumers on change when annotated restart, and signals them when annotated signal:SIGHUP', async () => {
    await run('create', 'configmap', 'reload-config', '--from-literal=greeting=hello');
    const pod = (name: string, annotation: string, script: string) => apply(name, `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  annotations:
    arca.dev/reload-on-change: "${annotation}"
spec:
  terminationGracePeriodSeconds: 2
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", ${JSON.stringify(script)}]
    env:
    - name: GREETING
      valueFrom:
        configMapKeyRef: {name: reload-config, key: greeting}
    volumeMounts:
    - {name: cfg, mountPath: /etc/reload-config}
  volumes:
  - name: cfg
    configMap: {name: reload-config}
`);
    await pod('restarter', 'restart', `echo "env=$GREETING file=$(cat /etc/reload-config/greeting)"; exec ${SLEEP}`);
    await pod('signalled', 'signal:SIGHUP', `trap 'echo "hup file=$(cat /etc/reload-config/greeting)"' HUP; echo "env=$GREETING"; while true; do sleep 0.05; done`);
    await waitForLogs('restarter', 'env=hello file=hello\n');
    await waitForLogs('signalled', 'env=hello\n');
    await run('patch', 'configmap', 'reload-config', '--type', 'merge', '-p', '{"data":{"greeting":"bonjour"}}');
    await waitForLogs('restarter', 'env=bonjour file=bonjour\n');
    assert.equal(await jsonpath('restarter', '{.status.containerStatuses[0].restartCount}'), '1',
      await run('get', 'events', '-o', 'jsonpath={range .items[*]}{.involvedObject.name}|{.reason}|{.count}|{.message}{"\\n"}{end}'));
    assert.equal(await logsOf('restarter', '--previous'), 'env=hello file=hello\n');
    assert.match(await events('restarter'), /^Reloaded\|Restarting container app: ConfigMap default\/reload-config changed$/m);
    await waitForLogs('signalled', 'env=hello\nhup file=bonjour\n');
    assert.match(await events('signalled'), /^Signalled\|Sent SIGHUP to container app: ConfigMap default\/reload-config changed$/m);
  });

  it('never updates a subPath mount', async () => {
    await run('create', 'configmap', 'sub-config', '--from-literal=key=one');
    await apply('subpath', `apiVersion: v1
kind: Pod
metadata:
  name: subpath
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "while true; do echo \\"$(cat /etc/sub-config/key) $(cat /etc/sub-whole/key)\\"; sleep 0.2; done"]
    volumeMounts:
    - {name: cfg, mountPath: /etc/sub-config/key, subPath: key}
    - {name: cfg, mountPath: /etc/sub-whole}
  volumes:
  - name: cfg
    configMap: {name: sub-config}
`);
    await eventually(async () => assert.match(await logsOf('subpath', '--tail=1'), /^one one\n$/), 10_000, 100);
    await run('patch', 'configmap', 'sub-config', '--type', 'merge', '-p', '{"data":{"key":"two"}}');
    await eventually(async () => assert.equal(await logsOf('subpath', '--tail=1'), 'one two\n'), 5000, 100);
  });

  it('runs init containers in order to completion before the containers', async () => {
    await apply('with-init', `apiVersion: v1
kind: Pod
metadata:
  name: with-init
spec:
  initContainers:
  - {name: first, image: busybox, command: ["sh", "-c", "echo first > /arca-init-work/order"], volumeMounts: [{name: work, mountPath: /arca-init-work}]}
  - {name: second, image: busybox, command: ["sh", "-c", "echo second >> /arca-init-work/order; echo init done"], volumeMounts: [{name: work, mountPath: /arca-init-work}]}
  containers:
  - {name: app, image: busybox, command: ["sh", "-c", "cat /arca-init-work/order; ${SLEEP}"], volumeMounts: [{name: work, mountPath: /arca-init-work}]}
  volumes:
  - {name: work, emptyDir: {}}
`);
    await waitForLogs('with-init', 'first\nsecond\n', '-c', 'app');
    assert.equal(await logsOf('with-init', '-c', 'second'), 'init done\n');
    assert.equal(await jsonpath('with-init', '{.status.initContainerStatuses[*].state.terminated.reason}'), 'Completed Completed');
    assert.equal(await jsonpath('with-init', '{.status.conditions[?(@.type=="Initialized")].status}'), 'True');
  });

  it('serves logs with --tail, --previous and -f, and backs off a crashing container', async () => {
    await apply('crasher', `apiVersion: v1
kind: Pod
metadata:
  name: crasher
spec:
  containers:
  - {name: app, image: busybox, command: ["sh", "-c", "echo one; echo two; echo three; exit 3"]}
`);
    await eventually(async () => assert.match(await run('get', 'pod', 'crasher'), /^crasher\s+0\/1\s+CrashLoopBackOff\s+[1-9]/m), 10_000, 50);
    assert.equal(await jsonpath('crasher', '{.status.containerStatuses[0].lastState.terminated.exitCode}'), '3');
    assert.equal(await logsOf('crasher', '--previous'), 'one\ntwo\nthree\n');
    assert.equal(await logsOf('crasher', '--previous', '--tail=1'), 'three\n');
    assert.match(await events('crasher'), /^BackOff\|Back-off restarting failed container app in pod crasher_default\(/m);

    await apply('follower', `apiVersion: v1
kind: Pod
metadata:
  name: follower
spec:
  restartPolicy: Never
  containers:
  - {name: app, image: busybox, command: ["sh", "-c", "for i in 1 2 3; do echo line $i; sleep 0.3; done"]}
`);
    await eventually(async () => assert.notEqual(await jsonpath('follower', '{.status.containerStatuses[0].state.running}'), ''), 10_000, 50);
    assertSuccess(await kubectl.run(['logs', '-f', 'follower']), 'line 1\nline 2\nline 3\n');
    await eventually(async () => assert.equal(await jsonpath('follower', '{.status.phase}'), 'Succeeded'), 5000, 50);
  });

  it('shows a pod starting in kubectl get pods -w', async () => {
    await run('run', 'watched-pod', '--image=busybox', '--labels=watch=me', '--', 'sleep', '3600');
    const watch = kubectl.start(['get', 'pods', '-w', '-l', 'watch=me']);
    await watch.waitForStdout(/^watched-pod +1\/1 +Running +0 +\d+s$/m);
    const result = await watch.stop();
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^NAME +READY +STATUS +RESTARTS +AGE$/);
    assert.match(lines.at(-1)!, /^watched-pod +1\/1 +Running +0 +\d+s$/);
    for (const line of lines.slice(1)) assert.match(line, /^watched-pod +[01]\/1 +(Pending|ContainerCreating|Running) +0 +\d+s$/);
  });

  it('stops processes with SIGTERM on delete and leaves the host clean', async () => {
    const termFile = join(kubectl.workDir, 'term-seen');
    await apply('graceful', `apiVersion: v1
kind: Pod
metadata:
  name: graceful
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "trap 'echo got TERM > ${'${'}TERM_FILE}; exit 0' TERM; echo up; while true; do sleep 0.05; done"]
    env:
    - {name: TERM_FILE, value: ${termFile}}
    volumeMounts:
    - {name: scratch, mountPath: /etc/graceful}
  volumes:
  - {name: scratch, emptyDir: {}}
`);
    await waitForLogs('graceful', 'up\n');
    const uid = await jsonpath('graceful', '{.metadata.uid}');
    const started = Date.now();
    assertSuccess(await kubectl.run(['delete', 'pod', 'graceful']), 'pod "graceful" deleted\n');
    assert.ok(Date.now() - started < 10_000);
    assert.equal(readFileSync(termFile, 'utf8'), 'got TERM\n');
    for (const pod of ['config-pod', 'secret-pod', 'missing', 'unmounted', 'frozen-reader', 'watched-pod', 'restarter', 'signalled', 'subpath', 'with-init', 'crasher', 'follower']) {
      await run('delete', 'pod', pod, '--grace-period=1');
    }
    // Finished pods are deleted by the API at once; their directories go right after.
    await eventually(() => assert.deepEqual(podDirs(), []), 5000, 20);
    assert.equal(existsSync(join(arca.dataDir, 'agent', 'pods', uid)), false);
    for (const dir of ['/etc/config', '/etc/late', '/etc/frozen', '/etc/reload-config', '/etc/sub-config', '/etc/sub-whole', '/arca-init-work', '/etc/graceful', '/etc/secrets']) {
      assert.equal(existsSync(dir), false, `${dir} was left on the host`);
    }
    assert.doesNotMatch(readFileSync('/proc/self/mountinfo', 'utf8'), new RegExp(arca.dataDir));
    assert.deepEqual([...processesWith(SLEEP), ...processesWith('arca-container')], []);
  });
});
