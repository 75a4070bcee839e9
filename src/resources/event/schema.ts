// Event (core/v1): a report of something that happened to an object, shown by kubectl describe.
// Nested types carry their Go names as `$id` so OpenAPI (and kubectl explain) names them.
import { Type, type Static } from '@sinclair/typebox';
import { Time, TypeMetaFields } from '../../machinery/schemas/meta.js';

/** Field descriptions as upstream's swagger docs give them; the table columns reuse them. */
export const eventDocs = {
  involvedObject: 'The object that this event is about.',
  reason: 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.',
  message: 'A human-readable description of the status of this operation.',
  source: 'The component reporting this event. Should be a short machine understandable string.',
  firstTimestamp: 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
  lastTimestamp: 'The time at which the most recent occurrence of this event was recorded.',
  count: 'The number of times this event has occurred.',
  type: 'Type of this event (Normal, Warning), new types could be added in the future',
  fieldPath: 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.',
} as const;

/**
 * metav1.MicroTime: RFC 3339 with exactly six fractional digits, or null. Named by its full
 * component name (as kube-openapi publishes it).
 */
export const MicroTime = (description: string) =>
  Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { $id: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime', description });

const optionalString = (description: string) => Type.Optional(Type.String({ description }));

/** One ObjectReference schema per field, so that each field keeps its own description. */
const objectReference = (description: string) => Type.Object(
  {
    kind: optionalString('Kind of the referent. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds'),
    namespace: optionalString('Namespace of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/'),
    name: optionalString('Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names'),
    uid: optionalString('UID of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#uids'),
    apiVersion: optionalString('API version of the referent.'),
    resourceVersion: optionalString('Specific resourceVersion to which this reference is made, if any. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency'),
    fieldPath: optionalString(eventDocs.fieldPath),
  },
  { $id: 'ObjectReference', description, 'x-kubernetes-map-type': 'atomic' },
);

export const EventSource = Type.Object(
  {
    component: optionalString('Component from which the event is generated.'),
    host: optionalString('Node name on which the event is generated.'),
  },
  { $id: 'EventSource', description: eventDocs.source },
);

export const EventSeries = Type.Object(
  {
    count: Type.Optional(Type.Integer({ format: 'int32', description: 'Number of occurrences in this series up to the last heartbeat time' })),
    lastObservedTime: Type.Optional(MicroTime('Time of the last occurrence observed')),
  },
  { $id: 'EventSeries', description: 'Data about the Event series this event represents or nil if it\'s a singleton Event.' },
);

export const EventSchema = Type.Object(
  {
    ...TypeMetaFields,
    involvedObject: objectReference(eventDocs.involvedObject),
    reason: optionalString(eventDocs.reason),
    message: optionalString(eventDocs.message),
    source: Type.Optional(EventSource),
    firstTimestamp: Type.Optional(Time(eventDocs.firstTimestamp)),
    lastTimestamp: Type.Optional(Time(eventDocs.lastTimestamp)),
    count: Type.Optional(Type.Integer({ format: 'int32', description: eventDocs.count })),
    type: optionalString(eventDocs.type),
    eventTime: Type.Optional(MicroTime('Time when this Event was first observed.')),
    series: Type.Optional(EventSeries),
    action: optionalString('What action was taken/failed regarding to the Regarding object.'),
    related: Type.Optional(objectReference('Optional secondary object for more complex actions.')),
    reportingComponent: optionalString('Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.'),
    reportingInstance: optionalString('ID of the controller instance, e.g. `kubelet-xyzf`.'),
  },
  { description: 'Event is a report of an event somewhere in the cluster.  Events have a limited retention time and triggers and messages may evolve with time.  Event consumers should not rely on the timing of an event with a given Reason reflecting a consistent underlying trigger, or the continued existence of events with that Reason.  Events should be treated as informative, best-effort, supplemental data.' },
);

export type ObjectReference = Static<ReturnType<typeof objectReference>>;
export type Event = Static<typeof EventSchema> & { metadata: NonNullable<Static<typeof EventSchema>['metadata']> };
