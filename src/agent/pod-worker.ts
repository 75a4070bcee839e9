// One pod on this node, from volumes to graceful deletion: volumes written, init containers run
// in order to completion, then every container supervised as a host process under the pod's
// restartPolicy with the kubelet's back-off, status reported through pods/status, events recorded.
import { randomBytes } from 'node:crypto';
import { mkdir, realpath, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError, type ApiClient } from './api-client.js';
import { backoffAfterExit, formatBackoff, type BackoffEntry, type BackoffPolicy } from './backoff.js';
import { startContainerProcess, type ContainerProcess, type ProcessExit } from './container-process.js';
import { expandCommand, resolveEnvironment } from './env.js';
import type { EventRecorder, PodReference } from './event-recorder.js';
import type { ExecTarget } from './exec-command.js';
import type { LogLocation } from './log-server.js';
import { mountNamespaceCommand, type BindMount } from './mount-namespace.js';
import type { MountPoints } from './mount-points.js';
import type { ObjectCache, ObjectChange } from './object-cache.js';
import { podStatus, type ContainerRecord, type PodCondition, type TerminatedState } from './pod-status.js';
import type { Container, NodeInfo, Pod } from './pod-types.js';
import { containerConsumes, failedMountMessage, podReferences, volumeDir, volumeObjectReferences, writeVolumes,
  type ObjectReference, type VolumeSources } from './pod-volumes.js';
import { RELOAD_DEBOUNCE_MS, reloadPolicy } from './reload-policy.js';
import { apiTokenRequester, hasTokenProjection, PodServiceAccountTokens } from './service-account-tokens.js';

export interface AgentContext {
  client: ApiClient;
  nodeName: string;
  hostIP: string;
  rootDir: string;
  node: NodeInfo;
  objects: ObjectCache;
  events: EventRecorder;
  mountPoints: MountPoints;
  backoff: BackoffPolicy;
  /** Set when this agent cannot give containers their own mount namespace. */
  mountUnsupported?: string;
  log(message: string): void;
}

/** How often a container blocked on configuration, or a failed mount, is retried without a change to wake it. */
const RETRY_MS = 2000;
const DEFAULT_GRACE_SECONDS = 30;
/** How often service account tokens are checked for renewal (the kubelet's sync period). */
const TOKEN_CHECK_MS = 60_000;
/** What a container image would contribute to the environment. */
const IMAGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** `exec` is how to run further commands in this run's context (set once its process started). */
interface Run { process?: ContainerProcess; log: LogLocation; reloading: boolean; exec?: ExecTarget }

const timestamp = (d: Date = new Date()) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export class PodWorker {
  private pod: Pod;
  private readonly dir: string;
  private readonly records = new Map<string, ContainerRecord>();
  private readonly runs = new Map<string, { current?: Run; previous?: Run }>();
  private readonly wakers = new Set<() => void>();
  private readonly heldMountPoints: string[][] = [];
  private readonly references: ObjectReference[];
  private readonly startTime = timestamp();
  private sandboxReady = false;
  private stopping = false;
  private conditions: PodCondition[] | undefined;
  private statusQueued = false;
  private statusChain: Promise<void> = Promise.resolve();
  private volumeChain: Promise<unknown> = Promise.resolve();
  private pendingReload = new Map<string, ObjectReference>();
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private tokenTimer: ReturnType<typeof setInterval> | undefined;
  private readonly tokens: PodServiceAccountTokens;
  private readonly finished: Promise<void>;

  constructor(private readonly ctx: AgentContext, pod: Pod) {
    this.pod = pod;
    this.dir = join(ctx.rootDir, 'pods', pod.metadata.uid!);
    this.references = podReferences(pod);
    this.tokens = new PodServiceAccountTokens(apiTokenRequester(ctx.client));
    const hasInit = (pod.spec.initContainers ?? []).length > 0;
    for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
      this.records.set(c.name, { name: c.name, image: c.image ?? '', restartCount: 0, state: { waiting: { reason: hasInit ? 'PodInitializing' : 'ContainerCreating' } } });
    }
    this.finished = this.run().catch((e) => ctx.log(`arca agent: pod ${this.describe()}: ${(e as Error).stack ?? e}`));
  }

  get uid(): string { return this.pod.metadata.uid!; }

  matches(namespace: string, name: string): boolean { return this.ref.namespace === namespace && this.ref.name === name; }

  private get ref(): PodReference {
    return { namespace: this.pod.metadata.namespace ?? 'default', name: this.pod.metadata.name!, uid: this.uid };
  }

  private describe(): string { return `${this.ref.namespace}/${this.ref.name}`; }

  /** The kubelet's format.Pod: `name_namespace(uid)`. */
  private formatPod(): string { return `${this.ref.name}_${this.ref.namespace}(${this.uid})`; }

  private sources(): VolumeSources {
    const ns = this.ref.namespace;
    return {
      configMaps: (name) => this.ctx.objects.get('configmap', ns, name),
      secrets: (name) => this.ctx.objects.get('secret', ns, name),
      node: this.ctx.node,
      serviceAccountToken: this.tokens.source,
    };
  }

  // ---- the pod's life -------------------------------------------------------------------------

  private async run(): Promise<void> {
    await mkdir(join(this.dir, 'volumes'), { recursive: true });
    this.reportStatus();
    await Promise.all(this.references.map((r) => this.ctx.objects.acquire(r.kind, this.ref.namespace, r.name)));
    await this.mountVolumes();
    if (this.stopping) return;
    this.sandboxReady = true;
    this.reportStatus();
    if (hasTokenProjection(this.pod)) this.tokenTimer = setInterval(() => void this.renewTokens(), TOKEN_CHECK_MS);
    for (const container of this.pod.spec.initContainers ?? []) {
      if (!(await this.supervise(container, true)) || this.stopping) { this.reportStatus(); return; }
    }
    await Promise.all(this.pod.spec.containers.map((c) => this.supervise(c, false)));
  }

  private async mountVolumes(): Promise<void> {
    while (!this.stopping) {
      await this.tokens.refresh(this.pod);
      const { failures } = await this.serialVolumes(() => writeVolumes(this.pod, this.dir, this.sources()));
      if (failures.length === 0) return;
      for (const f of failures) this.ctx.events.record(this.ref, 'Warning', 'FailedMount', failedMountMessage(f));
      await this.sleep(RETRY_MS);
    }
  }

  private serialVolumes<T>(work: () => Promise<T>): Promise<T> {
    const next = this.volumeChain.then(work);
    this.volumeChain = next.catch(() => undefined);
    return next;
  }

  /** Runs a container until the restart policy lets it rest; true when it ended successfully (init containers). */
  private async supervise(container: Container, isInit: boolean): Promise<boolean> {
    const policy = this.pod.spec.restartPolicy ?? 'Always';
    let backoff: BackoffEntry | undefined;
    while (!this.stopping) {
      const run = await this.startContainer(container);
      if (!run) { await this.sleep(RETRY_MS); continue; }
      const exit = run.process ? await run.process.exited : undefined;
      const record = this.records.get(container.name)!;
      if (exit) record.state = terminatedState(exit, record);
      this.reportStatus();
      if (this.stopping) return false;
      if (run.reloading) continue;
      const code = 'terminated' in record.state ? record.state.terminated.exitCode : 1;
      if (isInit ? code === 0 : policy === 'Never' || (policy === 'OnFailure' && code === 0)) return code === 0;
      if (isInit && policy === 'Never') return false;

      const next = backoffAfterExit(this.ctx.backoff, backoff, Date.now());
      backoff = next.entry;
      if (next.waitMs > 0) {
        record.lastState = record.state as TerminatedState;
        record.state = { waiting: { reason: 'CrashLoopBackOff',
          message: `back-off ${formatBackoff(next.waitMs)} restarting failed container=${container.name} pod=${this.formatPod()}` } };
        this.ctx.events.record(this.ref, 'Warning', 'BackOff', `Back-off restarting failed container ${container.name} in pod ${this.formatPod()}`, fieldPath(this.pod, container));
        this.reportStatus();
        await this.sleep(next.waitMs, false);
      }
    }
    return false;
  }

  private waitWith(container: Container, reason: string, message: string): undefined {
    const record = this.records.get(container.name)!;
    if ('terminated' in record.state) record.lastState = record.state;
    record.state = { waiting: { reason, message } };
    this.ctx.events.record(this.ref, 'Warning', 'Failed', `Error: ${message}`, fieldPath(this.pod, container));
    this.reportStatus();
    return undefined;
  }

  /** Starts one run of the container, or leaves it waiting with the reason (undefined). */
  private async startContainer(container: Container): Promise<Run | undefined> {
    const resolved = resolveEnvironment({
      pod: this.pod, container, ...this.sources(), podIPs: [this.ctx.hostIP],
    });
    if ('error' in resolved) return this.waitWith(container, resolved.error.reason, resolved.error.message);
    const expanded = expandCommand(container.command, container.args, resolved.env);
    const argv = [...expanded.command, ...expanded.args];
    if (argv.length === 0) {
      return this.waitWith(container, 'CreateContainerError',
        `container ${container.name} has no command: arca runs containers as host processes and cannot run image ${JSON.stringify(container.image ?? '')}'s entrypoint; set command (or args) in the pod spec`);
    }
    const mounts = container.volumeMounts ?? [];
    if (mounts.length > 0 && this.ctx.mountUnsupported) return this.waitWith(container, 'CreateContainerError', this.ctx.mountUnsupported);

    const binds: BindMount[] = [];
    for (const mount of mounts) {
      let source = volumeDir(this.dir, mount.name);
      if (mount.subPath) {
        source = join(source, mount.subPath);
        if (!(await stat(source).catch(() => undefined))) await mkdir(source, { recursive: true });
        // Bound once, to what the path resolves to now: later updates never reach it (as in Kubernetes).
        source = await realpath(source);
      }
      const isFile = (await stat(source)).isFile();
      this.heldMountPoints.push(await this.ctx.mountPoints.acquire(mount.mountPath, isFile));
      binds.push({ source, target: mount.mountPath, readOnly: mount.readOnly === true });
    }
    if (container.workingDir) this.heldMountPoints.push(await this.ctx.mountPoints.acquire(container.workingDir, false));

    const record = this.records.get(container.name)!;
    const runs = this.runs.get(container.name) ?? {};
    const started = runs.current !== undefined;
    if (started) record.restartCount++;
    if ('terminated' in record.state) record.lastState = record.state;
    const logDir = join(this.dir, 'logs', container.name);
    await mkdir(logDir, { recursive: true });
    const logPath = join(logDir, `${record.restartCount}.log`);
    const env = { PATH: IMAGE_PATH, HOSTNAME: this.ref.name, HOME: '/root', ...resolved.env };
    const command = binds.length > 0 ? mountNamespaceCommand(binds, argv, container.workingDir, env) : argv;
    const containerID = `arca://${randomBytes(32).toString('hex')}`;
    record.containerID = containerID;
    const field = fieldPath(this.pod, container);
    let process: ContainerProcess | undefined;
    let logDone: Promise<void> = Promise.resolve();
    try {
      this.ctx.events.record(this.ref, 'Normal', 'Created', `Created container: ${container.name}`, field);
      process = await startContainerProcess({ argv: command, env, cwd: binds.length > 0 ? '/' : container.workingDir ?? '/', logPath });
      logDone = process.exited.then(() => undefined);
      record.state = { running: { startedAt: timestamp(process.startedAt) } };
      this.ctx.events.record(this.ref, 'Normal', 'Started', `Started container ${container.name}`, field);
    } catch (e) {
      const message = startErrorMessage(argv[0]!, e as NodeJS.ErrnoException);
      record.state = { terminated: { exitCode: 128, reason: 'StartError', message, startedAt: timestamp(new Date(0)), finishedAt: timestamp(), containerID } };
      this.ctx.events.record(this.ref, 'Warning', 'Failed', `Error: ${message}`, field);
    }
    const run: Run = { process, log: { path: logPath, finished: logDone }, reloading: false };
    if (process) run.exec = { pid: process.pid, env, workingDir: container.workingDir ?? '/', mountNamespace: binds.length > 0 };
    this.runs.set(container.name, { current: run, previous: runs.current });
    this.reportStatus();
    return run;
  }

  // ---- changes --------------------------------------------------------------------------------

  /** A newer version of the pod from the API. */
  update(pod: Pod): void {
    this.pod = { ...this.pod, metadata: pod.metadata };
    if (pod.metadata.deletionTimestamp) {
      void this.terminate((pod.metadata.deletionGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS) * 1000, true);
      return;
    }
    // Labels and annotations feed downwardAPI files.
    if (this.sandboxReady) void this.refreshVolumes(() => true);
  }

  /** A ConfigMap or Secret changed: rewrite the volumes reading it, wake waiting containers, reload consumers. */
  objectChanged(change: ObjectChange): void {
    if (change.namespace !== this.ref.namespace) return;
    const ref: ObjectReference = { kind: change.kind, name: change.name };
    if (!this.references.some((r) => r.kind === ref.kind && r.name === ref.name)) return;
    const refresh = this.sandboxReady
      ? this.refreshVolumes((v) => volumeObjectReferences(v).some((r) => r.kind === ref.kind && r.name === ref.name))
      : Promise.resolve();
    this.wake();
    void refresh.then(() => this.scheduleReload(ref));
  }

  private async refreshVolumes(only: Parameters<typeof writeVolumes>[3]): Promise<void> {
    const { failures } = await this.serialVolumes(() => writeVolumes(this.pod, this.dir, this.sources(), only));
    for (const f of failures) this.ctx.events.record(this.ref, 'Warning', 'FailedMount', failedMountMessage(f));
  }

  /** Renews the tokens that are due and rewrites the volumes projecting them. */
  private async renewTokens(): Promise<void> {
    if (this.stopping || !this.tokens.due(this.pod)) return;
    await this.tokens.refresh(this.pod);
    await this.refreshVolumes((v) => (v.projected?.sources ?? []).some((s) => s.serviceAccountToken));
  }

  private scheduleReload(ref: ObjectReference): void {
    if (reloadPolicy(this.pod.metadata.annotations).action === 'none' || this.stopping) return;
    this.pendingReload.set(`${ref.kind}/${ref.name}`, ref);
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => this.reload(), RELOAD_DEBOUNCE_MS);
  }

  private reload(): void {
    const changed = [...this.pendingReload.values()];
    this.pendingReload.clear();
    const policy = reloadPolicy(this.pod.metadata.annotations);
    if (this.stopping || policy.action === 'none') return;
    if (policy.action === 'invalid') { this.ctx.events.record(this.ref, 'Warning', 'InvalidReloadPolicy', policy.message); return; }
    for (const container of [...(this.pod.spec.initContainers ?? []), ...this.pod.spec.containers]) {
      const run = this.runs.get(container.name)?.current;
      const consumed = changed.filter((ref) => containerConsumes(this.pod, container, ref));
      if (!run?.process || !('running' in this.records.get(container.name)!.state) || consumed.length === 0) continue;
      const why = consumed.map((r) => `${r.kind === 'configmap' ? 'ConfigMap' : 'Secret'} ${this.ref.namespace}/${r.name} changed`).join(', ');
      const field = fieldPath(this.pod, container);
      if (policy.action === 'signal') {
        run.process.signal(policy.signal);
        this.ctx.events.record(this.ref, 'Normal', 'Signalled', `Sent ${policy.signal} to container ${container.name}: ${why}`, field);
      } else {
        run.reloading = true;
        this.ctx.events.record(this.ref, 'Normal', 'Reloaded', `Restarting container ${container.name}: ${why}`, field);
        void run.process.stop(this.graceMs());
      }
    }
  }

  private graceMs(): number {
    return (this.pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS) * 1000;
  }

  // ---- the end --------------------------------------------------------------------------------

  private terminating: Promise<void> | undefined;

  /** Stops every container (SIGTERM, SIGKILL after the grace period), cleans up, and optionally deletes the pod. */
  terminate(graceMs: number, deleteFromApi: boolean): Promise<void> {
    this.terminating ??= (async () => {
      this.stopping = true;
      this.wake();
      clearTimeout(this.reloadTimer);
      clearInterval(this.tokenTimer);
      const stops: Array<Promise<ProcessExit>> = [];
      for (const [name, runs] of this.runs) {
        const process = runs.current?.process;
        if (!process || !('running' in this.records.get(name)!.state)) continue;
        const container = [...(this.pod.spec.initContainers ?? []), ...this.pod.spec.containers].find((c) => c.name === name)!;
        this.ctx.events.record(this.ref, 'Normal', 'Killing', `Stopping container ${name}`, fieldPath(this.pod, container));
        stops.push(process.stop(graceMs));
      }
      await Promise.all(stops);
      await this.finished;
      await this.cleanup();
      if (deleteFromApi) {
        const path = `/api/v1/namespaces/${encodeURIComponent(this.ref.namespace)}/pods/${encodeURIComponent(this.ref.name)}`;
        await this.ctx.client.request('DELETE', path, { body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0, preconditions: { uid: this.uid } } })
          .catch((e) => { if (!(e instanceof ApiError && e.code === 404)) this.ctx.log(`arca agent: deleting pod ${this.describe()}: ${e.message} ${JSON.stringify(e.status ?? '')}`); });
      }
    })();
    return this.terminating;
  }

  private async cleanup(): Promise<void> {
    for (const held of this.heldMountPoints.splice(0)) await this.ctx.mountPoints.release(held);
    for (const r of this.references) this.ctx.objects.release(r.kind, this.ref.namespace, r.name);
    await this.ctx.events.flush();
    await rm(this.dir, { recursive: true, force: true });
  }

  // ---- reporting ------------------------------------------------------------------------------

  private reportStatus(): void {
    if (this.statusQueued) return;
    this.statusQueued = true;
    this.statusChain = this.statusChain.then(() => new Promise<void>((r) => setImmediate(r))).then(async () => {
      this.statusQueued = false;
      if (this.terminating) return;
      const containers = (list: Container[] | undefined) => (list ?? []).map((c) => this.records.get(c.name)!);
      const status = podStatus({
        pod: this.pod, initContainers: containers(this.pod.spec.initContainers), containers: containers(this.pod.spec.containers),
        sandboxReady: this.sandboxReady, hostIP: this.ctx.hostIP, podIP: this.ctx.hostIP, startTime: this.startTime,
        previousConditions: this.conditions, now: timestamp(),
      });
      this.conditions = status.conditions as PodCondition[];
      const path = `/api/v1/namespaces/${encodeURIComponent(this.ref.namespace)}/pods/${encodeURIComponent(this.ref.name)}/status`;
      await this.ctx.client.request('PATCH', path, { body: { status }, contentType: 'application/merge-patch+json' })
        .catch((e) => this.ctx.log(`arca agent: status of pod ${this.describe()}: ${(e as Error).message}`));
    });
  }

  /** The log `kubectl logs` asks for, or the kubelet's refusal. */
  logLocation(containerName: string, previous: boolean): LogLocation | { error: string } {
    const record = this.records.get(containerName);
    if (!record) return { error: `container ${containerName} is not valid for pod ${this.ref.name}` };
    const runs = this.runs.get(containerName);
    if (previous) {
      return runs?.previous ? runs.previous.log : { error: `previous terminated container "${containerName}" in pod "${this.ref.name}" not found` };
    }
    if (!runs?.current) {
      const reason = 'waiting' in record.state ? record.state.waiting.reason : '';
      return { error: `container "${containerName}" in pod "${this.ref.name}" is waiting to start: ${reason}` };
    }
    return runs.current.log;
  }

  /** Where `kubectl exec` runs its command, or the kubelet's refusal. */
  execTarget(containerName: string): ExecTarget | { error: string } {
    const record = this.records.get(containerName);
    const target = this.runs.get(containerName)?.current?.exec;
    if (!record || !target) return { error: `container not found (${JSON.stringify(containerName)})` };
    if (!('running' in record.state)) return { error: `container ${JSON.stringify(containerName)} in pod ${JSON.stringify(this.ref.name)} is not running` };
    return target;
  }

  // ---- waiting --------------------------------------------------------------------------------

  /** Sleeps for `ms`, or less when something changed (wakeable) or the pod is stopping. */
  private sleep(ms: number, wakeable = true): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); this.wakers.delete(wake); resolve(); };
      const wake = () => { if (wakeable || this.stopping) done(); };
      const timer = setTimeout(done, ms);
      this.wakers.add(wake);
    });
  }

  private wake(): void {
    for (const w of [...this.wakers]) w();
  }
}

/** The event fieldPath of a container: `spec.containers{name}` or `spec.initContainers{name}`. */
function fieldPath(pod: Pod, container: Container): string {
  const isInit = (pod.spec.initContainers ?? []).includes(container);
  return `spec.${isInit ? 'initContainers' : 'containers'}{${container.name}}`;
}

function terminatedState(exit: ProcessExit, record: ContainerRecord): TerminatedState {
  const startedAt = 'running' in record.state ? record.state.running.startedAt : undefined;
  return {
    terminated: {
      // Like containerd, a signal shows only in the exit code (128 + n).
      exitCode: exit.exitCode,
      reason: exit.exitCode === 0 ? 'Completed' : 'Error',
      ...(startedAt ? { startedAt } : {}), finishedAt: timestamp(exit.finishedAt),
      ...(record.containerID ? { containerID: record.containerID } : {}),
    },
  };
}

/** The runtime's words when the executable cannot be run. */
function startErrorMessage(executable: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return `failed to create containerd task: exec: "${executable}": executable file not found in $PATH`;
  if (error.code === 'EACCES') return `failed to create containerd task: exec: "${executable}": permission denied`;
  return `failed to start container: ${error.message}`;
}
