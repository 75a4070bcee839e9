// The downward API values env variables and volume files share: pod metadata by field path
// (pkg/fieldpath) and container resources divided by a divisor (pkg/api/v1/resource).
import { goQuote } from '../machinery/go-format.js';
import { isQualifiedName } from '../machinery/validation/names.js';
import { ceilQuotient, isZeroQuantity, parseQuantityValue, type Quantity } from './quantity.js';
import type { Container, Pod, ResourceFieldSelector, ResourceList } from './pod-types.js';

export type ValueResult = { value: string } | { error: string };

/** `metadata.labels['key']` → path and subscript; anything else is not subscripted. */
export function splitSubscriptedPath(fieldPath: string): { path: string; subscript: string } | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const inner = fieldPath.slice(0, -2);
  const open = inner.indexOf("['");
  if (open <= 0) return undefined;
  return { path: inner.slice(0, open), subscript: inner.slice(open + 2) };
}

/** `key="value"` lines, keys sorted, values Go-quoted, no trailing newline. */
export function formatMap(map: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(map ?? {}).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return keys.map((key) => `${key}=${goQuote(map![key]!)}`).join('\n');
}

function subscriptValue(fieldPath: string, map: Readonly<Record<string, string>> | undefined, key: string,
  keyToCheck: string): ValueResult {
  const errs = isQualifiedName(keyToCheck);
  if (errs.length > 0) return { error: `invalid key subscript in ${fieldPath}: ${errs.join(';')}` };
  // A missing label or annotation is an empty value, not an error.
  return { value: map !== undefined && Object.hasOwn(map, key) ? map[key]! : '' };
}

/** fieldpath.ExtractFieldPathAsString for a pod: the metadata paths both env and volumes support. */
export function extractFieldPathAsString(pod: Pod, fieldPath: string): ValueResult {
  const meta = pod.metadata ?? {};
  const subscripted = splitSubscriptedPath(fieldPath);
  if (subscripted) {
    const { path, subscript } = subscripted;
    // Annotation keys are checked lower-cased (they may carry upper case); label keys as they are.
    if (path === 'metadata.annotations') return subscriptValue(fieldPath, meta.annotations, subscript, subscript.toLowerCase());
    if (path === 'metadata.labels') return subscriptValue(fieldPath, meta.labels, subscript, subscript);
    return { error: `fieldPath ${goQuote(fieldPath)} does not support subscript` };
  }
  switch (fieldPath) {
    case 'metadata.annotations': return { value: formatMap(meta.annotations) };
    case 'metadata.labels': return { value: formatMap(meta.labels) };
    case 'metadata.name': return { value: meta.name ?? '' };
    case 'metadata.namespace': return { value: meta.namespace ?? '' };
    case 'metadata.uid': return { value: meta.uid ?? '' };
  }
  return { error: `unsupported fieldPath: ${fieldPath}` };
}

/** A container by name: regular containers first, then init containers. */
export function findContainer(pod: Pod, name: string): Container | undefined {
  return pod.spec.containers.find((c) => c.name === name) ?? (pod.spec.initContainers ?? []).find((c) => c.name === name);
}

export function containerNotFound(name: string): string {
  return `container ${name} not found`;
}

/** Resources whose missing or zero limit means "as much as the node has". Huge pages are never overcommitted. */
const NODE_DEFAULTED_LIMITS = ['cpu', 'memory', 'ephemeral-storage'];

/** MergeContainerResourceLimits: a copy of the container whose unset or zero limits are the node's allocatable. */
export function withNodeAllocatableLimits(container: Container, allocatable: ResourceList): Container {
  const limits: ResourceList = { ...(container.resources?.limits ?? {}) };
  for (const name of NODE_DEFAULTED_LIMITS) {
    const current = Object.hasOwn(limits, name) ? parseQuantityValue(limits[name]!) : undefined;
    const unset = current === undefined || ('quantity' in current && isZeroQuantity(current.quantity));
    if (unset && Object.hasOwn(allocatable, name)) limits[name] = allocatable[name]!;
  }
  return { ...container, resources: { ...container.resources, limits } };
}

/** A resource list entry; an absent one is zero. */
function resourceQuantity(list: ResourceList | undefined, name: string): { quantity: Quantity } | { error: string } {
  if (list === undefined || !Object.hasOwn(list, name)) return { quantity: { unscaled: 0n, scale: 0, format: 'DecimalSI' } };
  return parseQuantityValue(list[name]!);
}

const STANDARD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** `limits.cpu` → the list and resource name it reads, or undefined for an unsupported selector. */
function selectResource(resource: string, container: Container): { list: ResourceList | undefined; name: string } | undefined {
  const dot = resource.indexOf('.');
  const kind = resource.slice(0, dot);
  const name = resource.slice(dot + 1);
  if (dot < 0 || (kind !== 'limits' && kind !== 'requests')) return undefined;
  if (!STANDARD_RESOURCES.has(name) && !name.startsWith('hugepages-')) return undefined;
  return { list: container.resources?.[kind], name };
}

/** ExtractContainerResourceValue: ceil(resource / divisor) for one container (divisor defaults to 1). */
export function containerResourceValue(selector: ResourceFieldSelector, container: Container): ValueResult {
  const divisor = selector.divisor === undefined ? { quantity: { unscaled: 1n, scale: 0, format: 'DecimalSI' as const } }
    : parseQuantityValue(selector.divisor);
  if ('error' in divisor) return divisor;
  const selected = selectResource(selector.resource, container);
  if (!selected) return { error: `Unsupported container resource : ${selector.resource}` };
  const amount = resourceQuantity(selected.list, selected.name);
  if ('error' in amount) return amount;
  return { value: ceilQuotient(amount.quantity, divisor.quantity) };
}
