/**
 * Folders are the architecture (docs/ARCHITECTURE.md): each top-level folder may import only
 * the folders below it. This test reads every .ts file of the repository (not node_modules or
 * dist/), collects the specifier of every import, `export … from`, dynamic `import()` and
 * `import('…')` type, and checks each relative one against LAYERS. A new top-level folder with
 * .ts files must be added to LAYERS and to the folder table of docs/ARCHITECTURE.md.
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Not sources of nicsim: dependencies, build output, git. */
const SKIPPED = new Set(['node_modules', 'dist', '.git']);

/** What a folder may import besides itself: a list of folders, or anything in the repository. */
type MayImport = readonly string[] | 'anything';

const LAYERS: Readonly<Record<string, MayImport>> = {
  engine: [],
  io: [],
  models: ['engine'],
  scenario: ['engine', 'models', 'io'],
  output: ['engine', 'io'],
  campaign: ['engine', 'models', 'scenario', 'output', 'io'],
  cli: ['engine', 'models', 'scenario', 'output', 'campaign', 'io'],
  lib: ['engine', 'scenario'],
  properties: ['engine', 'models', 'scenario', 'campaign'],
  test: 'anything',
  bench: 'anything',
  tools: 'anything',
};

/** Every module specifier written as a string literal in a TypeScript source. */
export function specifiersOf(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      found.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.isFile() && entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The top-level folder of a path inside the repository; '' for a file at its root. */
function topFolder(path: string): string {
  const parts = relative(ROOT, path).split(sep);
  return parts.length > 1 ? parts[0] : '';
}

/** One line per import that breaks LAYERS. */
export function layeringProblems(files: readonly { path: string; text: string }[]): string[] {
  const problems: string[] = [];
  for (const { path, text } of files) {
    const from = topFolder(path);
    const allowed = LAYERS[from];
    if (allowed === undefined || allowed === 'anything') continue;
    for (const specifier of specifiersOf(path, text)) {
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(path), specifier);
      const inRepository = !relative(ROOT, target).startsWith('..');
      const to = inRepository ? topFolder(target) : null;
      if (to === from || (to !== null && to !== '' && allowed.includes(to))) continue;
      const what = to === null ? 'a file outside the repository' : to === '' ? 'a file at the repository root' : `${to}/`;
      const may = allowed.length === 0 ? 'nothing of ours' : allowed.map((f) => `${f}/`).join(', ');
      problems.push(`${relative(ROOT, path)}: imports '${specifier}' (${what}); ${from}/ may import only ${may}`);
    }
  }
  return problems;
}

/** The top-level folders named in the first column of docs/ARCHITECTURE.md's folder table. */
function documentedFolders(): Set<string> {
  const text = readFileSync(join(ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8');
  const folders = new Set<string>();
  for (const match of text.matchAll(/^\| `([^`/]+)\/[^`]*` \|/gm)) folders.add(match[1]);
  return folders;
}

const FILES = typeScriptFiles(ROOT).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

test('every import follows the folder layering of docs/ARCHITECTURE.md', (t) => {
  t.true(FILES.length > 100, `found only ${FILES.length} .ts files under ${ROOT}`);
  const problems = layeringProblems(FILES);
  t.deepEqual(problems, [], problems.join('\n'));
});

test('every top-level folder with .ts files is in LAYERS, in the folder table of docs/ARCHITECTURE.md and type-checked', (t) => {
  const folders = [...new Set(FILES.map((f) => topFolder(f.path)))].sort();
  const documented = documentedFolders();
  t.false(folders.includes(''), `.ts files at the repository root (${FILES.filter((f) => topFolder(f.path) === '').map((f) => relative(ROOT, f.path)).join(', ')}): put them in a folder`);
  t.deepEqual(folders.filter((f) => f !== '' && LAYERS[f] === undefined), [], 'top-level folders missing from LAYERS in test/layering.test.ts');
  t.deepEqual(folders.filter((f) => f !== '' && !documented.has(f)), [], "top-level folders missing from docs/ARCHITECTURE.md's folder table");
  t.deepEqual(Object.keys(LAYERS).filter((f) => !folders.includes(f)), [], 'folders in LAYERS that have no .ts file');
  // `npm run typecheck` checks what tsconfig.json includes: tsx would run a folder left out unchecked.
  const { include } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { include: string[] };
  t.deepEqual(folders.filter((f) => f !== '' && !include.includes(f)), [], "top-level folders missing from tsconfig.json's include");
});

test('the import scanner finds static, re-export, side-effect, dynamic and type-position imports', (t) => {
  const text = [
    "import { a } from './a.ts';",
    "import type { B } from '../b.ts';",
    "import './c.ts';",
    "export { d } from './d.ts';",
    "export * from './e.ts';",
    "const f = await import('./f.ts');",
    "type G = typeof import('./g.ts');",
    "const dynamic = await import(somePath);",
    "const notAnImport = 'from ./h.ts';",
  ].join('\n');
  t.deepEqual(specifiersOf('x.ts', text), ['./a.ts', '../b.ts', './c.ts', './d.ts', './e.ts', './f.ts', './g.ts']);
});

test('a cli/ import from campaign/ and an engine/ import of models/ are reported, naming file, specifier and rule', (t) => {
  const problems = layeringProblems([
    { path: join(ROOT, 'campaign', 'x.ts'), text: "import { main } from '../cli/main.ts';\nimport { y } from './y.ts';" },
    { path: join(ROOT, 'engine', 'x.ts'), text: "export type { Page } from '../models/kernel/page.ts';" },
    { path: join(ROOT, 'test', 'x.ts'), text: "import { main } from '../cli/main.ts';" },
  ]);
  t.deepEqual(problems, [
    "campaign/x.ts: imports '../cli/main.ts' (cli/); campaign/ may import only engine/, models/, scenario/, output/, io/",
    "engine/x.ts: imports '../models/kernel/page.ts' (models/); engine/ may import only nothing of ours",
  ]);
});
