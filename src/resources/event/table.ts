// kubectl get events: upstream's printEvent in its wide form (the apiserver always prints wide;
// kubectl hides the priority-1 columns unless -o wide).
import { age, humanDuration } from '../../machinery/human-duration.js';
import { column, nameColumn } from '../columns.js';
import type { TableDefinition } from '../types.js';
import { parseMicroTime } from './micro-time.js';
import { eventDocs, type Event } from './schema.js';

export const eventTable: TableDefinition<Event> = {
  columns: [
    column('Last Seen', 'string', eventDocs.lastTimestamp),
    column('Type', 'string', eventDocs.type),
    column('Reason', 'string', eventDocs.reason),
    column('Object', 'string', eventDocs.involvedObject),
    column('Subobject', 'string', eventDocs.fieldPath, 1),
    column('Source', 'string', eventDocs.source, 1),
    column('Message', 'string', eventDocs.message),
    column('First Seen', 'string', eventDocs.firstTimestamp, 1),
    column('Count', 'string', eventDocs.count, 1),
    { ...nameColumn, priority: 1 },
  ],
  cells: (event, now) => {
    // New-style events carry eventTime (and series) instead of the legacy timestamps and count.
    const firstSeen = event.firstTimestamp ? age(event.firstTimestamp, now) : microTimeSince(event.eventTime, now);
    let lastSeen = event.lastTimestamp ? age(event.lastTimestamp, now) : firstSeen;
    let count = event.count ?? 0;
    if (event.series) {
      lastSeen = microTimeSince(event.series.lastObservedTime, now);
      count = event.series.count ?? 0;
    } else if (count === 0) {
      count = 1;
    }
    const involved = event.involvedObject ?? {};
    const kind = (involved.kind ?? '').toLowerCase();
    return [
      lastSeen,
      event.type ?? '',
      event.reason ?? '',
      involved.name ? `${kind}/${involved.name}` : kind,
      involved.fieldPath ?? '',
      eventSource(event),
      goTrimSpace(event.message ?? ''),
      firstSeen,
      count,
      event.metadata.name,
    ];
  },
};

/** translateMicroTimestampSince: whole seconds of the exact (microsecond) difference. */
function microTimeSince(value: string | null | undefined, now: Date): string {
  const parsed = value ? parseMicroTime(value) : undefined;
  if (!parsed || 'error' in parsed) return '<unknown>';
  return humanDuration((now.getTime() * 1000 - parsed.epochMicros) / 1000);
}

/** `component, host`, each falling back to the reporting controller and instance. */
function eventSource(event: Event): string {
  const component = event.source?.component || event.reportingComponent || '';
  const instance = event.source?.host || event.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

/** strings.TrimSpace: Unicode White_Space, which differs from String.prototype.trim at U+0085 and U+FEFF. */
function goTrimSpace(s: string): string {
  const space = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
  return s.replace(new RegExp(`^${space}+|${space}+$`, 'g'), '');
}
