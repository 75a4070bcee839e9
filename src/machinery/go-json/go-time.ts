// metav1.Time decodes with Go's time.Parse(time.RFC3339, s); a bad timestamp fails the whole
// request with time.Parse's own error text, reproduced here for that one layout.

const LAYOUT = '2006-01-02T15:04:05Z07:00';

/** The layout's chunks in order: the literal prefix Go skips, then the element it parses. */
const CHUNKS = [
  { prefix: '', element: '2006' },
  { prefix: '-', element: '01' },
  { prefix: '-', element: '02' },
  { prefix: 'T', element: '15' },
  { prefix: ':', element: '04' },
  { prefix: ':', element: '05' },
  { prefix: '', element: 'Z07:00' },
] as const;

/**
 * The time package's quote, over a byte string (one char per UTF-8 byte, as Go indexes strings):
 * non-ASCII and control bytes as \xNN, '"' and '\' backslashed.
 */
function timeQuote(bytes: string): string {
  let out = '"';
  for (const ch of bytes) {
    const b = ch.charCodeAt(0);
    if (b >= 0x80 || b < 0x20) out += '\\x' + b.toString(16).padStart(2, '0');
    else out += ch === '"' || ch === '\\' ? '\\' + ch : ch;
  }
  return out + '"';
}

const isDigitAt = (s: string, i: number) => i < s.length && s[i]! >= '0' && s[i]! <= '9';

/** Go's getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): { n: number; rest: string } | undefined {
  if (!isDigitAt(s, 0)) return undefined;
  if (!isDigitAt(s, 1)) return fixed ? undefined : { n: Number(s[0]), rest: s.slice(1) };
  return { n: Number(s.slice(0, 2)), rest: s.slice(2) };
}

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const DAYS_IN = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (month: number, year: number) => (month === 2 && isLeap(year) ? 29 : DAYS_IN[month - 1]!);

/** time.Parse's error for `value` against RFC 3339, or undefined when Go accepts it. */
export function goRfc3339ParseError(text: string): string | undefined {
  const value = Buffer.from(text, 'utf8').toString('latin1');
  const cannotParse = (rest: string, element: string) =>
    `parsing time ${timeQuote(value)} as ${timeQuote(LAYOUT)}: cannot parse ${timeQuote(rest)} as ${timeQuote(element)}`;
  const outOfRange = (what: string) => `parsing time ${timeQuote(value)}: ${what} out of range`;

  let rest = value;
  let year = 0;
  let month = 0;
  let day = 0;
  for (const { prefix, element } of CHUNKS) {
    if (prefix && !rest.startsWith(prefix)) return cannotParse(rest, prefix);
    rest = rest.slice(prefix.length);
    const hold = rest;
    switch (element) {
      case '2006': {
        if (rest.length < 4 || !isDigitAt(rest, 0) || !/^\d{4}$/.test(rest.slice(0, 4))) return cannotParse(hold, element);
        year = Number(rest.slice(0, 4));
        rest = rest.slice(4);
        break;
      }
      case '01': case '02': case '15': case '04': case '05': {
        const got = getnum(rest, element !== '15');
        if (!got) return cannotParse(hold, element);
        rest = got.rest;
        if (element === '01') { month = got.n; if (month < 1 || month > 12) return outOfRange('month'); }
        if (element === '02') day = got.n;
        if (element === '15' && got.n >= 24) return outOfRange('hour');
        if (element === '04' && got.n >= 60) return outOfRange('minute');
        if (element === '05') {
          if (got.n >= 60) return outOfRange('second');
          // Fractional seconds are accepted although the layout has none.
          if (rest.length >= 2 && (rest[0] === '.' || rest[0] === ',') && isDigitAt(rest, 1)) rest = rest.replace(/^[.,]\d+/, '');
        }
        break;
      }
      case 'Z07:00': {
        if (rest.startsWith('Z')) { rest = rest.slice(1); break; }
        if (rest.length < 6 || rest[3] !== ':') return cannotParse(hold, element);
        const hours = getnum(rest.slice(1, 3), true);
        const minutes = hours && getnum(rest.slice(4, 6), true);
        // Go records both range checks and reports the later one.
        if (minutes && minutes.n > 60) return outOfRange('time zone offset minute');
        if (hours && hours.n > 24) return outOfRange('time zone offset hour');
        if (!hours || !minutes || (rest[0] !== '+' && rest[0] !== '-')) return cannotParse(hold, element);
        rest = rest.slice(6);
        break;
      }
    }
  }
  if (rest) return `parsing time ${timeQuote(value)}: extra text: ${timeQuote(rest)}`;
  if (day < 1 || day > daysIn(month, year)) return outOfRange('day');
  return undefined;
}
