// Pods and Nodes through the real kubectl against `arca up --no-agent` (no node agent, so pods
// stay where the API put them): kubectl run, tables, apply of the guide's pod manifests,
// strategic merge patches, validation errors, registering a node, scheduling and graceful deletion.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startArcaUpProcess, type ArcaUpProcess } from '../helpers/arca-process.js';
import { eventually } from '../helpers/eventually.js';
import { assertFailure, assertLines, assertSuccess, createKubectl, type Kubectl } from '../helpers/kubectl.js';

// Verbatim from the seed guide (Using ConfigMaps in Pods / Using Secrets in Pods).
const configPod = `apiVersion: v1
kind: Pod
metadata:
  name: config-pod
spec:
  containers:
  - name: app
    image: myapp:1.0
    # 1. Load all values from ConfigMap as environment variables
    envFrom:
    - configMapRef:
        name: app-config
        # Optional: prefix all environment variables
        prefix: CONFIG_
    # 2. Mount ConfigMap as a volume (creates files for each key)
    volumeMounts:
    - name: config-volume
      mountPath: /etc/config
      readOnly: true # Best practice: mount as read-only
    # 3. Optional: Use ConfigMap values in command/args
    command: ["java"]
    args: ["-Dserver.port=$(SERVER_PORT)", "-jar", "app.jar"]
    env:
    # 4. Selectively use specific keys from ConfigMap
    - name: SERVER_PORT
      valueFrom:
        configMapKeyRef:
          name: app-config
          key: server.port
          # Optional: make this reference optional
          optional: true
  volumes:
  - name: config-volume
    configMap:
      name: app-config
      # Optional: include only specific items
      items:
      - key: app.properties
        path: application.properties
      - key: app.yml
        path: config.yml
      # Optional: set file permissions
      defaultMode: 0400 # Read-only by owner
`;

const secretPod = `apiVersion: v1
kind: Pod
metadata:
  name: secret-pod
spec:
  containers:
  - name: app
    image: myapp:1.0
    # 1. As individual environment variables
    env:
    - name: DB_USER
      valueFrom:
        secretKeyRef:
          name: app-secrets
          key: username
          optional: false # Default is false - will fail if secret/key not found
    - name: DB_PASSWORD
      valueFrom:
        secretKeyRef:
          name: app-secrets
          key: password
    
    # 2. All keys as environment variables
    envFrom:
    - secretRef:
        name: app-secrets
        
    # 3. Mount as volume (creates a file for each key)
    volumeMounts:
    - name: secret-volume
      mountPath: /etc/secrets
      readOnly: true # Always use readOnly for secrets
  
  volumes:
  - name: secret-volume
    secret:
      secretName: app-secrets
      # Optional: include only specific items
      items:
      - key: config.json
        path: app-config.json
      # Set restrictive permissions
      defaultMode: 0400 # Read-only by owner
  
  # Optional: specify which service account to use
  serviceAccountName: restricted-sa
`;

const readyNode = `apiVersion: v1
kind: Node
metadata:
  name: node-1
  labels:
    node-role.kubernetes.io/worker: ""
status:
  conditions:
  - type: Ready
    status: "True"
    reason: ArcaAgentReady
  addresses:
  - type: InternalIP
    address: 10.0.0.7
  nodeInfo:
    kubeletVersion: v1.32.0-arca
`;

const AGE = '\\d+s';

describe('pods API with kubectl', () => {
  let arca: ArcaUpProcess;
  let kubectl: Kubectl;
  const run = (...args: string[]) => kubectl.run(args);
  const jsonpath = async (what: string, path: string) => {
    const result = await run('get', what, '-o', `jsonpath=${path}`);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout;
  };

  before(async () => {
    arca = await startArcaUpProcess({ args: ['--no-agent'] });
    kubectl = createKubectl(arca.kubeconfig);
  });
  after(async () => {
    await arca?.cleanup();
    kubectl?.cleanup();
  });

  it('kubectl run creates the pod with the v1 defaults and admission fields, Pending without nodes', async () => {
    assertSuccess(await run('run', 'debug', '--image=busybox', '--', 'sleep', '3600'), 'pod/debug created\n');
    const pod = JSON.parse((await run('get', 'pod', 'debug', '-o', 'json')).stdout);
    // The ServiceAccount admission's volume, named kube-api-access-<5 random characters>.
    const apiAccess: string = pod.spec.volumes?.[0]?.name ?? '';
    assert.match(apiAccess, /^kube-api-access-[a-z0-9]{5}$/);
    assert.deepEqual(pod.spec, {
      containers: [{
        name: 'debug', image: 'busybox', args: ['sleep', '3600'], resources: {},
        terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'Always',
        volumeMounts: [{ name: apiAccess, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
      }],
      serviceAccountName: 'default', serviceAccount: 'default',
      volumes: [{ name: apiAccess, projected: { sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ], defaultMode: 420 } }],
      restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', securityContext: {},
      schedulerName: 'default-scheduler',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      priority: 0, enableServiceLinks: true, preemptionPolicy: 'PreemptLowerPriority',
    });
    assert.deepEqual(pod.status, { phase: 'Pending', qosClass: 'BestEffort' });
    assert.deepEqual(pod.metadata.labels, { run: 'debug' });

    const get = await run('get', 'pods');
    assert.equal(get.stderr, '');
    assertLines(get.stdout, ['NAME    READY   STATUS    RESTARTS   AGE', new RegExp(`^debug   0/1     Pending   0          ${AGE}$`)]);
    await eventually(async () => {
      const events = await jsonpath('events', '{range .items[*]}{.reason}|{.source.component}|{.message}{"\\n"}{end}');
      assert.match(events, /^FailedScheduling\|default-scheduler\|no nodes available to schedule pods$/m);
    });
  });

  it('applies the guide pod manifests (command, env, envFrom, volumes)', async () => {
    kubectl.file('config-pod.yaml', configPod);
    kubectl.file('secret-pod.yaml', secretPod);
    // The guide indents `prefix` under configMapRef: strict field validation refuses it, as Kubernetes does.
    assertFailure(await run('apply', '-f', 'config-pod.yaml'),
      'Error from server (BadRequest): error when creating "config-pod.yaml": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].envFrom[0].configMapRef.prefix"\n');
    assertSuccess(await run('apply', '--validate=false', '-f', 'config-pod.yaml'), 'pod/config-pod created\n');
    assertFailure(await run('apply', '-f', 'secret-pod.yaml'),
      'Error from server (Forbidden): error when creating "secret-pod.yaml": pods "secret-pod" is forbidden: error looking up service account default/restricted-sa: serviceaccount "restricted-sa" not found\n');
    // As in Kubernetes, the guide's secret-pod needs its service account to exist.
    assertSuccess(await run('create', 'serviceaccount', 'restricted-sa'), 'serviceaccount/restricted-sa created\n');
    assertSuccess(await run('apply', '-f', 'secret-pod.yaml'), 'pod/secret-pod created\n');
    assert.equal(await jsonpath('pod/config-pod', '{.spec.containers[0].command}|{.spec.volumes[0].configMap.defaultMode}|{.spec.containers[0].env[0].valueFrom.configMapKeyRef.key}'),
      '["java"]|256|server.port');
    assert.equal(await jsonpath('pod/secret-pod', '{.spec.serviceAccountName}|{.spec.serviceAccount}|{.spec.volumes[0].secret.items[0].path}'),
      'restricted-sa|restricted-sa|app-config.json');
    // The admitted kube-api-access volume and mount make the live lists longer than the manifest's, so
    // kubectl's three-way diff sends `$setElementOrder` directives and reports `configured`, as against Kubernetes.
    assertSuccess(await run('apply', '-f', 'secret-pod.yaml'), 'pod/secret-pod configured\n');
  });

  it('patches a container image by strategic merge (merge by name) and refuses other changes', async () => {
    assertSuccess(await run('patch', 'pod', 'config-pod', '-p', '{"spec":{"containers":[{"name":"app","image":"myapp:2.0"}]}}'), 'pod/config-pod patched\n');
    assert.equal(await jsonpath('pod/config-pod', '{.spec.containers[*].name}|{.spec.containers[0].image}|{.spec.containers[0].command}'), 'app|myapp:2.0|["java"]');
    assertFailure(await run('patch', 'pod', 'config-pod', '-p', '{"spec":{"containers":[{"name":"app","workingDir":"/srv"}]}}'),
      'The Pod "config-pod" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n');
  });

  it('rejects invalid pods with exact field errors', async () => {
    kubectl.file('bad.yaml', `apiVersion: v1
kind: Pod
metadata:
  name: bad
spec:
  hostPID: true
  volumes:
  - name: host
    hostPath:
      path: /etc
  containers:
  - name: app
    volumeMounts:
    - name: nope
      mountPath: /x
`);
    assertFailure(await run('apply', '-f', 'bad.yaml'), [
      'The Pod "bad" is invalid: ',
      '* spec.volumes[0]: Unsupported value: "hostPath": supported values: "configMap", "downwardAPI", "emptyDir", "projected", "secret"',
      '* spec.containers[0].image: Required value',
      '* spec.containers[0].volumeMounts[0].name: Not found: "nope"',
      '* spec.hostPID: Forbidden: not supported by Arca',
      '',
    ].join('\n'));
  });

  it('schedules pending pods once a Ready node registers, and records it', async () => {
    kubectl.file('node.yaml', readyNode);
    assertSuccess(await run('create', '-f', 'node.yaml'), 'node/node-1 created\n');
    const nodes = await run('get', 'nodes', '-o', 'wide');
    assertLines(nodes.stdout, [
      'NAME     STATUS   ROLES    AGE   VERSION        INTERNAL-IP   EXTERNAL-IP   OS-IMAGE    KERNEL-VERSION   CONTAINER-RUNTIME',
      new RegExp(`^node-1   Ready    worker   ${AGE} +v1\\.32\\.0-arca   10\\.0\\.0\\.7      <none>        <unknown>   <unknown>        <unknown>$`),
    ]);
    await eventually(async () => assert.equal(await jsonpath('pod/debug', '{.spec.nodeName}'), 'node-1'));
    const wide = await run('get', 'pod', 'debug', '-o', 'wide');
    assertLines(wide.stdout, [
      'NAME    READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES',
      new RegExp(`^debug   0/1     Pending   0          ${AGE} +<none>   node-1   <none>           <none>$`),
    ]);
    await eventually(async () => {
      const describe = await run('describe', 'pod', 'debug');
      assert.match(describe.stdout, /^Node: {13}node-1\/$/m);
      assert.match(describe.stdout, /^ {2}Normal {3}Scheduled {9}\d+s +default-scheduler {2}Successfully assigned default\/debug to node-1$/m);
    });
    assert.equal(await jsonpath('pod/debug', '{.status.conditions[?(@.type=="PodScheduled")].status}'), 'True');
  });

  it('answers logs of a pod whose node publishes no endpoint as the kubelet would', async () => {
    assertFailure(await run('logs', 'debug'), 'Error from server (BadRequest): container "debug" in pod "debug" is not available\n');
  });

  it('deletes a bound pod gracefully: Terminating until forced', async () => {
    assertSuccess(await run('delete', 'pod', 'debug', '--wait=false'), 'pod "debug" deleted\n');
    assert.equal(await jsonpath('pod/debug', '{.metadata.deletionGracePeriodSeconds}'), '30');
    assertLines((await run('get', 'pod', 'debug')).stdout, [
      'NAME    READY   STATUS        RESTARTS   AGE',
      new RegExp(`^debug   0/1     Terminating   0          ${AGE}$`),
    ]);
    const forced = await run('delete', 'pod', 'debug', '--grace-period=0', '--force');
    assert.deepEqual([forced.code, forced.stdout], [0, 'pod "debug" force deleted\n']);
    assertFailure(await run('get', 'pod', 'debug'), 'Error from server (NotFound): pods "debug" not found\n');
    // Unbound pods go at once.
    assertSuccess(await run('run', 'loose', '--image=busybox', '--overrides={"spec":{"schedulerName":"other"}}'), 'pod/loose created\n');
    assertSuccess(await run('delete', 'pod', 'loose'), 'pod "loose" deleted\n');
  });
});
