// The status the agent reports for a pod, computed from what it knows of each container: the
// kubelet's generateAPIPodStatus, getPhase and the Initialized/ContainersReady/Ready condition
// generators (no probes here: a running container is ready).
import type { Pod } from './pod-types.js';

export interface WaitingState { waiting: { reason: string; message?: string } }
export interface RunningState { running: { startedAt: string } }
export interface TerminatedState {
  terminated: { exitCode: number; signal?: number; reason: string; message?: string; startedAt?: string; finishedAt: string; containerID?: string };
}
export type ContainerState = WaitingState | RunningState | TerminatedState;

/** What the agent tracks per container between syncs. */
export interface ContainerRecord {
  name: string;
  image: string;
  state: ContainerState;
  lastState?: TerminatedState;
  restartCount: number;
  containerID?: string;
}

export interface PodCondition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
  lastProbeTime: null;
  lastTransitionTime: string;
}

export interface PodStatusInput {
  pod: Pod;
  initContainers: ContainerRecord[];
  containers: ContainerRecord[];
  /** Volumes are set up and processes may start (PodReadyToStartContainers). */
  sandboxReady: boolean;
  hostIP: string;
  podIP: string;
  startTime: string;
  /** The conditions reported before, whose transition times carry over when unchanged. */
  previousConditions?: PodCondition[];
  now: string;
}

const isRunning = (s: ContainerState): s is RunningState => 'running' in s;
const isTerminated = (s: ContainerState): s is TerminatedState => 'terminated' in s;

/** getPhase for a pod that is not being deleted. */
export function podPhase(pod: Pod, init: ContainerRecord[], containers: ContainerRecord[]): string {
  let pendingInitialization = 0;
  let failedInitialization = 0;
  for (const spec of pod.spec.initContainers ?? []) {
    const record = init.find((r) => r.name === spec.name);
    if (!record || isRunning(record.state)) pendingInitialization++;
    else if (isTerminated(record.state)) { if (record.state.terminated.exitCode !== 0) failedInitialization++; }
    else if (record.lastState) { if (record.lastState.terminated.exitCode !== 0) failedInitialization++; }
    else pendingInitialization++;
  }
  let unknown = 0, running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const spec of pod.spec.containers) {
    const record = containers.find((r) => r.name === spec.name);
    if (!record) unknown++;
    else if (isRunning(record.state)) running++;
    else if (isTerminated(record.state)) { stopped++; if (record.state.terminated.exitCode === 0) succeeded++; }
    else if (record.lastState) stopped++;
    else waiting++;
  }
  const restartPolicy = pod.spec.restartPolicy ?? 'Always';
  if (failedInitialization > 0 && restartPolicy === 'Never') return 'Failed';
  if (pendingInitialization > 0 || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    return restartPolicy === 'Never' ? 'Failed' : 'Running';
  }
  return 'Pending';
}

const listed = (names: string[]) => `[${names.join(' ')}]`;

function condition(type: string, ok: boolean, reason?: string, message?: string): Omit<PodCondition, 'lastTransitionTime'> {
  return { type, status: ok ? 'True' : 'False', ...(reason ? { reason } : {}), ...(message ? { message } : {}), lastProbeTime: null };
}

export function podConditions(input: PodStatusInput, phase: string): PodCondition[] {
  const incomplete = (input.pod.spec.initContainers ?? []).map((c) => c.name).filter((name) => {
    const record = input.initContainers.find((r) => r.name === name);
    return !(record && isTerminated(record.state) && record.state.terminated.exitCode === 0);
  });
  const unready = input.pod.spec.containers.map((c) => c.name).filter((name) => {
    const record = input.containers.find((r) => r.name === name);
    return !(record && isRunning(record.state));
  });
  const initialized = incomplete.length === 0
    ? condition('Initialized', true)
    : condition('Initialized', false, 'ContainersNotInitialized', `containers with incomplete status: ${listed(incomplete)}`);
  const ready = (type: string) => {
    if (phase === 'Succeeded') return condition(type, false, 'PodCompleted');
    if (phase === 'Failed') return condition(type, false, 'PodFailed');
    return unready.length === 0
      ? condition(type, true)
      : condition(type, false, 'ContainersNotReady', `containers with unready status: ${listed(unready)}`);
  };
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const fresh = [
    condition('PodReadyToStartContainers', input.sandboxReady && !terminal),
    initialized,
    ready('Ready'),
    ready('ContainersReady'),
    condition('PodScheduled', true),
  ];
  return fresh.map((c) => {
    const before = input.previousConditions?.find((p) => p.type === c.type);
    return { ...c, lastTransitionTime: before && before.status === c.status ? before.lastTransitionTime : input.now };
  });
}

function containerStatus(record: ContainerRecord) {
  return {
    name: record.name,
    state: record.state,
    lastState: record.lastState ?? {},
    ready: isRunning(record.state),
    restartCount: record.restartCount,
    image: record.image,
    imageID: '',
    ...(record.containerID ? { containerID: record.containerID } : {}),
    started: isRunning(record.state),
  };
}

/** The whole `status` the agent writes through pods/status. */
export function podStatus(input: PodStatusInput): Record<string, unknown> {
  const phase = podPhase(input.pod, input.initContainers, input.containers);
  const status: Record<string, unknown> = {
    phase,
    conditions: podConditions(input, phase),
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    podIP: input.podIP,
    podIPs: [{ ip: input.podIP }],
    startTime: input.startTime,
    containerStatuses: input.containers.map(containerStatus),
  };
  if (input.initContainers.length > 0) status.initContainerStatuses = input.initContainers.map(containerStatus);
  return status;
}
