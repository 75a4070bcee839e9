// go-yaml v2's event parser (libyaml's parser.c) and its composer: the first document as a node
// tree, or the first error. Like yaml.Unmarshal it reads only the first document and stops at that
// document's end, so anything after it is never looked at.
import { Scanner, YamlError, type Mark, type Token, type TokenType } from './scanner.js';

type EventType =
  | 'stream-start' | 'stream-end' | 'document-start' | 'document-end' | 'alias' | 'scalar'
  | 'sequence-start' | 'sequence-end' | 'mapping-start' | 'mapping-end';

interface Event {
  type: EventType;
  anchor?: string;
  /** Resolved tag ('' when none). */
  tag?: string;
  value?: string;
  /** Plain, or tagged with the non-specific '!': the value's type is inferred. */
  implicit?: boolean;
}

/** go-yaml's node tree for one document. */
export type YamlNode =
  | { kind: 'scalar'; value: string; tag: string; implicit: boolean }
  | { kind: 'mapping'; children: YamlNode[] }
  | { kind: 'sequence'; children: YamlNode[] }
  | { kind: 'alias'; name: string; target: YamlNode };

type State =
  | 'stream-start' | 'implicit-document-start' | 'document-start' | 'document-content' | 'document-end'
  | 'block-node' | 'block-node-or-indentless-sequence' | 'flow-node'
  | 'block-sequence-first-entry' | 'block-sequence-entry' | 'indentless-sequence-entry'
  | 'block-mapping-first-key' | 'block-mapping-key' | 'block-mapping-value'
  | 'flow-sequence-first-entry' | 'flow-sequence-entry' | 'flow-sequence-entry-mapping-key'
  | 'flow-sequence-entry-mapping-value' | 'flow-sequence-entry-mapping-end'
  | 'flow-mapping-first-key' | 'flow-mapping-key' | 'flow-mapping-value' | 'flow-mapping-empty-value' | 'end';

const DEFAULT_TAG_HANDLES: Array<[string, string]> = [['!', '!'], ['!!', 'tag:yaml.org,2002:']];

/**
 * The first document of `text` as go-yaml composes it (null for an empty stream); throws
 * YamlError with go-yaml's first problem.
 */
export function composeFirstYamlDocument(text: string): YamlNode | null {
  const parser = new EventParser(new Scanner(text));
  const anchors = new Map<string, YamlNode>();
  parser.next(); // stream start
  if (parser.next().type !== 'document-start') return null;

  const toNode = (event: Event): YamlNode => {
    if (event.type === 'alias') {
      const target = anchors.get(event.anchor!);
      if (!target) throw new YamlError('parser', `unknown anchor '${event.anchor}' referenced`);
      return { kind: 'alias', name: event.anchor!, target };
    }
    const node: YamlNode = event.type === 'scalar'
      ? { kind: 'scalar', value: event.value ?? '', tag: event.tag ?? '', implicit: event.implicit ?? false }
      : { kind: event.type === 'mapping-start' ? 'mapping' : 'sequence', children: [] };
    if (event.anchor !== undefined) anchors.set(event.anchor, node); // before any children: they may refer to it
    return node;
  };

  // Iterative, so nesting up to go-yaml's own limit cannot overflow the stack.
  let root: YamlNode | undefined;
  const open: Array<{ children: YamlNode[]; end: EventType }> = [];
  do {
    const event = parser.next();
    const parent = open[open.length - 1];
    if (parent && event.type === parent.end) {
      open.pop();
      continue;
    }
    const node = toNode(event);
    if (parent) parent.children.push(node);
    else root = node;
    if (node.kind === 'mapping' || node.kind === 'sequence') {
      open.push({ children: node.children, end: node.kind === 'mapping' ? 'mapping-end' : 'sequence-end' });
    }
  } while (open.length > 0);
  parser.next(); // document end
  return root!;
}

class EventParser {
  private state: State = 'stream-start';
  private readonly states: State[] = [];
  private readonly marks: Mark[] = [];
  /** Tag handle → prefix for the current document. */
  private tagHandles = new Map<string, string>();

  constructor(private readonly scanner: Scanner) {}

  next(): Event {
    switch (this.state) {
      case 'stream-start': return this.streamStart();
      case 'implicit-document-start': return this.documentStart(true);
      case 'document-start': return this.documentStart(false);
      case 'document-content': return this.documentContent();
      case 'document-end': return this.documentEnd();
      case 'block-node': return this.node(true, false);
      case 'block-node-or-indentless-sequence': return this.node(true, true);
      case 'flow-node': return this.node(false, false);
      case 'block-sequence-first-entry': return this.blockSequenceEntry(true);
      case 'block-sequence-entry': return this.blockSequenceEntry(false);
      case 'indentless-sequence-entry': return this.indentlessSequenceEntry();
      case 'block-mapping-first-key': return this.blockMappingKey(true);
      case 'block-mapping-key': return this.blockMappingKey(false);
      case 'block-mapping-value': return this.blockMappingValue();
      case 'flow-sequence-first-entry': return this.flowSequenceEntry(true);
      case 'flow-sequence-entry': return this.flowSequenceEntry(false);
      case 'flow-sequence-entry-mapping-key': return this.flowSequenceEntryMappingKey();
      case 'flow-sequence-entry-mapping-value': return this.flowSequenceEntryMappingValue();
      case 'flow-sequence-entry-mapping-end': return this.flowSequenceEntryMappingEnd();
      case 'flow-mapping-first-key': return this.flowMappingKey(true);
      case 'flow-mapping-key': return this.flowMappingKey(false);
      case 'flow-mapping-value': return this.flowMappingValue(false);
      case 'flow-mapping-empty-value': return this.flowMappingValue(true);
      case 'end': return { type: 'stream-end' };
    }
  }

  private peek(): Token { return this.scanner.peek(); }
  private skip(): void { this.scanner.skipToken(); }
  private popState(): void { this.state = this.states.pop()!; }
  private is(token: Token, ...types: TokenType[]): boolean { return types.includes(token.type); }

  private error(problem: string, problemMark: Mark, contextMark?: Mark): never {
    throw new YamlError('parser', problem, problemMark, contextMark);
  }

  /** A collection's "did not find expected …" error, in the context of where the collection began. */
  private collectionError(problem: string, token: Token): never {
    this.error(problem, token.start, this.marks.pop());
  }

  /** libyaml's empty scalar (a missing value): plain, untagged, ''. */
  private empty(): Event { return { type: 'scalar', value: '', tag: '', implicit: true }; }

  private streamStart(): Event {
    const token = this.peek();
    if (token.type !== 'stream-start') this.error('did not find expected <stream-start>', token.start);
    this.state = 'implicit-document-start';
    this.skip();
    return { type: 'stream-start' };
  }

  private documentStart(implicit: boolean): Event {
    let token = this.peek();
    if (!implicit) {
      while (token.type === 'document-end') {
        this.skip();
        token = this.peek();
      }
    }
    if (implicit && !this.is(token, 'version-directive', 'tag-directive', 'document-start', 'stream-end')) {
      this.processDirectives();
      this.states.push('document-end');
      this.state = 'block-node';
      return { type: 'document-start' };
    }
    if (token.type !== 'stream-end') {
      this.processDirectives();
      token = this.peek();
      if (token.type !== 'document-start') this.error('did not find expected <document start>', token.start);
      this.states.push('document-end');
      this.state = 'document-content';
      this.skip();
      return { type: 'document-start' };
    }
    this.state = 'end';
    this.skip();
    return { type: 'stream-end' };
  }

  private processDirectives(): void {
    let sawVersion = false;
    let token = this.peek();
    while (this.is(token, 'version-directive', 'tag-directive')) {
      if (token.type === 'version-directive') {
        if (sawVersion) this.error('found duplicate %YAML directive', token.start);
        if (token.major !== 1 || token.minor !== 1) this.error('found incompatible YAML document', token.start);
        sawVersion = true;
      } else {
        if (this.tagHandles.has(token.value!)) this.error('found duplicate %TAG directive', token.start);
        this.tagHandles.set(token.value!, token.suffix!);
      }
      this.skip();
      token = this.peek();
    }
    for (const [handle, prefix] of DEFAULT_TAG_HANDLES) if (!this.tagHandles.has(handle)) this.tagHandles.set(handle, prefix);
  }

  private documentContent(): Event {
    const token = this.peek();
    if (this.is(token, 'version-directive', 'tag-directive', 'document-start', 'document-end', 'stream-end')) {
      this.popState();
      return this.empty();
    }
    return this.node(true, false);
  }

  private documentEnd(): Event {
    const token = this.peek();
    if (token.type === 'document-end') this.skip();
    this.tagHandles = new Map();
    this.state = 'document-start';
    return { type: 'document-end' };
  }

  private node(block: boolean, indentlessSequence: boolean): Event {
    let token = this.peek();
    if (token.type === 'alias') {
      this.popState();
      this.skip();
      return { type: 'alias', anchor: token.value! };
    }
    const start = token.start;
    let anchor: string | undefined;
    let tagToken: Token | undefined;
    // Node properties: an anchor and a tag, in either order.
    for (let i = 0; i < 2; i++) {
      if (token.type === 'anchor' && anchor === undefined) anchor = token.value!;
      else if (token.type === 'tag' && !tagToken) tagToken = token;
      else break;
      this.skip();
      token = this.peek();
    }
    let tag = '';
    if (tagToken) {
      const prefix = tagToken.value ? this.tagHandles.get(tagToken.value) : '';
      if (prefix === undefined) this.error('found undefined tag handle', tagToken.start, start);
      tag = prefix + tagToken.suffix!;
    }
    if (indentlessSequence && token.type === 'block-entry') {
      this.state = 'indentless-sequence-entry';
      return { type: 'sequence-start', anchor };
    }
    if (token.type === 'scalar') {
      this.popState();
      this.skip();
      const implicit = (tag === '' && token.plain === true) || tag === '!';
      return { type: 'scalar', anchor, tag, value: token.value, implicit };
    }
    const collections: Array<[TokenType, EventType, State]> = [
      ['flow-sequence-start', 'sequence-start', 'flow-sequence-first-entry'],
      ['flow-mapping-start', 'mapping-start', 'flow-mapping-first-key'],
    ];
    if (block) {
      collections.push(
        ['block-sequence-start', 'sequence-start', 'block-sequence-first-entry'],
        ['block-mapping-start', 'mapping-start', 'block-mapping-first-key'],
      );
    }
    for (const [tokenType, eventType, state] of collections) {
      if (token.type === tokenType) {
        this.state = state;
        return { type: eventType, anchor };
      }
    }
    if (anchor !== undefined || tag) {
      this.popState();
      return { type: 'scalar', anchor, tag, value: '', implicit: tag === '' };
    }
    this.error('did not find expected node content', token.start, start);
  }

  /** Opens a collection: remembers where it began for later errors and consumes its start token. */
  private open(): void {
    this.marks.push(this.peek().start);
    this.skip();
  }

  private close(type: EventType, consume: boolean): Event {
    this.popState();
    this.marks.pop();
    if (consume) this.skip();
    return { type };
  }

  private blockSequenceEntry(first: boolean): Event {
    if (first) this.open();
    let token = this.peek();
    if (token.type === 'block-entry') {
      this.skip();
      token = this.peek();
      if (!this.is(token, 'block-entry', 'block-end')) {
        this.states.push('block-sequence-entry');
        return this.node(true, false);
      }
      this.state = 'block-sequence-entry';
      return this.empty();
    }
    if (token.type === 'block-end') return this.close('sequence-end', true);
    this.collectionError("did not find expected '-' indicator", token);
  }

  private indentlessSequenceEntry(): Event {
    let token = this.peek();
    if (token.type === 'block-entry') {
      this.skip();
      token = this.peek();
      if (!this.is(token, 'block-entry', 'key', 'value', 'block-end')) {
        this.states.push('indentless-sequence-entry');
        return this.node(true, false);
      }
      this.state = 'indentless-sequence-entry';
      return this.empty();
    }
    this.popState();
    return { type: 'sequence-end' };
  }

  private blockMappingKey(first: boolean): Event {
    if (first) this.open();
    let token = this.peek();
    if (token.type === 'key') {
      this.skip();
      token = this.peek();
      if (!this.is(token, 'key', 'value', 'block-end')) {
        this.states.push('block-mapping-value');
        return this.node(true, true);
      }
      this.state = 'block-mapping-value';
      return this.empty();
    }
    if (token.type === 'block-end') return this.close('mapping-end', true);
    this.collectionError('did not find expected key', token);
  }

  private blockMappingValue(): Event {
    let token = this.peek();
    if (token.type === 'value') {
      this.skip();
      token = this.peek();
      if (!this.is(token, 'key', 'value', 'block-end')) {
        this.states.push('block-mapping-key');
        return this.node(true, true);
      }
    }
    this.state = 'block-mapping-key';
    return this.empty();
  }

  private flowSequenceEntry(first: boolean): Event {
    if (first) this.open();
    let token = this.peek();
    if (token.type !== 'flow-sequence-end') {
      if (!first) {
        if (token.type !== 'flow-entry') this.collectionError("did not find expected ',' or ']'", token);
        this.skip();
        token = this.peek();
      }
      if (token.type === 'key') {
        this.state = 'flow-sequence-entry-mapping-key';
        this.skip();
        return { type: 'mapping-start' };
      }
      if (token.type !== 'flow-sequence-end') {
        this.states.push('flow-sequence-entry');
        return this.node(false, false);
      }
    }
    return this.close('sequence-end', true);
  }

  private flowSequenceEntryMappingKey(): Event {
    const token = this.peek();
    if (!this.is(token, 'value', 'flow-entry', 'flow-sequence-end')) {
      this.states.push('flow-sequence-entry-mapping-value');
      return this.node(false, false);
    }
    this.skip();
    this.state = 'flow-sequence-entry-mapping-value';
    return this.empty();
  }

  private flowSequenceEntryMappingValue(): Event {
    const token = this.peek();
    if (token.type === 'value') {
      this.skip();
      if (!this.is(this.peek(), 'flow-entry', 'flow-sequence-end')) {
        this.states.push('flow-sequence-entry-mapping-end');
        return this.node(false, false);
      }
    }
    this.state = 'flow-sequence-entry-mapping-end';
    return this.empty();
  }

  private flowSequenceEntryMappingEnd(): Event {
    this.peek();
    this.state = 'flow-sequence-entry';
    return { type: 'mapping-end' };
  }

  private flowMappingKey(first: boolean): Event {
    if (first) this.open();
    let token = this.peek();
    if (token.type !== 'flow-mapping-end') {
      if (!first) {
        if (token.type !== 'flow-entry') this.collectionError("did not find expected ',' or '}'", token);
        this.skip();
        token = this.peek();
      }
      if (token.type === 'key') {
        this.skip();
        token = this.peek();
        if (!this.is(token, 'value', 'flow-entry', 'flow-mapping-end')) {
          this.states.push('flow-mapping-value');
          return this.node(false, false);
        }
        this.state = 'flow-mapping-value';
        return this.empty();
      }
      if (token.type !== 'flow-mapping-end') {
        this.states.push('flow-mapping-empty-value');
        return this.node(false, false);
      }
    }
    return this.close('mapping-end', true);
  }

  private flowMappingValue(empty: boolean): Event {
    const token = this.peek();
    if (!empty && token.type === 'value') {
      this.skip();
      if (!this.is(this.peek(), 'flow-entry', 'flow-mapping-end')) {
        this.states.push('flow-mapping-key');
        return this.node(false, false);
      }
    }
    this.state = 'flow-mapping-key';
    return this.empty();
  }
}
