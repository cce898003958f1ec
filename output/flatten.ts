/**
 * Nested results to flat columns: `{ metrics: { pps: 1 } }` becomes `{ 'metrics.pps': 1 }`,
 * arrays are indexed (`queues.0.memoryBytes`). Column names keep the units the models put in
 * their field names.
 */
export type Scalar = string | number | boolean | null;

export function flatten(value: unknown, prefix = '', out: Record<string, Scalar> = {}): Record<string, Scalar> {
  if (value === null || typeof value !== 'object') {
    if (prefix !== '') out[prefix] = toScalar(value);
    return out;
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  if (entries.length === 0 && prefix !== '') out[prefix] = Array.isArray(value) ? '[]' : '{}';
  for (const [key, child] of entries) flatten(child, prefix === '' ? key : `${prefix}.${key}`, out);
  return out;
}

function toScalar(value: unknown): Scalar {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === undefined) return null;
  return String(value);
}
