// What decoding a Pod into its Go type does before any strategy runs: quantities must parse (a
// decode error otherwise), `serviceAccount` is the deprecated alias of `serviceAccountName`, and
// the v1 defaults are applied.
import { parseQuantityValue } from '../../agent/quantity.js';
import { errors } from '../../machinery/status.js';
import { applyPodDefaults } from './defaults.js';
import type { Pod } from './schema.js';

export function podWireForm(pod: Pod): void {
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const list of [c.resources?.limits, c.resources?.requests]) {
      for (const value of Object.values(list ?? {})) {
        const parsed = parseQuantityValue(value);
        if ('error' in parsed) throw errors.badRequest(`Pod in version "v1" cannot be handled as a Pod: ${parsed.error}`);
      }
    }
  }
  syncServiceAccountAlias(pod);
  applyPodDefaults(pod);
}

/** v1 ↔ internal conversion: serviceAccountName wins, serviceAccount mirrors it. */
export function syncServiceAccountAlias(pod: Pod): void {
  const spec = pod.spec;
  if (!spec) return;
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  else delete spec.serviceAccount;
}
