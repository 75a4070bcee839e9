// Go's fmt verbs as Kubernetes error texts use them. Messages must match byte-for-byte,
// so this reproduces strconv.Quote (%q) and the %v/%#v renderings field errors use.

/** Go's strconv.Quote: double-quoted, with Go escape sequences for non-printable runes. */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (cp === 0xfffd) { out += ch; continue; }
    if (cp < 0x20 || cp === 0x7f) { out += '\\x' + cp.toString(16).padStart(2, '0'); continue; }
    if (cp >= 0x80 && !isPrintable(ch)) {
      out += cp > 0xffff ? '\\U' + cp.toString(16).padStart(8, '0') : '\\u' + cp.toString(16).padStart(4, '0');
      continue;
    }
    out += ch;
  }
  return out + '"';
}

function isPrintable(ch: string): boolean {
  // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch);
}

/** How field.Invalid renders a value: strings quoted, numbers and booleans bare, nil as null. */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return `[]string{${value.map(goQuote).join(', ')}}`;
  }
  return JSON.stringify(value);
}
