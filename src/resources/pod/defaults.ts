// Pod defaulting as the v1 API applies it on every write (pkg/apis/core/v1/defaults.go), plus the
// pod fields kube-apiserver's default admission chain fills in (Priority, DefaultTolerationSeconds).
import {
  DEFAULT_SCHEDULER, DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS, type ContainerShape, type Pod, type PodSpecShape, type VolumeShape,
} from './schema.js';

const DEFAULT_FILE_MODE = 420; // 0644
const DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600;

/** SetDefaults_Pod / _PodSpec / _Container and the volume source defaults, in place. */
export function applyPodDefaults(pod: Pod): void {
  const spec: PodSpecShape = (pod.spec ??= {});
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  spec.schedulerName ||= DEFAULT_SCHEDULER;
  spec.enableServiceLinks ??= true;
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) defaultContainer(container);
  for (const volume of spec.volumes ?? []) defaultVolume(volume as VolumeShape);
}

/** What the Priority and DefaultTolerationSeconds admission plugins add to a new pod. */
export function applyCreateAdmissionDefaults(pod: Pod): void {
  const spec: PodSpecShape = (pod.spec ??= {});
  if (!spec.priorityClassName && spec.priority === undefined) spec.priority = 0;
  spec.preemptionPolicy ||= 'PreemptLowerPriority';
  const tolerations = (spec.tolerations ??= []);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const tolerated = tolerations.some((t) => (t.effect === 'NoExecute' || !t.effect) && (t.key === key || (!t.key && t.operator === 'Exists')));
    if (!tolerated) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
}

function defaultContainer(c: ContainerShape): void {
  c.imagePullPolicy ||= defaultPullPolicy(c.image ?? '');
  c.terminationMessagePath ||= '/dev/termination-log';
  c.terminationMessagePolicy ||= 'File';
  c.resources ??= {};
  // Limits without requests make requests equal to limits.
  const limits = c.resources.limits;
  if (limits && Object.keys(limits).length) {
    const requests = (c.resources.requests ??= {});
    for (const [name, value] of Object.entries(limits)) if (!Object.hasOwn(requests, name)) requests[name] = value;
  }
  for (const port of c.ports ?? []) port.protocol ||= 'TCP';
  for (const env of c.env ?? []) if (env.valueFrom?.fieldRef) env.valueFrom.fieldRef.apiVersion ||= 'v1';
}

/** `:latest` (or no tag and no digest) pulls Always; anything else IfNotPresent. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const withoutDigest = image.split('@')[0]!;
  const hasDigest = withoutDigest !== image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? withoutDigest.slice(colon + 1) : hasDigest ? '' : 'latest';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultVolume(v: VolumeShape): void {
  if (v.configMap) v.configMap.defaultMode ??= DEFAULT_FILE_MODE;
  if (v.secret) v.secret.defaultMode ??= DEFAULT_FILE_MODE;
  if (v.downwardAPI) {
    v.downwardAPI.defaultMode ??= DEFAULT_FILE_MODE;
    for (const item of v.downwardAPI.items ?? []) if (item.fieldRef) item.fieldRef.apiVersion ||= 'v1';
  }
  if (v.projected) {
    v.projected.defaultMode ??= DEFAULT_FILE_MODE;
    for (const source of v.projected.sources ?? []) {
      if (source.serviceAccountToken) source.serviceAccountToken.expirationSeconds ??= DEFAULT_TOKEN_EXPIRATION_SECONDS;
      for (const item of source.downwardAPI?.items ?? []) if (item.fieldRef) item.fieldRef.apiVersion ||= 'v1';
    }
  }
}
