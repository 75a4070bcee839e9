// Equality of plain JSON values as their serialized forms compare, without serializing: object
// keys in any order, properties holding undefined absent (JSON.stringify drops them), undefined
// list items equal to null (JSON.stringify writes them so).

/** Whether `a` and `b` would serialize to the same JSON once object keys are sorted. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (!sameJson(a[i] ?? null, b[i] ?? null)) return false;
    }
    return true;
  }
  if (!isObject(a) || !isObject(b)) return false;
  let defined = 0;
  for (const key of Object.keys(a)) {
    const value = a[key];
    if (value === undefined) continue;
    defined++;
    if (!sameJson(value, b[key])) return false;
  }
  for (const key of Object.keys(b)) {
    if (b[key] !== undefined) defined--;
  }
  return defined === 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
