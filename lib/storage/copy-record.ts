/**
 * A deep copy of a record made of plain objects, arrays and primitives (what
 * applications and templates are): a spread per object, much cheaper than
 * `structuredClone` for records this small.
 */
export function copyRecord<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyRecord) as T;
  const copy = { ...value } as Record<string, unknown>;
  for (const key in copy) {
    const field = copy[key];
    if (typeof field !== 'object' || field === null) continue;
    // An own `__proto__` field (JSON.parse makes them) must stay a field, not become the prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: copyRecord(field), enumerable: true });
    else copy[key] = copyRecord(field);
  }
  return copy as T;
}
