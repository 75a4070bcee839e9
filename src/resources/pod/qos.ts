// The pod's QoS class (qos.GetPodQOS), set in status on create: BestEffort without cpu/memory
// requests or limits, Guaranteed when every container limits both and requests equal limits.
import { compareQuantities, isZeroQuantity, parseQuantityValue, type Quantity } from '../../agent/quantity.js';
import type { Pod } from './schema.js';

const QOS_RESOURCES = ['cpu', 'memory'];

function positive(list: Record<string, string | number> | undefined): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const [name, value] of Object.entries(list ?? {})) {
    if (!QOS_RESOURCES.includes(name)) continue;
    const parsed = parseQuantityValue(value);
    if ('quantity' in parsed && !isZeroQuantity(parsed.quantity) && parsed.quantity.unscaled > 0n) out.set(name, parsed.quantity);
  }
  return out;
}

export function podQOSClass(pod: Pod): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  let anySet = false;
  let guaranteed = true;
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    const requests = positive(c.resources?.requests);
    const limits = positive(c.resources?.limits);
    if (requests.size || limits.size) anySet = true;
    if (!QOS_RESOURCES.every((r) => limits.has(r))) guaranteed = false;
    for (const [name, request] of requests) {
      const limit = limits.get(name);
      if (!limit || compareQuantities(limit, request) !== 0) guaranteed = false;
    }
    if (requests.size !== limits.size) guaranteed = false;
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
