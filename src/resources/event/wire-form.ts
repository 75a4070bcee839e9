// An Event as Go's decoder and encoder leave it: timestamps in their canonical forms (Time to the
// second, MicroTime to the microsecond, zero times as null), omitempty fields dropped when empty,
// and the fields Go always writes (involvedObject, source, the times, reportingComponent and
// reportingInstance) present. Storing this form makes every read look as kube-apiserver's do.
import { normalizeTime } from '../../machinery/object.js';
import { errors } from '../../machinery/status.js';
import { parseMicroTime } from './micro-time.js';

const ZERO_TIME = '0001-01-01T00:00:00Z';
const ZERO_MICRO_TIME = '0001-01-01T00:00:00.000000Z';
const OMIT_WHEN_EMPTY = ['reason', 'message', 'type', 'action'] as const;

type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Brings a decoded Event to its stored form; a MicroTime Go cannot parse fails as a decode error. */
export function normalizeEventWireForm(event: Fields): void {
  event.involvedObject = withoutEmptyStrings(event.involvedObject);
  event.source = withoutEmptyStrings(event.source);
  if (event.related === null || event.related === undefined) delete event.related;
  else event.related = withoutEmptyStrings(event.related);
  for (const key of OMIT_WHEN_EMPTY) if (event[key] === '' || event[key] === null) delete event[key];
  if (event.count === 0 || event.count === null) delete event.count;

  const decodeFailure = (message: string) => errors.badRequest(`Event in version "v1" cannot be handled as a Event: ${message}`);
  const microTime = (value: unknown): unknown => {
    if (typeof value !== 'string') return value ?? null;
    const parsed = parseMicroTime(value);
    if ('error' in parsed) throw decodeFailure(parsed.error);
    return parsed.value === ZERO_MICRO_TIME ? null : parsed.value;
  };
  const time = (value: unknown): unknown => {
    if (typeof value !== 'string') return value ?? null;
    const normalized = normalizeTime(value);
    return normalized === ZERO_TIME ? null : normalized;
  };

  event.firstTimestamp = time(event.firstTimestamp);
  event.lastTimestamp = time(event.lastTimestamp);
  event.eventTime = microTime(event.eventTime);
  if (isObject(event.series)) {
    if (event.series.count === 0 || event.series.count === null) delete event.series.count;
    event.series.lastObservedTime = microTime(event.series.lastObservedTime);
  } else if (event.series === null) {
    delete event.series;
  }
  event.reportingComponent ??= '';
  event.reportingInstance ??= '';
}

/** A struct of omitempty strings (ObjectReference, EventSource): empty members dropped, null as {}. */
function withoutEmptyStrings(value: unknown): unknown {
  if (value === null || value === undefined) return {};
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== '' && v !== null));
}
