// The token scanner of go-yaml v2 (a port of libyaml, as sigs.k8s.io/yaml uses it): tokens with
// their start marks and scalar values, or libyaml's problem text and position. Which input fails,
// where, and with which words depends on libyaml's exact bookkeeping (simple keys, indentation
// stack, the 512-byte reader chunks), so that bookkeeping is kept step for step.

export interface Mark { index: number; line: number; column: number }

export type TokenType =
  | 'stream-start' | 'stream-end' | 'version-directive' | 'tag-directive' | 'document-start' | 'document-end'
  | 'block-sequence-start' | 'block-mapping-start' | 'block-end' | 'flow-sequence-start' | 'flow-sequence-end'
  | 'flow-mapping-start' | 'flow-mapping-end' | 'block-entry' | 'flow-entry' | 'key' | 'value'
  | 'alias' | 'anchor' | 'tag' | 'scalar';

export interface Token {
  type: TokenType;
  start: Mark;
  end: Mark;
  /** Scalar text; anchor or alias name; tag handle; %TAG handle. */
  value?: string;
  /** Tag suffix; %TAG prefix. */
  suffix?: string;
  plain?: boolean;
  major?: number;
  minor?: number;
}

/** A libyaml error: which stage found it, the problem text and the marks fail() reads. */
export class YamlError extends Error {
  constructor(
    readonly stage: 'reader' | 'scanner' | 'parser',
    readonly problem: string,
    readonly problemMark?: Mark,
    readonly contextMark?: Mark,
  ) {
    super(problem);
  }
}

interface SimpleKey { possible: boolean; required: boolean; tokenNumber: number; mark: Mark }

const RAW_CHUNK_BYTES = 512;
const MAX_LEVEL = 10000;
const SIMPLE_KEY_MAX_CHARS = 1024;

const NUL = 0;
const isBreakCode = (c: number) => c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlankCode = (c: number) => c === 0x20 || c === 0x09;
const isAlphaCode = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d;
const isHexCode = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isDigitCode = (c: number) => c >= 0x30 && c <= 0x39;
/** Characters libyaml's reader accepts (everything else is a "control character"). */
const isAllowedCode = (c: number) =>
  c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0x7e) || c === 0x85 ||
  (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
const utf8Width = (c: number) => (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4);
const URI_CHARS = new Set(";/?:@&=+$,.!~*'()[]%".split('').map((ch) => ch.charCodeAt(0)));
const ANCHOR_ENDS = new Set('?:,]}%@`'.split('').map((ch) => ch.charCodeAt(0)));
const SIMPLE_ESCAPES: Record<string, string> = {
  0: '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', "'": "'", '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const PLAIN_CANNOT_START = new Set('-?:,[]{}#&*!|>\'"%@`'.split('').map((ch) => ch.charCodeAt(0)));

export class Scanner {
  private readonly codes: number[];
  private readonly byteEnds: number[];
  private decoded = 0;
  /** Where the next raw chunk starts: the end of the last whole character decoded. */
  private decodedBytes = 0;
  private pos = 0;
  readonly mark: Mark = { index: 0, line: 0, column: 0 };

  private readonly tokens: Token[] = [];
  private tokensHead = 0;
  tokensParsed = 0;
  private tokenAvailable = false;
  private streamStartProduced = false;
  private streamEndProduced = false;
  private indent = -1;
  private readonly indents: number[] = [];
  private simpleKeyAllowed = false;
  private readonly simpleKeys: SimpleKey[] = [];
  private readonly simpleKeysByToken = new Map<number, number>();
  private flowLevel = 0;

  constructor(text: string) {
    // go-yaml reads empty input as one line break.
    const codes = Array.from(text.length ? text : '\n', (ch) => ch.codePointAt(0)!);
    let byte = 0;
    if (codes[0] === 0xfeff) { codes.shift(); byte = 3; } // a UTF-8 BOM is consumed with the encoding
    this.codes = codes;
    this.byteEnds = codes.map((c) => (byte += utf8Width(c)));
  }

  // ---- reader -------------------------------------------------------------------------------

  /** libyaml decodes input in 512-byte chunks; a disallowed character fails when its chunk is read. */
  private cache(length: number): void {
    while (this.pos + length > this.decoded && this.decoded < this.codes.length) {
      const chunkEnd = this.decodedBytes + RAW_CHUNK_BYTES;
      let next = this.decoded;
      while (next < this.codes.length && this.byteEnds[next]! <= chunkEnd) {
        if (!isAllowedCode(this.codes[next]!)) throw new YamlError('reader', 'control characters are not allowed');
        next++;
      }
      this.decoded = next;
      if (next > 0) this.decodedBytes = this.byteEnds[next - 1]!;
    }
  }

  private at(offset = 0): number { return this.codes[this.pos + offset] ?? NUL; }
  private isZ(offset = 0): boolean { return this.at(offset) === NUL; }
  private isBreak(offset = 0): boolean { return isBreakCode(this.at(offset)); }
  private isBreakZ(offset = 0): boolean { return this.isBreak(offset) || this.isZ(offset); }
  private isBlank(offset = 0): boolean { return isBlankCode(this.at(offset)); }
  private isBlankZ(offset = 0): boolean { return this.isBlank(offset) || this.isBreakZ(offset); }
  private is(ch: string, offset = 0): boolean { return this.at(offset) === ch.charCodeAt(0); }

  /** Consumes the current character and returns it (libyaml's read). */
  private read(): string {
    const ch = String.fromCodePoint(this.at());
    this.skip();
    return ch;
  }

  /** Consumes a line break and returns how it reads in a scalar: '\n', or LS/PS as themselves. */
  private readLine(): string {
    const c = this.at();
    if (!this.isBreak()) return '';
    this.skipLine();
    return c === 0x2028 || c === 0x2029 ? String.fromCodePoint(c) : '\n';
  }

  private skip(): void {
    this.pos++;
    this.mark.index++;
    this.mark.column++;
  }

  private skipLine(): void {
    if (this.is('\r') && this.is('\n', 1)) {
      this.pos += 2;
      this.mark.index += 2;
    } else if (this.isBreak()) {
      this.pos++;
      this.mark.index++;
    } else {
      return;
    }
    this.mark.column = 0;
    this.mark.line++;
  }

  private here(): Mark { return { ...this.mark }; }

  private fail(context: Mark, problem: string): never {
    throw new YamlError('scanner', problem, this.here(), context);
  }

  // ---- token queue --------------------------------------------------------------------------

  /** The next token, scanning as far as libyaml would before handing it out. */
  peek(): Token {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.tokensHead]!;
  }

  skipToken(): void {
    this.tokenAvailable = false;
    this.tokensParsed++;
    this.streamEndProduced = this.tokens[this.tokensHead]!.type === 'stream-end';
    this.tokensHead++;
  }

  get atStreamEnd(): boolean { return this.streamEndProduced; }

  private insertToken(position: number, token: Token): void {
    if (position < 0) this.tokens.push(token);
    else this.tokens.splice(this.tokensHead + position, 0, token);
  }

  private fetchMoreTokens(): void {
    for (;;) {
      if (this.tokensHead !== this.tokens.length) {
        const keyIndex = this.simpleKeysByToken.get(this.tokensParsed);
        if (keyIndex === undefined || !this.simpleKeyIsValid(this.simpleKeys[keyIndex]!)) break;
      }
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  private simpleKeyIsValid(key: SimpleKey): boolean {
    if (!key.possible) return false;
    if (key.mark.line < this.mark.line || key.mark.index + SIMPLE_KEY_MAX_CHARS < this.mark.index) {
      if (key.required) this.fail(key.mark, "could not find expected ':'");
      key.possible = false;
      return false;
    }
    return true;
  }

  private simpleToken(type: TokenType): void {
    const start = this.here();
    this.skip();
    this.insertToken(-1, { type, start, end: this.here() });
  }

  private fetchNextToken(): void {
    this.cache(1);
    if (!this.streamStartProduced) return this.fetchStreamStart();
    this.scanToNextToken();
    this.unrollIndent(this.mark.column);
    this.cache(4);
    if (this.isZ()) return this.fetchStreamEnd();
    const column0 = this.mark.column === 0;
    if (column0 && this.is('%')) return this.fetchDirective();
    if (column0 && this.is('-') && this.is('-', 1) && this.is('-', 2) && this.isBlankZ(3)) return this.fetchDocumentIndicator('document-start');
    if (column0 && this.is('.') && this.is('.', 1) && this.is('.', 2) && this.isBlankZ(3)) return this.fetchDocumentIndicator('document-end');
    if (this.is('[')) return this.fetchFlowCollectionStart('flow-sequence-start');
    if (this.is('{')) return this.fetchFlowCollectionStart('flow-mapping-start');
    if (this.is(']')) return this.fetchFlowCollectionEnd('flow-sequence-end');
    if (this.is('}')) return this.fetchFlowCollectionEnd('flow-mapping-end');
    if (this.is(',')) return this.fetchFlowEntry();
    if (this.is('-') && this.isBlankZ(1)) return this.fetchBlockEntry();
    if (this.is('?') && (this.flowLevel > 0 || this.isBlankZ(1))) return this.fetchKey();
    if (this.is(':') && (this.flowLevel > 0 || this.isBlankZ(1))) return this.fetchValue();
    if (this.is('*')) return this.fetchAnchor('alias');
    if (this.is('&')) return this.fetchAnchor('anchor');
    if (this.is('!')) return this.fetchTag();
    if ((this.is('|') || this.is('>')) && this.flowLevel === 0) return this.fetchBlockScalar();
    if (this.is("'")) return this.fetchFlowScalar(true);
    if (this.is('"')) return this.fetchFlowScalar(false);
    if (!(this.isBlankZ() || PLAIN_CANNOT_START.has(this.at())) ||
      (this.is('-') && !this.isBlank(1)) ||
      (this.flowLevel === 0 && (this.is('?') || this.is(':')) && !this.isBlankZ(1))) {
      return this.fetchPlainScalar();
    }
    this.fail(this.here(), 'found character that cannot start any token');
  }

  // ---- simple keys, indentation, flow levels ------------------------------------------------

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.mark.column;
    if (!this.simpleKeyAllowed) return;
    const key: SimpleKey = {
      possible: true, required, tokenNumber: this.tokensParsed + (this.tokens.length - this.tokensHead), mark: this.here(),
    };
    this.removeSimpleKey();
    this.simpleKeys[this.simpleKeys.length - 1] = key;
    this.simpleKeysByToken.set(key.tokenNumber, this.simpleKeys.length - 1);
  }

  private removeSimpleKey(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (!key.possible) return;
    if (key.required) this.fail(key.mark, "could not find expected ':'");
    key.possible = false;
    this.simpleKeysByToken.delete(key.tokenNumber);
  }

  private increaseFlowLevel(): void {
    this.simpleKeys.push({
      possible: false, required: false, tokenNumber: this.tokensParsed + (this.tokens.length - this.tokensHead), mark: this.here(),
    });
    this.flowLevel++;
    if (this.flowLevel > MAX_LEVEL) this.fail(this.simpleKeys[this.simpleKeys.length - 1]!.mark, `exceeded max depth of ${MAX_LEVEL}`);
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel === 0) return;
    this.flowLevel--;
    this.simpleKeysByToken.delete(this.simpleKeys.pop()!.tokenNumber);
  }

  private rollIndent(column: number, tokenNumber: number, type: TokenType, mark: Mark): void {
    if (this.flowLevel > 0 || this.indent >= column) return;
    this.indents.push(this.indent);
    this.indent = column;
    if (this.indents.length > MAX_LEVEL) this.fail(this.simpleKeys[this.simpleKeys.length - 1]!.mark, `exceeded max depth of ${MAX_LEVEL}`);
    this.insertToken(tokenNumber > -1 ? tokenNumber - this.tokensParsed : -1, { type, start: mark, end: mark });
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      this.insertToken(-1, { type: 'block-end', start: this.here(), end: this.here() });
      this.indent = this.indents.pop()!;
    }
  }

  // ---- fetchers -----------------------------------------------------------------------------

  private fetchStreamStart(): void {
    this.indent = -1;
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: { index: 0, line: 0, column: 0 } });
    this.simpleKeyAllowed = true;
    this.streamStartProduced = true;
    this.insertToken(-1, { type: 'stream-start', start: this.here(), end: this.here() });
  }

  private fetchStreamEnd(): void {
    if (this.mark.column !== 0) {
      this.mark.column = 0;
      this.mark.line++;
    }
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, { type: 'stream-end', start: this.here(), end: this.here() });
  }

  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanDirective());
  }

  private fetchDocumentIndicator(type: TokenType): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const start = this.here();
    this.skip();
    this.skip();
    this.skip();
    this.insertToken(-1, { type, start, end: this.here() });
  }

  private fetchFlowCollectionStart(type: TokenType): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.simpleKeyAllowed = true;
    this.simpleToken(type);
  }

  private fetchFlowCollectionEnd(type: TokenType): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.simpleKeyAllowed = false;
    this.simpleToken(type);
  }

  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.simpleToken('flow-entry');
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.fail(this.here(), 'block sequence entries are not allowed in this context');
      this.rollIndent(this.mark.column, -1, 'block-sequence-start', this.here());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.simpleToken('block-entry');
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.fail(this.here(), 'mapping keys are not allowed in this context');
      this.rollIndent(this.mark.column, -1, 'block-mapping-start', this.here());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    this.simpleToken('key');
  }

  private fetchValue(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (this.simpleKeyIsValid(key)) {
      this.insertToken(key.tokenNumber - this.tokensParsed, { type: 'key', start: key.mark, end: key.mark });
      this.rollIndent(key.mark.column, key.tokenNumber, 'block-mapping-start', key.mark);
      key.possible = false;
      this.simpleKeysByToken.delete(key.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.fail(this.here(), 'mapping values are not allowed in this context');
        this.rollIndent(this.mark.column, -1, 'block-mapping-start', this.here());
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    this.simpleToken('value');
  }

  private fetchAnchor(type: 'alias' | 'anchor'): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanAnchor(type));
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanTag());
  }

  private fetchBlockScalar(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.insertToken(-1, this.scanBlockScalar());
  }

  private fetchFlowScalar(single: boolean): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanFlowScalar(single));
  }

  private fetchPlainScalar(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanPlainScalar());
  }

  // ---- scanners -----------------------------------------------------------------------------

  private scanToNextToken(): void {
    for (;;) {
      this.cache(1);
      if (this.mark.column === 0 && this.at() === 0xfeff) this.skip();
      this.cache(1);
      // Tabs separate tokens only in flow context or where no simple key may start.
      while (this.is(' ') || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.is('\t'))) {
        this.skip();
        this.cache(1);
      }
      if (this.is('#')) {
        while (!this.isBreakZ()) {
          this.skip();
          this.cache(1);
        }
      }
      if (!this.isBreak()) return;
      this.cache(2);
      this.skipLine();
      if (this.flowLevel === 0) this.simpleKeyAllowed = true;
    }
  }

  /** After a directive, block scalar header and the like: blanks, a comment, then a line end. */
  private finishLine(start: Mark): void {
    this.cache(1);
    while (this.isBlank()) {
      this.skip();
      this.cache(1);
    }
    if (this.is('#')) {
      while (!this.isBreakZ()) {
        this.skip();
        this.cache(1);
      }
    }
    if (!this.isBreakZ()) this.fail(start, 'did not find expected comment or line break');
    if (this.isBreak()) {
      this.cache(2);
      this.skipLine();
    }
  }

  private skipBlanks(): void {
    this.cache(1);
    while (this.isBlank()) {
      this.skip();
      this.cache(1);
    }
  }

  private scanDirective(): Token {
    const start = this.here();
    this.skip();
    this.cache(1);
    let name = '';
    while (isAlphaCode(this.at())) {
      name += String.fromCodePoint(this.at());
      this.skip();
      this.cache(1);
    }
    if (!name) this.fail(start, 'could not find expected directive name');
    if (!this.isBlankZ()) this.fail(start, 'found unexpected non-alphabetical character');
    let token: Token;
    if (name === 'YAML') {
      this.skipBlanks();
      const major = this.scanVersionNumber(start);
      if (!this.is('.')) this.fail(start, "did not find expected digit or '.' character");
      this.skip();
      const minor = this.scanVersionNumber(start);
      token = { type: 'version-directive', start, end: this.here(), major, minor };
    } else if (name === 'TAG') {
      this.skipBlanks();
      const handle = this.scanTagHandle(true, start);
      this.cache(1);
      if (!this.isBlank()) this.fail(start, 'did not find expected whitespace');
      this.skipBlanks();
      const prefix = this.scanTagUri('', start);
      this.cache(1);
      if (!this.isBlankZ()) this.fail(start, 'did not find expected whitespace or line break');
      token = { type: 'tag-directive', start, end: this.here(), value: handle, suffix: prefix };
    } else {
      this.fail(start, 'found unknown directive name');
    }
    this.finishLine(start);
    return token;
  }

  private scanVersionNumber(start: Mark): number {
    this.cache(1);
    let value = 0;
    let length = 0;
    while (isDigitCode(this.at())) {
      if (++length > 2) this.fail(start, 'found extremely long version number');
      value = value * 10 + (this.at() - 0x30);
      this.skip();
      this.cache(1);
    }
    if (length === 0) this.fail(start, 'did not find expected version number');
    return value;
  }

  private scanAnchor(type: 'alias' | 'anchor'): Token {
    const start = this.here();
    this.skip();
    this.cache(1);
    let name = '';
    while (isAlphaCode(this.at())) {
      name += String.fromCodePoint(this.at());
      this.skip();
      this.cache(1);
    }
    const end = this.here();
    if (!name || !(this.isBlankZ() || ANCHOR_ENDS.has(this.at()))) {
      this.fail(start, 'did not find expected alphabetic or numeric character');
    }
    return { type, start, end, value: name };
  }

  private scanTag(): Token {
    const start = this.here();
    this.cache(2);
    let handle: string;
    let suffix: string;
    if (this.is('<', 1)) {
      this.skip();
      this.skip();
      handle = '';
      suffix = this.scanTagUri('', start);
      if (!this.is('>')) this.fail(start, "did not find the expected '>'");
      this.skip();
    } else {
      handle = this.scanTagHandle(false, start);
      if (handle.length > 1 && handle.startsWith('!') && handle.endsWith('!')) {
        suffix = this.scanTagUri('', start);
      } else {
        suffix = this.scanTagUri(handle, start);
        handle = '!';
        if (!suffix) [handle, suffix] = [suffix, handle];
      }
    }
    this.cache(1);
    if (!this.isBlankZ()) this.fail(start, 'did not find expected whitespace or line break');
    return { type: 'tag', start, end: this.here(), value: handle, suffix };
  }

  private scanTagHandle(directive: boolean, start: Mark): string {
    this.cache(1);
    if (!this.is('!')) this.fail(start, "did not find expected '!'");
    let handle = '!';
    this.skip();
    this.cache(1);
    while (isAlphaCode(this.at())) {
      handle += String.fromCodePoint(this.at());
      this.skip();
      this.cache(1);
    }
    if (this.is('!')) {
      handle += '!';
      this.skip();
    } else if (directive && handle !== '!') {
      this.fail(start, "did not find expected '!'");
    }
    return handle;
  }

  private scanTagUri(head: string, start: Mark): string {
    let uri = head.slice(1);
    let hasTag = head.length > 0;
    this.cache(1);
    while (isAlphaCode(this.at()) || URI_CHARS.has(this.at())) {
      if (this.is('%')) uri += this.scanUriEscapes(start);
      else {
        uri += String.fromCodePoint(this.at());
        this.skip();
      }
      this.cache(1);
      hasTag = true;
    }
    if (!hasTag) this.fail(start, 'did not find expected tag URI');
    return uri;
  }

  private scanUriEscapes(start: Mark): string {
    const octets: number[] = [];
    let width = 1024;
    while (width > 0) {
      this.cache(3);
      if (!(this.is('%') && isHexCode(this.at(1)) && isHexCode(this.at(2)))) this.fail(start, 'did not find URI escaped octet');
      const octet = parseInt(String.fromCharCode(this.at(1), this.at(2)), 16);
      if (width === 1024) {
        width = (octet & 0x80) === 0 ? 1 : (octet & 0xe0) === 0xc0 ? 2 : (octet & 0xf0) === 0xe0 ? 3 : (octet & 0xf8) === 0xf0 ? 4 : 0;
        if (width === 0) this.fail(start, 'found an incorrect leading UTF-8 octet');
      } else if ((octet & 0xc0) !== 0x80) {
        this.fail(start, 'found an incorrect trailing UTF-8 octet');
      }
      octets.push(octet);
      this.skip();
      this.skip();
      this.skip();
      width--;
    }
    return Buffer.from(octets).toString('utf8');
  }

  private scanBlockScalar(): Token {
    const start = this.here();
    const literal = this.is('|');
    this.skip();
    this.cache(1);
    let chomping = 0;
    let increment = 0;
    const readChomping = () => { chomping = this.is('+') ? 1 : -1; this.skip(); };
    const readIndicator = () => {
      if (this.is('0')) this.fail(start, 'found an indentation indicator equal to 0');
      increment = this.at() - 0x30;
      this.skip();
    };
    if (this.is('+') || this.is('-')) {
      readChomping();
      this.cache(1);
      if (isDigitCode(this.at())) readIndicator();
    } else if (isDigitCode(this.at())) {
      readIndicator();
      this.cache(1);
      if (this.is('+') || this.is('-')) readChomping();
    }
    this.finishLine(start);
    const breaks = { indent: increment > 0 ? (this.indent >= 0 ? this.indent + increment : increment) : 0, text: '' };
    this.scanBlockScalarBreaks(breaks, start);
    this.cache(1);
    let value = '';
    let leadingBreak = '';
    let leadingBlank = false;
    while (this.mark.column === breaks.indent && !this.isZ()) {
      // Folded scalars join lines with a space, except around more-indented lines.
      const trailingBlank = this.isBlank();
      if (!literal && !leadingBlank && !trailingBlank && leadingBreak.startsWith('\n')) {
        if (!breaks.text) value += ' ';
      } else {
        value += leadingBreak;
      }
      value += breaks.text;
      breaks.text = '';
      leadingBlank = this.isBlank();
      while (!this.isBreakZ()) {
        value += this.read();
        this.cache(1);
      }
      this.cache(2);
      leadingBreak = this.readLine();
      this.scanBlockScalarBreaks(breaks, start);
    }
    if (chomping !== -1) value += leadingBreak;
    if (chomping === 1) value += breaks.text;
    return { type: 'scalar', start, end: this.here(), value, plain: false };
  }

  /**
   * Skips indentation and empty lines (collecting their breaks); settles the indentation when it
   * is still open (0).
   */
  private scanBlockScalarBreaks(breaks: { indent: number; text: string }, start: Mark): void {
    let maxIndent = 0;
    for (;;) {
      this.cache(1);
      while ((breaks.indent === 0 || this.mark.column < breaks.indent) && this.is(' ')) {
        this.skip();
        this.cache(1);
      }
      if (this.mark.column > maxIndent) maxIndent = this.mark.column;
      if ((breaks.indent === 0 || this.mark.column < breaks.indent) && this.is('\t')) {
        this.fail(start, 'found a tab character where an indentation space is expected');
      }
      if (!this.isBreak()) break;
      this.cache(2);
      breaks.text += this.readLine();
    }
    if (breaks.indent === 0) breaks.indent = Math.max(maxIndent, this.indent + 1, 1);
  }

  private scanFlowScalar(single: boolean): Token {
    const start = this.here();
    this.skip();
    let value = '';
    for (;;) {
      this.cache(4);
      if (this.mark.column === 0 && this.isBlankZ(3) &&
        ((this.is('-') && this.is('-', 1) && this.is('-', 2)) || (this.is('.') && this.is('.', 1) && this.is('.', 2)))) {
        this.fail(start, 'found unexpected document indicator');
      }
      if (this.isZ()) this.fail(start, 'found unexpected end of stream');
      let leadingBlanks = false;
      while (!this.isBlankZ()) {
        if (single && this.is("'") && this.is("'", 1)) {
          value += "'";
          this.skip();
          this.skip();
        } else if (single && this.is("'")) {
          break;
        } else if (!single && this.is('"')) {
          break;
        } else if (!single && this.is('\\') && this.isBreak(1)) {
          this.cache(3);
          this.skip();
          this.skipLine();
          leadingBlanks = true;
          break;
        } else if (!single && this.is('\\')) {
          value += this.scanEscape(start);
        } else {
          value += this.read();
        }
        this.cache(2);
      }
      this.cache(1);
      if (this.is(single ? "'" : '"')) break;
      let whitespace = '';
      let leadingBreak = '';
      let trailingBreaks = '';
      while (this.isBlank() || this.isBreak()) {
        if (this.isBlank()) {
          if (leadingBlanks) this.skip();
          else whitespace += this.read();
        } else {
          this.cache(2);
          if (leadingBlanks) {
            trailingBreaks += this.readLine();
          } else {
            whitespace = '';
            leadingBreak = this.readLine();
            leadingBlanks = true;
          }
        }
        this.cache(1);
      }
      value += leadingBlanks ? joinLines(leadingBreak, trailingBreaks) : whitespace;
    }
    this.skip();
    return { type: 'scalar', start, end: this.here(), value, plain: false };
  }

  /** A double-quoted escape sequence, as the text it stands for. */
  private scanEscape(start: Mark): string {
    const escape = String.fromCodePoint(this.at(1));
    const codeLength = { x: 2, u: 4, U: 8 }[escape as 'x' | 'u' | 'U'] ?? 0;
    const simple = SIMPLE_ESCAPES[escape];
    if (codeLength === 0 && simple === undefined) this.fail(start, 'found unknown escape character');
    this.skip();
    this.skip();
    if (codeLength === 0) return simple!;
    this.cache(codeLength);
    let code = 0;
    for (let k = 0; k < codeLength; k++) {
      if (!isHexCode(this.at(k))) this.fail(start, 'did not find expected hexdecimal number');
      code = code * 16 + parseInt(String.fromCharCode(this.at(k)), 16);
    }
    if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) this.fail(start, 'found invalid Unicode character escape code');
    for (let k = 0; k < codeLength; k++) this.skip();
    return String.fromCodePoint(code);
  }

  private scanPlainScalar(): Token {
    const start = this.here();
    const indent = this.indent + 1;
    let value = '';
    let leadingBlanks = false;
    let whitespace = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    for (;;) {
      this.cache(4);
      if (this.mark.column === 0 && this.isBlankZ(3) &&
        ((this.is('-') && this.is('-', 1) && this.is('-', 2)) || (this.is('.') && this.is('.', 1) && this.is('.', 2)))) break;
      if (this.is('#')) break;
      while (!this.isBlankZ()) {
        if ((this.is(':') && this.isBlankZ(1)) ||
          (this.flowLevel > 0 && (this.is(',') || this.is('?') || this.is('[') || this.is(']') || this.is('{') || this.is('}')))) break;
        if (leadingBlanks) {
          value += joinLines(leadingBreak, trailingBreaks);
          leadingBreak = trailingBreaks = '';
          leadingBlanks = false;
        } else {
          value += whitespace;
          whitespace = '';
        }
        value += this.read();
        this.cache(2);
      }
      if (!(this.isBlank() || this.isBreak())) break;
      this.cache(1);
      while (this.isBlank() || this.isBreak()) {
        if (this.isBlank()) {
          if (leadingBlanks && this.mark.column < indent && this.is('\t')) {
            this.fail(start, 'found a tab character that violates indentation');
          }
          if (leadingBlanks) this.skip();
          else whitespace += this.read();
        } else {
          this.cache(2);
          if (leadingBlanks) {
            trailingBreaks += this.readLine();
          } else {
            whitespace = '';
            leadingBreak = this.readLine();
            leadingBlanks = true;
          }
        }
        this.cache(1);
      }
      if (this.flowLevel === 0 && this.mark.column < indent) break;
    }
    if (leadingBlanks) this.simpleKeyAllowed = true;
    return { type: 'scalar', start, end: this.here(), value, plain: true };
  }
}

/** Line folding in flow and plain scalars: one break becomes a space, more keep all but the first. */
function joinLines(leadingBreak: string, trailingBreaks: string): string {
  if (leadingBreak.startsWith('\n')) return trailingBreaks || ' ';
  return leadingBreak + trailingBreaks;
}
