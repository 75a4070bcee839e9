// Go encoding/json's syntax check (scanner.go), reproduced so a malformed body fails with the
// same text as in kube-apiserver. Node's JSON.parse stays the fast path; this runs only after it
// failed. Go scans UTF-8 bytes one at a time, so we do too: the offending "character" Go names is
// a byte (a stray 'é' is reported as 'Ã', its first byte read as Latin-1).
import { goQuote } from '../go-format.js';

/** Go's maxNestingDepth: deeper documents are refused while scanning. */
const MAX_NESTING_DEPTH = 10000;

const enum Nesting { ObjectKey, ObjectValue, ArrayValue }

type State = (c: number) => void;

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** Go's quoteChar: a byte in single quotes, escaped as strconv.Quote would escape that rune. */
export function goQuoteByte(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  return `'${goQuote(String.fromCharCode(c)).slice(1, -1)}'`;
}

/** Go's message for the first syntax error in `text`, or undefined when it is one valid JSON value. */
export function goJsonSyntaxError(text: string): string | undefined {
  return goJsonSyntaxErrorInBytes(Buffer.from(text, 'utf8'));
}

/** The same for raw bytes (which may not be UTF-8: Go scans bytes). */
export function goJsonSyntaxErrorInBytes(bytes: Uint8Array): string | undefined {
  const scanner = new Scanner();
  for (const c of bytes) {
    scanner.state(c);
    if (scanner.error !== undefined) return scanner.error;
  }
  return scanner.atEnd();
}

class Scanner {
  state: State = this.beginValue;
  error: string | undefined;
  private endTop = false;
  private readonly nesting: Nesting[] = [];

  /** What Go reports once the input runs out (scanner.eof). */
  atEnd(): string | undefined {
    if (this.endTop) return undefined;
    this.state(0x20); // a space ends a pending top-level number or exposes a broken literal
    if (this.error !== undefined) return this.error;
    return this.endTop ? undefined : 'unexpected end of JSON input';
  }

  private fail(c: number, context: string): void {
    this.error = `invalid character ${goQuoteByte(c)} ${context}`;
    this.state = () => {};
  }

  private push(c: number, nesting: Nesting): void {
    this.nesting.push(nesting);
    if (this.nesting.length > MAX_NESTING_DEPTH) this.fail(c, 'exceeded max depth');
  }

  private pop(): void {
    this.nesting.pop();
    if (this.nesting.length === 0) {
      this.state = this.endOfTop;
      this.endTop = true;
    } else {
      this.state = this.endValue;
    }
  }

  private beginValue(c: number): void {
    if (isSpace(c)) return;
    switch (c) {
      case 0x7b: /* { */ this.state = this.beginKeyOrEmpty; this.push(c, Nesting.ObjectKey); return;
      case 0x5b: /* [ */ this.state = this.beginValueOrEmpty; this.push(c, Nesting.ArrayValue); return;
      case 0x22: /* " */ this.state = this.inString; return;
      case 0x2d: /* - */ this.state = this.negative; return;
      case 0x30: /* 0 */ this.state = this.zero; return;
      case 0x74: /* t */ this.state = this.literal('true', 1); return;
      case 0x66: /* f */ this.state = this.literal('false', 1); return;
      case 0x6e: /* n */ this.state = this.literal('null', 1); return;
    }
    if (c >= 0x31 && c <= 0x39) { this.state = this.digits; return; }
    this.fail(c, 'looking for beginning of value');
  }

  private beginValueOrEmpty(c: number): void {
    if (isSpace(c)) return;
    if (c === 0x5d /* ] */) { this.endValue(c); return; }
    this.beginValue(c);
  }

  private beginKeyOrEmpty(c: number): void {
    if (isSpace(c)) return;
    if (c === 0x7d /* } */) {
      this.nesting[this.nesting.length - 1] = Nesting.ObjectValue;
      this.endValue(c);
      return;
    }
    this.beginKey(c);
  }

  private beginKey(c: number): void {
    if (isSpace(c)) return;
    if (c === 0x22) { this.state = this.inString; return; }
    this.fail(c, 'looking for beginning of object key string');
  }

  private endValue(c: number): void {
    const depth = this.nesting.length;
    if (depth === 0) {
      this.state = this.endOfTop;
      this.endTop = true;
      this.endOfTop(c);
      return;
    }
    if (isSpace(c)) { this.state = this.endValue; return; }
    switch (this.nesting[depth - 1]) {
      case Nesting.ObjectKey:
        if (c === 0x3a /* : */) {
          this.nesting[depth - 1] = Nesting.ObjectValue;
          this.state = this.beginValue;
          return;
        }
        this.fail(c, 'after object key');
        return;
      case Nesting.ObjectValue:
        if (c === 0x2c /* , */) {
          this.nesting[depth - 1] = Nesting.ObjectKey;
          this.state = this.beginKey;
          return;
        }
        if (c === 0x7d) { this.pop(); return; }
        this.fail(c, 'after object key:value pair');
        return;
      case Nesting.ArrayValue:
        if (c === 0x2c) { this.state = this.beginValue; return; }
        if (c === 0x5d) { this.pop(); return; }
        this.fail(c, 'after array element');
        return;
    }
  }

  private endOfTop(c: number): void {
    if (!isSpace(c)) this.fail(c, 'after top-level value');
  }

  private inString(c: number): void {
    if (c === 0x22) { this.state = this.endValue; return; }
    if (c === 0x5c /* \ */) { this.state = this.inStringEscape; return; }
    if (c < 0x20) this.fail(c, 'in string literal');
  }

  private inStringEscape(c: number): void {
    if ('bfnrt\\/"'.includes(String.fromCharCode(c))) { this.state = this.inString; return; }
    if (c === 0x75 /* u */) { this.state = this.unicodeEscape(4); return; }
    this.fail(c, 'in string escape code');
  }

  private unicodeEscape(remaining: number): State {
    return (c) => {
      if (!isHex(c)) { this.fail(c, 'in \\u hexadecimal character escape'); return; }
      this.state = remaining === 1 ? this.inString : this.unicodeEscape(remaining - 1);
    };
  }

  private negative(c: number): void {
    if (c === 0x30) { this.state = this.zero; return; }
    if (c >= 0x31 && c <= 0x39) { this.state = this.digits; return; }
    this.fail(c, 'in numeric literal');
  }

  private digits(c: number): void {
    if (isDigit(c)) return;
    this.zero(c);
  }

  /** After the integer part (Go's state0). */
  private zero(c: number): void {
    if (c === 0x2e /* . */) { this.state = this.dot; return; }
    if (c === 0x65 || c === 0x45) { this.state = this.exponent; return; }
    this.endValue(c);
  }

  private dot(c: number): void {
    if (isDigit(c)) { this.state = this.fraction; return; }
    this.fail(c, 'after decimal point in numeric literal');
  }

  private fraction(c: number): void {
    if (isDigit(c)) return;
    if (c === 0x65 || c === 0x45) { this.state = this.exponent; return; }
    this.endValue(c);
  }

  private exponent(c: number): void {
    if (c === 0x2b || c === 0x2d) { this.state = this.exponentSign; return; }
    this.exponentSign(c);
  }

  private exponentSign(c: number): void {
    if (isDigit(c)) { this.state = this.exponentDigits; return; }
    this.fail(c, 'in exponent of numeric literal');
  }

  private exponentDigits(c: number): void {
    if (isDigit(c)) return;
    this.endValue(c);
  }

  /** The rest of true/false/null, one expected byte at a time. */
  private literal(word: string, next: number): State {
    return (c) => {
      const expected = word.charCodeAt(next);
      if (c !== expected) {
        this.fail(c, `in literal ${word} (expecting '${word[next]}')`);
        return;
      }
      this.state = next + 1 === word.length ? this.endValue : this.literal(word, next + 1);
    };
  }
}
