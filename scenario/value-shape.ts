/**
 * The shape every scenario value must have before anything walks it recursively: nested at
 * most a bound deep, and with only finite numbers. Files are held to this by the JSON scan;
 * this check holds values built in code (a bug report's scenario, a sweep point, a
 * generated property case) to it too. The walk is iterative, so a value nested 100,000
 * deep is reported, not a stack overflow.
 */
import { jsonPath, type ScenarioProblem } from './problems.ts';

interface Node {
  value: unknown;
  depth: number;
  parent: Node | null;
  key: string;
}

export function valueShapeProblem(value: unknown, maxDepth: number): ScenarioProblem | null {
  const stack: Node[] = [{ value, depth: 0, parent: null, key: '' }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { where: jsonPath(pointerOf(node)), message: `expected a finite number, found ${String(v)}` };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (node.depth === maxDepth) {
      return { where: jsonPath(pointerOf(node)), message: `expected at most ${maxDepth} levels of nested arrays and objects, found more` };
    }
    // Pushed in reverse so that the first problem in document order is the one reported.
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) if ((v[i] !== null && typeof v[i] === 'object') || typeof v[i] === 'number') stack.push({ value: v[i], depth: node.depth + 1, parent: node, key: String(i) });
    } else {
      const keys = Object.keys(v);
      for (let k = keys.length - 1; k >= 0; k--) stack.push({ value: (v as Record<string, unknown>)[keys[k]], depth: node.depth + 1, parent: node, key: keys[k] });
    }
  }
  return null;
}

/** The JSON pointer of a node, built only for the one that is reported. */
function pointerOf(node: Node): string {
  const keys: string[] = [];
  for (let n: Node | null = node; n !== null && n.parent !== null; n = n.parent) keys.push(n.key.replace(/~/g, '~0').replace(/\//g, '~1'));
  return keys.length === 0 ? '' : `/${keys.reverse().join('/')}`;
}
