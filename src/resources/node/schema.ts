// Node (core/v1, cluster-scoped): where pods run. Arca's node agents register one each and
// report readiness, capacity, addresses and their daemon endpoint in status.
import { Type, type Static } from '@sinclair/typebox';
import { AtomicList, Time, TypeMetaFields } from '../../machinery/schemas/meta.js';
import { Quantity } from '../pod/schema.js';

const str = (description: string) => Type.Optional(Type.String({ description }));
const ResourceList = (description: string) => Type.Optional(Type.Record(Type.String(), Quantity, { description }));

const Taint = Type.Object(
  {
    key: Type.String({ description: 'Required. The taint key to be applied to a node.' }),
    value: str('The taint value corresponding to the taint key.'),
    effect: Type.String({ description: 'Required. The effect of the taint on pods that do not tolerate the taint.', 'x-go-type': 'v1.TaintEffect' }),
    timeAdded: Type.Optional(Time('TimeAdded represents the time at which the taint was added.')),
  },
  { $id: 'Taint', description: 'The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint.' },
);

const NodeCondition = Type.Object(
  {
    type: Type.String({ description: 'Type of node condition.', 'x-go-type': 'v1.NodeConditionType' }),
    status: Type.String({ description: 'Status of the condition, one of True, False, Unknown.', 'x-go-type': 'v1.ConditionStatus' }),
    lastHeartbeatTime: Type.Optional(Time('Last time we got an update on a given condition.')),
    lastTransitionTime: Type.Optional(Time('Last time the condition transit from one status to another.')),
    reason: str('(brief) reason for the condition\'s last transition.'),
    message: str('Human readable message indicating details about last transition.'),
  },
  { $id: 'NodeCondition', description: 'NodeCondition contains condition information for a node.' },
);

const NodeAddress = Type.Object(
  {
    type: Type.String({ description: 'Node address type, one of Hostname, ExternalIP or InternalIP.', 'x-go-type': 'v1.NodeAddressType' }),
    address: Type.String({ description: 'The node address.' }),
  },
  { $id: 'NodeAddress', description: 'NodeAddress contains information for the node\'s address.' },
);

const NodeSystemInfo = Type.Object(
  {
    machineID: str('MachineID reported by the node.'),
    systemUUID: str('SystemUUID reported by the node.'),
    bootID: str('Boot ID reported by the node.'),
    kernelVersion: str('Kernel Version reported by the node from \'uname -r\'.'),
    osImage: str('OS Image reported by the node from /etc/os-release.'),
    containerRuntimeVersion: str('ContainerRuntime Version reported by the node through runtime remote API.'),
    kubeletVersion: str('Kubelet Version reported by the node.'),
    kubeProxyVersion: str('Deprecated: KubeProxy Version reported by the node.'),
    operatingSystem: str('The Operating System reported by the node'),
    architecture: str('The Architecture reported by the node'),
  },
  { $id: 'NodeSystemInfo', description: 'NodeSystemInfo is a set of ids/uuids to uniquely identify the node.' },
);

export const NodeSchema = Type.Object(
  {
    ...TypeMetaFields,
    spec: Type.Optional(Type.Object(
      {
        podCIDR: str('PodCIDR represents the pod IP range assigned to the node.'),
        podCIDRs: Type.Optional(Type.Array(Type.String(), { description: 'podCIDRs represents the IP ranges assigned to the node.', 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' })),
        providerID: str('ID of the node assigned by the cloud provider.'),
        unschedulable: Type.Optional(Type.Boolean({ description: 'Unschedulable controls node schedulability of new pods.' })),
        taints: Type.Optional(AtomicList(Taint, 'If specified, the node\'s taints.')),
      },
      { $id: 'NodeSpec', description: 'NodeSpec describes the attributes that a node is created with.' },
    )),
    status: Type.Optional(Type.Object(
      {
        capacity: ResourceList('Capacity represents the total resources of a node.'),
        allocatable: ResourceList('Allocatable represents the resources of a node that are available for scheduling. Defaults to Capacity.'),
        phase: str('NodePhase is the recently observed lifecycle phase of the node.'),
        conditions: Type.Optional(Type.Array(NodeCondition, {
          description: 'Conditions is an array of current observed node conditions.',
          'x-kubernetes-patch-merge-key': 'type', 'x-kubernetes-patch-strategy': 'merge',
          'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'],
        })),
        addresses: Type.Optional(Type.Array(NodeAddress, {
          description: 'List of addresses reachable to the node.',
          'x-kubernetes-patch-merge-key': 'type', 'x-kubernetes-patch-strategy': 'merge',
          'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'],
        })),
        daemonEndpoints: Type.Optional(Type.Object(
          {
            kubeletEndpoint: Type.Optional(Type.Object(
              { Port: Type.Integer({ description: 'Port number of the given endpoint.' }) },
              { $id: 'DaemonEndpoint', description: 'DaemonEndpoint contains information about a single Daemon endpoint.' },
            )),
          },
          { $id: 'NodeDaemonEndpoints', description: 'NodeDaemonEndpoints lists ports opened by daemons running on the Node.' },
        )),
        nodeInfo: Type.Optional(NodeSystemInfo),
      },
      { $id: 'NodeStatus', description: 'NodeStatus is information about the current status of a node.' },
    )),
  },
  { description: 'Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).' },
);

export type Node = Static<typeof NodeSchema> & { metadata: NonNullable<Static<typeof NodeSchema>['metadata']> };

/** Whether the node reports Ready=True and accepts new pods. */
export function isNodeReady(node: Node): boolean {
  return (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}
