// Rules for the relative paths files take inside a configuration volume: the API's check on
// item paths, and the atomic writer's own check before it writes (names starting with `..`
// are reserved for the writer's `..data` link and timestamped directories).

const MAX_PATH_BYTES = 4096;
const MAX_FILENAME_BYTES = 255;

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** Go's filepath.Clean on `/`-separated paths: no empty or `.` elements, `..` resolved lexically. */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') parts.push(part);
    else if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (!rooted) parts.push('..');
  }
  const joined = parts.join('/');
  return rooted ? `/${joined}` : joined || '.';
}

/**
 * The atomic writer's validatePath: undefined when the path may be written, else the error text
 * the kubelet reports (byte lengths, as Go counts them).
 */
export function payloadPathError(path: string): string | undefined {
  if (path === '') return 'invalid path: must not be empty: ""';
  if (path.startsWith('/')) return `invalid path: must be relative path: ${path}`;
  if (byteLength(path) > MAX_PATH_BYTES) return `invalid path: must be less than or equal to ${MAX_PATH_BYTES} characters`;
  const elements = path.split('/');
  for (const element of elements) {
    if (element === '..') return `invalid path: must not contain '..': ${path}`;
    if (byteLength(element) > MAX_FILENAME_BYTES) {
      return `invalid path: filenames must be less than or equal to ${MAX_FILENAME_BYTES} characters`;
    }
  }
  if (elements[0]!.startsWith('..') && elements[0]!.length > 2) return `invalid path: must not start with '..': ${path}`;
  return undefined;
}

/**
 * ValidateLocalNonReservedPath's details for an item, downward API or token `path` (each becomes
 * `Invalid value: "<path>": <detail>` on the field). `..` itself earns two.
 */
export function localNonReservedPathErrors(path: string): string[] {
  const errs: string[] = [];
  if (path.startsWith('/')) errs.push('must be a relative path');
  if (path.split('/').includes('..')) errs.push("must not contain '..'");
  if (path.startsWith('..') && !path.startsWith('../')) errs.push("must not start with '..'");
  return errs;
}
