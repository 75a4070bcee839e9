// The building block of upstream's value transformers (storage/value/transformer.go): a list of
// transforms, each owning a byte prefix. Writes use the first and prepend its prefix; reads strip
// the first matching prefix and fall through to later matches when one fails, so the same provider
// may appear twice with different keys during a rotation.

/** One step of turning stored bytes into plaintext and back, bound to the value's storage key. */
export interface Transform {
  toStorage(plain: Uint8Array, authenticatedData: Uint8Array): Uint8Array;
  /** Throws TransformError when the value cannot be read (wrong key, tampered, unknown format). */
  fromStorage(stored: Uint8Array, authenticatedData: Uint8Array): Uint8Array;
}

export interface PrefixedTransform {
  prefix: Uint8Array;
  transform: Transform;
}

/**
 * A failed read. Several failures read as utilerrors' aggregate does: nested lists flattened,
 * duplicates dropped, one alone as itself, more as `[a, b]`.
 */
export class TransformError extends Error {
  constructor(readonly reasons: readonly string[]) {
    const unique = [...new Set(reasons)];
    super(unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`);
    this.name = 'TransformError';
  }
}

const reasonsOf = (error: unknown): readonly string[] =>
  error instanceof TransformError ? error.reasons : [error instanceof Error ? error.message : String(error)];

export function hasPrefix(data: Uint8Array, prefix: Uint8Array): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix[i]) return false;
  return true;
}

export class PrefixTransformers implements Transform {
  constructor(
    private readonly transforms: readonly PrefixedTransform[],
    /** The error when no prefix matches (upstream passes one per use, e.g. "no matching prefix found"). */
    private readonly noMatchMessage: string,
  ) {
    if (transforms.length === 0) throw new Error('PrefixTransformers needs at least one transform');
  }

  /** Everything written before the ciphertext: this level's first prefix, then the nested ones'. */
  get writePrefix(): Uint8Array {
    const { prefix, transform } = this.transforms[0]!;
    return transform instanceof PrefixTransformers ? Buffer.concat([prefix, transform.writePrefix]) : prefix;
  }

  toStorage(plain: Uint8Array, authenticatedData: Uint8Array): Uint8Array {
    const { prefix, transform } = this.transforms[0]!;
    return Buffer.concat([prefix, transform.toStorage(plain, authenticatedData)]);
  }

  fromStorage(stored: Uint8Array, authenticatedData: Uint8Array): Uint8Array {
    const failures: string[] = [];
    for (const { prefix, transform } of this.transforms) {
      if (!hasPrefix(stored, prefix)) continue;
      try {
        return transform.fromStorage(stored.subarray(prefix.length), authenticatedData);
      } catch (error) {
        // An empty prefix is identity refusing encrypted data: not a failure, the next provider may read it.
        if (prefix.length === 0) continue;
        failures.push(...reasonsOf(error));
      }
    }
    throw new TransformError(failures.length > 0 ? failures : [this.noMatchMessage]);
  }
}
