// Valid JSON read the way Go's decoder walks it: object members in document order with
// duplicates kept, and numbers with their literal text. JSON.parse loses both (integer-like keys
// move first, later duplicates win, 1.0 becomes 1), and Go's first type error depends on them.

/** A JSON object: every member in document order, duplicates included. */
export class OrderedObject {
  constructor(readonly entries: Array<[string, unknown]>) {}
}

/** A JSON number as written (Go parses integers from this text: "1.0" is not an int64). */
export class NumberLiteral {
  constructor(readonly text: string) {}
}

type Open = { items: unknown[] } | { entries: Array<[string, unknown]>; key: string | undefined };

/**
 * Parses text that goJsonSyntaxError accepted into plain arrays, strings, booleans and null plus
 * OrderedObject and NumberLiteral. Iterative, so Go's 10000 levels of nesting cannot overflow the stack.
 */
export function parseOrderedJson(text: string): unknown {
  const stack: Open[] = [];
  let pos = 0;
  let result: unknown;

  const skipSpace = () => { while (pos < text.length && ' \t\r\n'.includes(text[pos]!)) pos++; };
  const readString = (): string => {
    const start = pos;
    pos++;
    while (text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1;
    pos++;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const place = (value: unknown) => {
    const top = stack[stack.length - 1];
    if (!top) result = value;
    else if ('items' in top) top.items.push(value);
    else { top.entries.push([top.key!, value]); top.key = undefined; }
  };

  for (;;) {
    skipSpace();
    const c = text[pos];
    const top = stack[stack.length - 1];
    if (top && 'entries' in top && top.key === undefined && c === '"') {
      top.key = readString();
      skipSpace();
      pos++; // the ':'
      continue;
    }
    if (c === ',') { pos++; continue; }
    if (c === '}' || c === ']') {
      pos++;
      const done = stack.pop()!;
      place('items' in done ? done.items : new OrderedObject(done.entries));
    } else if (c === '{') {
      pos++;
      stack.push({ entries: [], key: undefined });
      continue;
    } else if (c === '[') {
      pos++;
      stack.push({ items: [] });
      continue;
    } else if (c === '"') {
      place(readString());
    } else if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      pos += word.length;
      place(word === 'null' ? null : word === 'true');
    } else {
      const start = pos;
      while (pos < text.length && /[-+.eE0-9]/.test(text[pos]!)) pos++;
      place(new NumberLiteral(text.slice(start, pos)));
    }
    if (stack.length === 0) return result;
  }
}
