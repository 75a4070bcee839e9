// The `arca.dev/reload-on-change` pod annotation: what to do to the containers that consume a
// ConfigMap or Secret when it changes (Kubernetes itself does nothing; users add Reloader or a sidecar).
import { constants } from 'node:os';

export const RELOAD_ANNOTATION = 'arca.dev/reload-on-change';
export const RELOAD_DEBOUNCE_MS = 100;

export type ReloadPolicy = { action: 'none' } | { action: 'restart' } | { action: 'signal'; signal: NodeJS.Signals } | { action: 'invalid'; message: string };

export function reloadPolicy(annotations: Record<string, string> | undefined): ReloadPolicy {
  const value = annotations?.[RELOAD_ANNOTATION];
  if (value === undefined || value === '') return { action: 'none' };
  if (value === 'restart') return { action: 'restart' };
  const signal = /^signal:(SIG[A-Z0-9]+)$/.exec(value)?.[1];
  if (signal && Object.hasOwn(constants.signals, signal)) return { action: 'signal', signal: signal as NodeJS.Signals };
  return { action: 'invalid', message: `invalid ${RELOAD_ANNOTATION} annotation ${JSON.stringify(value)}: want "restart" or "signal:<NAME>" (e.g. "signal:SIGHUP")` };
}
