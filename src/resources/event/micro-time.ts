// metav1.MicroTime: decoded with Go's time.Parse(RFC3339Micro, s), which insists on exactly six
// fractional digits, and written back in UTC with six digits. Parse failures carry time.Parse's
// own text. The JSON decoder has already checked the value as RFC 3339 (the date and clock
// part is the same in both layouts), so the errors that matter here are the fraction's and zone's.
import { goRfc3339ParseError } from '../../machinery/go-json/go-time.js';

export const RFC3339_MICRO = '2006-01-02T15:04:05.000000Z07:00';
const RFC3339 = '2006-01-02T15:04:05Z07:00';

export type MicroTimeParse = { value: string; epochMicros: number } | { error: string };

/** time.Parse's error for `text` in RFC3339Micro, or the canonical UTC form and its instant. */
export function parseMicroTime(text: string): MicroTimeParse {
  const fail = (rest: string, element: string) =>
    ({ error: `parsing time ${timeQuote(text)} as ${timeQuote(RFC3339_MICRO)}: cannot parse ${timeQuote(rest)} as ${timeQuote(element)}` });
  const failWith = (message: string) => ({ error: `parsing time ${timeQuote(text)}${message}` });

  // Up to the seconds both layouts parse alike (the hour may have one digit in Go's parser).
  const head = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})/.exec(text);
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = head ? head.slice(1).map(Number) : [];
  if (!head || month < 1 || month > 12 || hour >= 24 || minute >= 60 || second >= 60) {
    const error = goRfc3339ParseError(text);
    return error ? { error: error.replace(timeQuote(RFC3339), timeQuote(RFC3339_MICRO)) } : fail(text, '2006');
  }

  const rest = text.slice(head[0].length);
  // The fraction: a '.' or ',' and six characters Go's atoi reads as an integer (a sign included).
  const fraction = /^[.,]([+-]?\d+)/.exec(rest.slice(0, 7));
  if (rest.length < 7 || !fraction || fraction[1]!.length !== 6) return fail(rest, '.000000');
  const micros = Number(fraction[1]);
  if (micros < 0) return failWith(': fractional second out of range');

  let zone = rest.slice(7);
  let offsetMinutes = 0;
  if (zone.startsWith('Z')) {
    zone = zone.slice(1);
  } else {
    if (zone.length < 6 || zone[3] !== ':') return fail(zone, 'Z07:00');
    const hours = /^\d\d$/.test(zone.slice(1, 3)) ? Number(zone.slice(1, 3)) : undefined;
    const minutes = hours !== undefined && /^\d\d$/.test(zone.slice(4, 6)) ? Number(zone.slice(4, 6)) : undefined;
    // Go records both range checks and reports the later one, ahead of a bad sign.
    if (minutes !== undefined && minutes > 60) return failWith(': time zone offset minute out of range');
    if (hours !== undefined && hours > 24) return failWith(': time zone offset hour out of range');
    if (hours === undefined || minutes === undefined || (zone[0] !== '+' && zone[0] !== '-')) return fail(zone, 'Z07:00');
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
    zone = zone.slice(6);
  }
  if (zone) return failWith(`: extra text: ${timeQuote(zone)}`);
  if (day < 1 || day > daysIn(month, year)) return failWith(': day out of range');

  // setUTCFullYear, unlike Date.UTC, keeps years 0-99 as they are.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offsetMinutes, second, 0);
  return {
    value: `${date.toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`,
    epochMicros: date.getTime() * 1000 + micros,
  };
}

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysIn = (month: number, year: number) => (month === 2 && isLeap(year) ? 29 : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!);

/** The time package's quote: printable ASCII as is (`"` and `\` escaped), other bytes as \xNN. */
function timeQuote(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    if (byte < 0x20 || byte >= 0x80) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    else out += byte === 0x22 || byte === 0x5c ? `\\${String.fromCharCode(byte)}` : String.fromCharCode(byte);
  }
  return `"${out}"`;
}
