/**
 * Dotted paths into a scenario object, as typed on the command line: `machine.pageSizeBytes`,
 * `workloads.0.frameSizeBytes`. Numeric segments index arrays. Setting returns a copy; the
 * base scenario is never changed, so every grid point starts from the same object.
 */
export class PathError extends Error {
  override name = 'PathError';
}

export function splitPath(path: string): string[] {
  const segments = path.split('.');
  if (path === '' || segments.some((s) => s === '')) throw new PathError(`path '${path}' has an empty segment`);
  return segments;
}

export function getPath(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const segment of splitPath(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

export function hasPath(root: unknown, path: string): boolean {
  return getPath(root, path) !== undefined;
}

/**
 * Returns a deep copy of `root` with `value` at `path`. Every segment but the last must
 * exist; the last may be new on an object (the scenario validator rejects unknown fields),
 * but an array index must be within the array.
 */
export function setPath<T>(root: T, path: string, value: unknown): T {
  const segments = splitPath(path);
  const copy = structuredClone(root);
  let node: unknown = copy;
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    if (node === null || typeof node !== 'object') {
      throw new PathError(`path '${path}': '${segments.slice(0, i).join('.')}' is not an object or array`);
    }
    if (Array.isArray(node)) {
      const index = Number(segment);
      if (!(Number.isInteger(index) && index >= 0 && index < node.length)) {
        throw new PathError(`path '${path}': index '${segment}' is outside the array of ${node.length} at '${segments.slice(0, i).join('.') || '(root)'}'`);
      }
      if (last) node[index] = value;
      else node = node[index];
      continue;
    }
    const record = node as Record<string, unknown>;
    if (last) record[segment] = value;
    else {
      if (!(segment in record)) throw new PathError(`path '${path}': no field '${segment}' at '${segments.slice(0, i).join('.') || '(root)'}'`);
      node = record[segment];
    }
  }
  return copy;
}
