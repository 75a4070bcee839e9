// A Pod-shaped schema for the managed-fields tests: containers merge by name, ports by
// containerPort, args are atomic, containers (no omitempty in Go) are required.
import { Type } from '@sinclair/typebox';
import { AtomicList, MergeList, TypeMetaFields } from '../../../../src/machinery/schemas/meta.js';

const ContainerPort = Type.Object({
  containerPort: Type.Integer(),
  protocol: Type.Optional(Type.String({ default: 'TCP' })),
  name: Type.Optional(Type.String()),
});

const EnvVar = Type.Object({ name: Type.String(), value: Type.Optional(Type.String()) });

const Container = Type.Object({
  name: Type.String(),
  image: Type.Optional(Type.String()),
  args: Type.Optional(AtomicList(Type.String(), 'Arguments.')),
  env: Type.Optional(MergeList(EnvVar, 'name', 'Environment.')),
  ports: Type.Optional(Type.Array(ContainerPort, {
    'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
  })),
  resources: Type.Optional(Type.Object({ limits: Type.Optional(Type.Record(Type.String(), Type.String())) })),
});

export const PodLikeSchema = Type.Object({
  ...TypeMetaFields,
  spec: Type.Optional(Type.Object({
    containers: MergeList(Container, 'name', 'Containers.'),
    restartPolicy: Type.Optional(Type.String()),
    nodeSelector: Type.Optional(Type.Record(Type.String(), Type.String(), { 'x-kubernetes-map-type': 'atomic' })),
  })),
  status: Type.Optional(Type.Object({ phase: Type.Optional(Type.String()) })),
});
