// `$(VAR)` references in env values, command and args, as Kubernetes expands them
// (third_party/forked/golang/expansion): `$$` escapes, unknown references stay literal,
// no nesting, no shell syntax, no backslash escapes.

/** Resolves one variable name to the text that replaces `$(name)`. */
export type Mapping = (name: string) => string;

export type VariableSource = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

function lookup(source: VariableSource, name: string): string | undefined {
  if (source instanceof Map) return source.get(name);
  const record = source as Readonly<Record<string, string>>;
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/**
 * A mapping that consults the sources in order and leaves an undefined reference as the literal
 * `$(name)`. Sources are read at lookup time, so a map that grows is seen as it grows.
 */
export function mappingFuncFor(...sources: VariableSource[]): Mapping {
  return (name) => {
    for (const source of sources) {
      const value = lookup(source, name);
      if (value !== undefined) return value;
    }
    return `$(${name})`;
  };
}

/** What follows a `$`: the text to emit, whether it names a variable, and how many characters it used. */
interface Reference {
  text: string;
  isVariable: boolean;
  consumed: number;
}

/** Reads what follows the `$` at input[start - 1]; start is within input. */
function readReference(input: string, start: number): Reference {
  const next = input[start];
  if (next === '$') return { text: '$', isVariable: false, consumed: 1 };
  if (next === '(') {
    const close = input.indexOf(')', start + 1);
    if (close >= 0) return { text: input.slice(start + 1, close), isVariable: true, consumed: close - start + 1 };
    // An unterminated `$(` is kept, and scanning resumes right after the `(`.
    return { text: '$(', isVariable: false, consumed: 1 };
  }
  // `$` before anything else is not an expression: keep both characters.
  return { text: '$' + next, isVariable: false, consumed: 1 };
}

/** expansion.Expand: replaces `$(NAME)` using mapping, `$$` with `$`; everything else is kept. */
export function expand(input: string, mapping: Mapping): string {
  let out = '';
  let copiedUpTo = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    // A trailing lone `$` is ordinary text.
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(copiedUpTo, cursor);
    const reference = readReference(input, cursor + 1);
    out += reference.isVariable ? mapping(reference.text) : reference.text;
    cursor += reference.consumed;
    copiedUpTo = cursor + 1;
  }
  return out + input.slice(copiedUpTo);
}
