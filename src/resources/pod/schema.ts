// Pod (core/v1): the fields Arca honours, in their wire shape. Nested types carry their Go names
// as `$id` (OpenAPI component names, kubectl explain); merge keys and list types are upstream's, so
// strategic merge patch merges containers by name, volumeMounts by mountPath, ports by containerPort.
// Fields Arca accepts but cannot honour are declared loosely (Type.Unknown) so validation can
// answer them with a clear error instead of an unknown-field one.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AtomicList, MergeList, StringMap, Time, TypeMetaFields } from '../../machinery/schemas/meta.js';

const str = (description: string, goType?: string) =>
  Type.Optional(Type.String(goType ? { description, 'x-go-type': goType } : { description }));
const int = (description: string) => Type.Optional(Type.Integer({ description }));
const bool = (description: string) => Type.Optional(Type.Boolean({ description }));
const loose = (description: string) => Type.Optional(Type.Unknown({ description }));
const strings = (description: string) => Type.Optional(AtomicList(Type.String(), description));
const named = <T extends TSchema>(list: T) => Type.Optional(list);

/** A resource.Quantity: a string on the wire (`250m`), sometimes a bare number. */
export const Quantity = Type.Union([Type.String(), Type.Number()], {
  $id: 'io.k8s.apimachinery.pkg.api.resource.Quantity', description: 'Quantity is a fixed-point representation of a number.',
});
const ResourceList = (description: string) => Type.Optional(Type.Record(Type.String(), Quantity, { description }));

export const LocalObjectReference = Type.Object(
  { name: Type.String({ description: 'Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty.' }) },
  { $id: 'LocalObjectReference', description: 'LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.', 'x-kubernetes-map-type': 'atomic' },
);

const ObjectFieldSelector = Type.Object(
  {
    apiVersion: str('Version of the schema the FieldPath is written in terms of, defaults to "v1".'),
    fieldPath: Type.String({ description: 'Path of the field to select in the specified API version.' }),
  },
  { $id: 'ObjectFieldSelector', description: 'ObjectFieldSelector selects an APIVersioned field of an object.', 'x-kubernetes-map-type': 'atomic' },
);

const ResourceFieldSelector = Type.Object(
  {
    containerName: str('Container name: required for volumes, optional for env vars'),
    resource: Type.String({ description: 'Required: resource to select' }),
    divisor: Type.Optional(Quantity),
  },
  { $id: 'ResourceFieldSelector', description: 'ResourceFieldSelector represents container resources (cpu, memory) and their output format', 'x-kubernetes-map-type': 'atomic' },
);

const keySelector = (id: string, what: string) => Type.Object(
  {
    name: str('Name of the referent.'),
    key: Type.String({ description: `The key of the ${what} to select from.` }),
    optional: bool(`Specify whether the ${what} or its key must be defined`),
  },
  { $id: id, description: `Selects a key from a ${what}.`, 'x-kubernetes-map-type': 'atomic' },
);

const EnvVar = Type.Object(
  {
    name: Type.String({ description: 'Name of the environment variable.' }),
    value: str('Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables.'),
    valueFrom: Type.Optional(Type.Object(
      {
        fieldRef: Type.Optional(ObjectFieldSelector),
        resourceFieldRef: Type.Optional(ResourceFieldSelector),
        configMapKeyRef: Type.Optional(keySelector('ConfigMapKeySelector', 'ConfigMap')),
        secretKeyRef: Type.Optional(keySelector('SecretKeySelector', 'Secret')),
      },
      { $id: 'EnvVarSource', description: 'EnvVarSource represents a source for the value of an EnvVar.' },
    )),
  },
  { $id: 'EnvVar', description: 'EnvVar represents an environment variable present in a Container.' },
);

const envSource = (id: string, what: string) => Type.Object(
  { name: str('Name of the referent.'), optional: bool(`Specify whether the ${what} must be defined`) },
  { $id: id, description: `Selects a ${what} to populate the environment variables with.` },
);

const EnvFromSource = Type.Object(
  {
    prefix: str('Optional text to prepend to the name of each environment variable.'),
    configMapRef: Type.Optional(envSource('ConfigMapEnvSource', 'ConfigMap')),
    secretRef: Type.Optional(envSource('SecretEnvSource', 'Secret')),
  },
  { $id: 'EnvFromSource', description: 'EnvFromSource represents the source of a set of ConfigMaps or Secrets' },
);

const VolumeMount = Type.Object(
  {
    name: Type.String({ description: 'This must match the Name of a Volume.' }),
    readOnly: bool('Mounted read-only if true, read-write otherwise (false or unspecified).'),
    mountPath: Type.String({ description: 'Path within the container at which the volume should be mounted.' }),
    subPath: str('Path within the volume from which the container\'s volume should be mounted.'),
    subPathExpr: str('Expanded path within the volume from which the container\'s volume should be mounted.'),
    mountPropagation: str('mountPropagation determines how mounts are propagated from the host to container and the other way around.'),
    recursiveReadOnly: str('RecursiveReadOnly specifies whether read-only mounts should be handled recursively.'),
  },
  { $id: 'VolumeMount', description: 'VolumeMount describes a mounting of a Volume within a container.' },
);

const ContainerPort = Type.Object(
  {
    name: str('If specified, this must be an IANA_SVC_NAME and unique within the pod.'),
    hostPort: int('Number of port to expose on the host.'),
    containerPort: Type.Integer({ description: 'Number of port to expose on the pod\'s IP address.' }),
    protocol: str('Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".'),
    hostIP: str('What host IP to bind the external port to.'),
  },
  { $id: 'ContainerPort', description: 'ContainerPort represents a network port in a single container.' },
);

const ResourceRequirements = Type.Object(
  {
    limits: ResourceList('Limits describes the maximum amount of compute resources allowed.'),
    requests: ResourceList('Requests describes the minimum amount of compute resources required.'),
    claims: loose('Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.'),
  },
  { $id: 'ResourceRequirements', description: 'ResourceRequirements describes the compute resource requirements.' },
);

export const Container = Type.Object(
  {
    name: Type.String({ description: 'Name of the container specified as a DNS_LABEL.' }),
    image: str('Container image name.'),
    command: strings('Entrypoint array. Not executed within a shell.'),
    args: strings('Arguments to the entrypoint.'),
    workingDir: str('Container\'s working directory.'),
    ports: named(Type.Array(ContainerPort, {
      description: 'List of ports to expose from the container.',
      'x-kubernetes-patch-merge-key': 'containerPort', 'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
    })),
    envFrom: strictList(EnvFromSource, 'List of sources to populate environment variables in the container.'),
    env: named(MergeList(EnvVar, 'name', 'List of environment variables to set in the container.')),
    resources: Type.Optional(ResourceRequirements),
    resizePolicy: loose('Resources resize policy for the container.'),
    restartPolicy: str('RestartPolicy defines the restart behavior of individual containers in a pod (init containers only: Always).'),
    volumeMounts: named(MergeList(VolumeMount, 'mountPath', 'Pod volumes to mount into the container\'s filesystem.')),
    volumeDevices: loose('volumeDevices is the list of block devices to be used by the container.'),
    livenessProbe: loose('Periodic probe of container liveness.'),
    readinessProbe: loose('Periodic probe of container service readiness.'),
    startupProbe: loose('StartupProbe indicates that the Pod has successfully initialized.'),
    lifecycle: loose('Actions that the management system should take in response to container lifecycle events.'),
    terminationMessagePath: str('Path at which the file to which the container\'s termination message will be written is mounted.'),
    terminationMessagePolicy: str('Indicate how the termination message should be populated. File or FallbackToLogsOnError.', 'v1.TerminationMessagePolicy'),
    imagePullPolicy: str('Image pull policy. One of Always, Never, IfNotPresent.', 'v1.PullPolicy'),
    securityContext: loose('SecurityContext defines the security options the container should be run with (accepted, not enforced by Arca).'),
    stdin: bool('Whether this container should allocate a buffer for stdin in the container runtime.'),
    stdinOnce: bool('Whether the container runtime should close the stdin channel after it has been opened by a single attach.'),
    tty: bool('Whether this container should allocate a TTY for itself, also requires \'stdin\' to be true.'),
  },
  { $id: 'Container', description: 'A single application container that you want to run within a pod.' },
);

function strictList<T extends TSchema>(items: T, description: string) {
  return Type.Optional(AtomicList(items, description));
}

const KeyToPath = Type.Object(
  {
    key: Type.String({ description: 'key is the key to project.' }),
    path: Type.String({ description: 'path is the relative path of the file to map the key to.' }),
    mode: int('mode is Optional: mode bits used to set permissions on this file.'),
  },
  { $id: 'KeyToPath', description: 'Maps a string key to a path within a volume.' },
);
const items = Type.Optional(AtomicList(KeyToPath, 'items: keys to project and the paths they take.'));
const defaultMode = int('defaultMode is optional: mode bits used to set permissions on created files by default (0-0777, decimal on the wire).');

const DownwardAPIVolumeFile = Type.Object(
  {
    path: Type.String({ description: 'Required: Path is the relative path name of the file to be created.' }),
    fieldRef: Type.Optional(ObjectFieldSelector),
    resourceFieldRef: Type.Optional(ResourceFieldSelector),
    mode: int('Optional: mode bits used to set permissions on this file.'),
  },
  { $id: 'DownwardAPIVolumeFile', description: 'DownwardAPIVolumeFile represents information to create the file containing the pod field' },
);
const downwardItems = Type.Optional(AtomicList(DownwardAPIVolumeFile, 'Items is a list of downward API volume file'));

const VolumeProjection = Type.Object(
  {
    secret: Type.Optional(Type.Object({ name: str('Name of the referent.'), items, optional: bool('optional field specify whether the Secret or its key must be defined') }, { $id: 'SecretProjection', description: 'Adapts a secret into a projected volume.' })),
    configMap: Type.Optional(Type.Object({ name: str('Name of the referent.'), items, optional: bool('optional specify whether the ConfigMap or its keys must be defined') }, { $id: 'ConfigMapProjection', description: 'Adapts a ConfigMap into a projected volume.' })),
    downwardAPI: Type.Optional(Type.Object({ items: downwardItems }, { $id: 'DownwardAPIProjection', description: 'Represents downward API info for projecting into a projected volume.' })),
    serviceAccountToken: Type.Optional(Type.Object(
      {
        audience: str('audience is the intended audience of the token.'),
        expirationSeconds: int('expirationSeconds is the requested duration of validity of the service account token.'),
        path: Type.String({ description: 'path is the path relative to the mount point of the file to project the token into.' }),
      },
      { $id: 'ServiceAccountTokenProjection', description: 'ServiceAccountTokenProjection represents a projected service account token volume.' },
    )),
    clusterTrustBundle: loose('ClusterTrustBundle allows a pod to access the `.spec.trustBundle` field of ClusterTrustBundle objects (not supported by Arca).'),
  },
  { $id: 'VolumeProjection', description: 'Projection that may be projected along with other supported volume types.' },
);

/** Volume sources Arca serves. */
export const SUPPORTED_VOLUME_SOURCES = ['configMap', 'downwardAPI', 'emptyDir', 'projected', 'secret'] as const;
/** Upstream volume sources Arca cannot provide; accepted by the schema so validation can say so. */
export const UNSUPPORTED_VOLUME_SOURCES = [
  'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO',
  'storageos', 'csi', 'ephemeral', 'image',
] as const;

export const Volume = Type.Object(
  {
    name: Type.String({ description: 'name of the volume. Must be a DNS_LABEL and unique within the pod.' }),
    configMap: Type.Optional(Type.Object(
      { name: str('Name of the referent.'), items, defaultMode, optional: bool('optional specify whether the ConfigMap or its keys must be defined') },
      { $id: 'ConfigMapVolumeSource', description: 'Adapts a ConfigMap into a volume.' },
    )),
    secret: Type.Optional(Type.Object(
      { secretName: str('secretName is the name of the secret in the pod\'s namespace to use.'), items, defaultMode, optional: bool('optional field specify whether the Secret or its keys must be defined') },
      { $id: 'SecretVolumeSource', description: 'Adapts a Secret into a volume.' },
    )),
    projected: Type.Optional(Type.Object(
      { sources: Type.Optional(AtomicList(VolumeProjection, 'sources is the list of volume projections.')), defaultMode },
      { $id: 'ProjectedVolumeSource', description: 'Represents a projected volume source' },
    )),
    downwardAPI: Type.Optional(Type.Object(
      { items: downwardItems, defaultMode },
      { $id: 'DownwardAPIVolumeSource', description: 'DownwardAPIVolumeSource represents a volume containing downward API info.' },
    )),
    emptyDir: Type.Optional(Type.Object(
      { medium: str('medium represents what type of storage medium should back this directory.', 'v1.StorageMedium'), sizeLimit: Type.Optional(Quantity) },
      { $id: 'EmptyDirVolumeSource', description: 'Represents an empty directory for a pod.' },
    )),
    ...Object.fromEntries(UNSUPPORTED_VOLUME_SOURCES.map((s) => [s, loose(`${s} volumes are not supported by Arca.`)])),
  },
  { $id: 'Volume', description: 'Volume represents a named volume in a pod that may be accessed by any container in the pod.' },
);

const Toleration = Type.Object(
  {
    key: str('Key is the taint key that the toleration applies to.'),
    operator: str('Operator represents a key\'s relationship to the value. Exists or Equal.', 'v1.TolerationOperator'),
    value: str('Value is the taint value the toleration matches to.'),
    effect: str('Effect indicates the taint effect to match.', 'v1.TaintEffect'),
    tolerationSeconds: int('TolerationSeconds represents the period of time the toleration tolerates the taint.'),
  },
  { $id: 'Toleration', description: 'The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect>.' },
);

export const PodSpec = Type.Object(
  {
    volumes: named(MergeList(Volume, 'name', 'List of volumes that can be mounted by containers belonging to the pod.', true)),
    initContainers: named(MergeList(Container, 'name', 'List of initialization containers belonging to the pod.')),
    containers: named(MergeList(Container, 'name', 'List of containers belonging to the pod.')),
    ephemeralContainers: loose('List of ephemeral containers run in this pod (not supported by Arca).'),
    restartPolicy: str('Restart policy for all containers within the pod. One of Always, OnFailure, Never.', 'v1.RestartPolicy'),
    terminationGracePeriodSeconds: int('Optional duration in seconds the pod needs to terminate gracefully. Defaults to 30 seconds.'),
    activeDeadlineSeconds: int('Optional duration in seconds the pod may be active on the node relative to StartTime.'),
    dnsPolicy: str('Set DNS policy for the pod. Defaults to "ClusterFirst".', 'v1.DNSPolicy'),
    dnsConfig: loose('Specifies the DNS parameters of a pod (accepted).'),
    nodeSelector: Type.Optional(StringMap('NodeSelector is a selector which must be true for the pod to fit on a node (accepted).')),
    serviceAccountName: str('ServiceAccountName is the name of the ServiceAccount to use to run this pod.'),
    serviceAccount: str('DeprecatedServiceAccount is a deprecated alias for ServiceAccountName.'),
    automountServiceAccountToken: bool('AutomountServiceAccountToken indicates whether a service account token should be automatically mounted.'),
    nodeName: str('NodeName indicates in which node this pod is scheduled.'),
    hostNetwork: bool('Host networking requested for this pod (not supported by Arca).'),
    hostPID: bool('Use the host\'s pid namespace (not supported by Arca).'),
    hostIPC: bool('Use the host\'s ipc namespace (not supported by Arca).'),
    securityContext: loose('SecurityContext holds pod-level security attributes (accepted, not enforced by Arca).'),
    imagePullSecrets: named(MergeList(LocalObjectReference, 'name', 'ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec.')),
    hostname: str('Specifies the hostname of the Pod.'),
    subdomain: str('If specified, the fully qualified Pod hostname will be "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>".'),
    affinity: loose('If specified, the pod\'s scheduling constraints (accepted).'),
    schedulerName: str('If specified, the pod will be dispatched by specified scheduler.'),
    tolerations: Type.Optional(AtomicList(Toleration, 'If specified, the pod\'s tolerations.')),
    priorityClassName: str('If specified, indicates the pod\'s priority.'),
    priority: int('The priority value.'),
    preemptionPolicy: str('PreemptionPolicy is the Policy for preempting pods with lower priority.', 'v1.PreemptionPolicy'),
    enableServiceLinks: bool('EnableServiceLinks indicates whether information about services should be injected into pod\'s environment variables.'),
    readinessGates: loose('If specified, all readiness gates will be evaluated for pod readiness.'),
  },
  { $id: 'PodSpec', description: 'PodSpec is a description of a pod.' },
);

const ContainerState = Type.Object(
  {
    waiting: Type.Optional(Type.Object({ reason: str('(brief) reason the container is not yet running.'), message: str('Message regarding why the container is not yet running.') }, { $id: 'ContainerStateWaiting', description: 'ContainerStateWaiting is a waiting state of a container.' })),
    running: Type.Optional(Type.Object({ startedAt: Type.Optional(Time('Time at which the container was last (re-)started')) }, { $id: 'ContainerStateRunning', description: 'ContainerStateRunning is a running state of a container.' })),
    terminated: Type.Optional(Type.Object(
      {
        exitCode: Type.Integer({ description: 'Exit status from the last termination of the container' }),
        signal: int('Signal from the last termination of the container'),
        reason: str('(brief) reason from the last termination of the container'),
        message: str('Message regarding the last termination of the container'),
        startedAt: Type.Optional(Time('Time at which previous execution of the container started')),
        finishedAt: Type.Optional(Time('Time at which the container last terminated')),
        containerID: str('Container\'s ID in the format \'<type>://<container_id>\''),
      },
      { $id: 'ContainerStateTerminated', description: 'ContainerStateTerminated is a terminated state of a container.' },
    )),
  },
  { $id: 'ContainerState', description: 'ContainerState holds a possible state of container.' },
);

const ContainerStatus = Type.Object(
  {
    name: Type.String({ description: 'Name is a DNS_LABEL representing the unique name of the container.' }),
    state: Type.Optional(ContainerState),
    lastState: Type.Optional(ContainerState),
    ready: Type.Boolean({ description: 'Ready specifies whether the container is currently passing its readiness check.' }),
    restartCount: Type.Integer({ description: 'RestartCount holds the number of times the container has been restarted.' }),
    image: Type.String({ description: 'Image is the name of container image that the container is running.' }),
    imageID: Type.String({ description: 'ImageID is the image ID of the container\'s image.' }),
    containerID: str('ContainerID is the ID of the container in the format \'<type>://<container_id>\'.'),
    started: bool('Started indicates whether the container has finished its postStart lifecycle hook and passed its startup probe.'),
  },
  { $id: 'ContainerStatus', description: 'ContainerStatus contains details for the current status of this container.' },
);

const PodCondition = Type.Object(
  {
    type: Type.String({ description: 'Type is the type of the condition.', 'x-go-type': 'v1.PodConditionType' }),
    status: Type.String({ description: 'Status is the status of the condition. Can be True, False, Unknown.', 'x-go-type': 'v1.ConditionStatus' }),
    lastProbeTime: Type.Optional(Time('Last time we probed the condition.')),
    lastTransitionTime: Type.Optional(Time('Last time the condition transitioned from one status to another.')),
    reason: str('Unique, one-word, CamelCase reason for the condition\'s last transition.'),
    message: str('Human-readable message indicating details about last transition.'),
  },
  { $id: 'PodCondition', description: 'PodCondition contains details for the current condition of this pod.' },
);

const IPList = (id: string, description: string) => Type.Optional(Type.Array(
  Type.Object({ ip: Type.String({ description: 'IP is the IP address assigned.' }) }, { $id: id, description: `${id} represents a single IP address.` }),
  { description, 'x-kubernetes-patch-merge-key': 'ip', 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['ip'] },
));

const statusList = (description: string) => Type.Optional(AtomicList(ContainerStatus, description));

export const PodStatus = Type.Object(
  {
    phase: str('The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle.', 'v1.PodPhase'),
    conditions: named(MergeList(PodCondition, 'type', 'Current service state of pod.')),
    message: str('A human readable message indicating details about why the pod is in this condition.'),
    reason: str('A brief CamelCase message indicating details about why the pod is in this state.'),
    nominatedNodeName: str('nominatedNodeName is set only when this pod preempts other pods on the node.'),
    hostIP: str('hostIP holds the IP address of the host to which the pod is assigned.'),
    hostIPs: IPList('HostIP', 'hostIPs holds the IP addresses allocated to the host.'),
    podIP: str('podIP address allocated to the pod.'),
    podIPs: IPList('PodIP', 'podIPs holds the IP addresses allocated to the pod.'),
    startTime: Type.Optional(Time('RFC 3339 date and time at which the object was acknowledged by the Kubelet.')),
    initContainerStatuses: statusList('Statuses of init containers in this pod.'),
    containerStatuses: statusList('Statuses of containers in this pod.'),
    qosClass: str('The Quality of Service (QOS) classification assigned to the pod based on resource requirements.', 'v1.PodQOSClass'),
  },
  { $id: 'PodStatus', description: 'PodStatus represents information about the status of a pod.' },
);

export const PodSchema = Type.Object(
  { ...TypeMetaFields, spec: Type.Optional(PodSpec), status: Type.Optional(PodStatus) },
  { description: 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.' },
);

export const BindingSchema = Type.Object(
  {
    ...TypeMetaFields,
    target: Type.Object(
      {
        kind: str('Kind of the referent.'),
        namespace: str('Namespace of the referent.'),
        name: str('Name of the referent.'),
        uid: str('UID of the referent.'),
        apiVersion: str('API version of the referent.'),
        resourceVersion: str('Specific resourceVersion to which this reference is made, if any.'),
        fieldPath: str('If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.'),
      },
      { description: 'The target object that you want to bind to the standard object.' },
    ),
  },
  { description: 'Binding ties one object to another; for example, a pod is bound to a node by a scheduler.' },
);

export type PodSpecShape = Static<typeof PodSpec>;
export type ContainerShape = Static<typeof Container>;
export type VolumeShape = Static<typeof Volume> & Record<string, unknown>;
export type PodStatusShape = Static<typeof PodStatus>;
export type ContainerStatusShape = Static<typeof ContainerStatus>;
export type Pod = Static<typeof PodSchema> & { metadata: NonNullable<Static<typeof PodSchema>['metadata']> };
export type Binding = Static<typeof BindingSchema> & { metadata: NonNullable<Static<typeof BindingSchema>['metadata']> };

export const DEFAULT_SCHEDULER = 'default-scheduler';
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
