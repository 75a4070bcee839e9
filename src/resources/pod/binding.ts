// pods/binding: a scheduler's POST of a Binding sets spec.nodeName once (BindingREST.Create).
import { formatTime, type KubeObject } from '../../machinery/object.js';
import { errors, StatusError, successStatus } from '../../machinery/status.js';
import type { CustomHandler, CustomResponse } from '../types.js';
import type { Binding, Pod } from './schema.js';
import { validateBinding } from './validation/update.js';

const bindingResource = { group: '', resource: 'pods/binding' };

export const bindPod: CustomHandler = async (request): Promise<CustomResponse> => {
  const binding = request.body as Binding;
  const name = request.name!;
  const registry = request.registry;
  if (!registry) throw errors.internal('pods/binding needs the registry');
  binding.metadata ??= {};
  binding.metadata.namespace ||= request.namespace;
  if (binding.metadata.name !== name) throw errors.badRequest('name in URL does not match name in Binding object');
  const fieldErrors = validateBinding(binding);
  if (fieldErrors.length) throw errors.invalid({ group: '', kind: 'Binding' }, binding.metadata.name ?? '', fieldErrors);

  const pods = registry.kind('', 'Pod').store;
  const nodeName = binding.target.name!;
  try {
    await pods.update(request.namespace, name, await assigned(pods.get.bind(pods), request.namespace, name, binding, nodeName), {
      dryRun: request.dryRun, fieldManager: 'kube-scheduler',
    }, statusless);
  } catch (e) {
    if (e instanceof StatusError) throw e;
    throw errors.conflict(bindingResource, name, (e as Error).message);
  }
  return { code: 201, body: successStatus({}) };
};

/** The update BindingREST makes: nodeName, binding annotations/labels, PodScheduled=True. */
async function assigned(
  get: (ns: string | undefined, name: string) => Promise<KubeObject>, namespace: string | undefined, name: string, binding: Binding, nodeName: string,
): Promise<KubeObject> {
  const pod = (await get(namespace, name)) as Pod;
  if (binding.metadata.uid && binding.metadata.uid !== pod.metadata.uid) {
    throw errors.conflict({ group: '', resource: 'pods' }, name, `Precondition failed: UID in precondition: ${binding.metadata.uid}, UID in object meta: ${pod.metadata.uid}`);
  }
  if (pod.metadata.deletionTimestamp) throw new Error(`pod ${name} is being deleted, cannot be assigned to a host`);
  if (pod.spec?.nodeName) throw new Error(`pod ${name} is already assigned to node ${JSON.stringify(pod.spec.nodeName)}`);
  pod.spec = { ...pod.spec, nodeName };
  if (binding.metadata.annotations) pod.metadata.annotations = { ...pod.metadata.annotations, ...binding.metadata.annotations };
  if (binding.metadata.labels) pod.metadata.labels = { ...pod.metadata.labels, ...binding.metadata.labels };
  const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  const previous = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  conditions.push({
    type: 'PodScheduled', status: 'True', lastProbeTime: null,
    lastTransitionTime: previous?.status === 'True' ? previous.lastTransitionTime : formatTime(new Date()),
  });
  pod.status = { ...pod.status, conditions };
  return pod;
}

/**
 * A write path for the binding itself: spec.nodeName, metadata and the PodScheduled condition
 * change together, with metadata update rules only (the binding is the one writer of nodeName).
 */
const statusless = {
  name: 'binding', kind: 'Binding', verbs: ['create' as const],
  update: {
    prepare: () => undefined,
    validate: () => [],
  },
};
