// Recording an Event the way client-go's recorder does for the kubelet: a new Event named
// `<object>.<hex unix nanos>` the first time, and for a repeat of the same occurrence (same
// object, source, type, reason and message: events_cache.go's getEventKey) the existing Event
// with its count and lastTimestamp bumped.
import { randomUUID } from 'node:crypto';
import { formatTime, type KubeObject } from '../../machinery/object.js';
import { escapeFieldSelectorValue, parseFieldSelector } from '../../machinery/selectors/field-selector.js';
import { StatusError } from '../../machinery/status.js';
import { isDNS1123Subdomain } from '../../machinery/validation/names.js';
import type { GenericStore } from '../../registry/generic-store.js';
import type { Event, ObjectReference } from './schema.js';

export interface EventRecord {
  namespace: string;
  involvedObject: ObjectReference;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** The reporting component (e.g. `kubelet`); also the field manager of the writes. */
  component: string;
  /** The node the component runs on. */
  host?: string;
}

const WRITE_ATTEMPTS = 8;

/** Creates the Event, or bumps the identical one already recorded; returns the stored Event. */
export async function recordEvent(store: GenericStore, ev: EventRecord, now: Date = new Date()): Promise<KubeObject> {
  const source = ev.host ? { component: ev.component, host: ev.host } : { component: ev.component };
  const fresh: Event = {
    apiVersion: 'v1', kind: 'Event',
    metadata: { namespace: ev.namespace },
    involvedObject: ev.involvedObject,
    reason: ev.reason,
    message: ev.message,
    source,
    firstTimestamp: formatTime(now),
    lastTimestamp: formatTime(now),
    count: 1,
    type: ev.type,
    reportingComponent: ev.component,
    reportingInstance: ev.host ?? '',
  };
  const key = eventKey(fresh);
  const options = { dryRun: false, fieldManager: ev.component };
  for (let attempt = 1; ; attempt++) {
    const existing = await findRecorded(store, fresh, key);
    try {
      if (existing) {
        const bumped = { ...existing, count: (existing.count ?? 1) + 1, lastTimestamp: formatTime(now) };
        return (await store.update(ev.namespace, existing.metadata.name!, bumped, options)).object;
      }
      const named = { ...fresh, metadata: { ...fresh.metadata, name: eventName(ev.involvedObject.name ?? '', now) } };
      return (await store.create(ev.namespace, named, options)).object;
    } catch (e) {
      // A concurrent writer won (Conflict), took the name (AlreadyExists) or deleted it (NotFound): look again.
      const retry = e instanceof StatusError && ['Conflict', 'AlreadyExists', 'NotFound'].includes(e.reason);
      if (!retry || attempt >= WRITE_ATTEMPTS) throw e;
    }
  }
}

/** getEventKey's fields: everything that makes two occurrences "the same event" (JSON, so no two keys run together). */
export function eventKey(event: Event): string {
  const involved = event.involvedObject ?? {};
  return JSON.stringify([
    event.source?.component ?? '', event.source?.host ?? '',
    involved.kind ?? '', involved.namespace ?? '', involved.name ?? '', involved.fieldPath ?? '',
    involved.uid ?? '', involved.apiVersion ?? '',
    event.type ?? '', event.reason ?? '', event.message ?? '',
  ]);
}

/** The most recently seen Event with the same key, if any. */
async function findRecorded(store: GenericStore, event: Event, key: string): Promise<Event | undefined> {
  const fields = parseFieldSelector([
    `involvedObject.name=${escapeFieldSelectorValue(event.involvedObject.name ?? '')}`,
    `reason=${escapeFieldSelectorValue(event.reason ?? '')}`,
  ].join(','));
  const { items } = await store.list(event.metadata.namespace, { fields });
  const same = (items as Event[]).filter((item) => eventKey(item) === key);
  return same.sort((a, b) => (b.lastTimestamp ?? '').localeCompare(a.lastTimestamp ?? ''))[0];
}

let lastNanos = 0n;

/**
 * `<name>.<hex unix nanos>` (GenerateEventName); a UUID when that is no DNS subdomain. The clock
 * has millisecond resolution, so names made within one millisecond count up to stay distinct.
 */
export function eventName(objectName: string, now: Date): string {
  let nanos = BigInt(now.getTime()) * 1_000_000n;
  if (nanos <= lastNanos) nanos = lastNanos + 1n;
  lastNanos = nanos;
  const name = `${objectName}.${nanos.toString(16)}`;
  return isDNS1123Subdomain(name).length === 0 ? name : randomUUID();
}
