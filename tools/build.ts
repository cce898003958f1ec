/**
 * `npm run build`, which `npm ci` runs through the package's `prepare` script: compiles the
 * sources into dist/, which the `nicsim` command (bin/nicsim.js) and the library entry
 * (`import … from 'nicsim'`) run, so no start pays for compiling TypeScript.
 *
 * 1. `tsc -p tsconfig.build.json`: JavaScript for every runtime folder, imports rewritten from
 *    `.ts` to `.js`. It does not type-check (`npm run typecheck` does, in CI).
 * 2. `tsc -p tsconfig.types.json`: declarations for the library entry, pruned to those its
 *    types reach.
 * 3. TypeBox in one file. Its ESM build is 242 small modules, and loading that many modules
 *    cost a 3-event `nicsim run` about 110 ms of its ~270 ms start on Node 20, where
 *    `node -e 0` takes ~65 ms. esbuild bundles the entry points the sources import into
 *    dist/vendor/, and the compiled imports are pointed there. The declarations keep naming
 *    `@sinclair/typebox`, which stays a dependency for its types; schemas made with a
 *    consumer's own TypeBox still work with the bundled one, because TypeBox marks schemas
 *    with global symbols (`Symbol.for('TypeBox.Kind')`).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const VENDOR = join(DIST, 'vendor');
/** What package.json's `types` and `exports` name. */
const LIBRARY_TYPES = join(DIST, 'lib', 'index.d.ts');

/** Each TypeBox entry point the sources import, and the dist/vendor/ file it is bundled into. */
const BUNDLED: Readonly<Record<string, string>> = {
  '@sinclair/typebox': 'typebox',
  '@sinclair/typebox/value': 'typebox-value',
};

/** A module specifier in compiled JavaScript: `from "x"`, `import "x"`, `import("x")`. */
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*)(["'])([^"'\n]+)\2/g;

function tsc(config: string): void {
  const bin = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [bin, '-p', join(ROOT, config)], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`build: tsc -p ${config} failed (exit ${result.status ?? result.signal})`);
}

function javascriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name));
}

async function bundleTypebox(): Promise<void> {
  const entryPoints = Object.fromEntries(Object.entries(BUNDLED).map(([specifier, name]) => [name, fileURLToPath(import.meta.resolve(specifier))]));
  // Splitting puts what both entry points share (the type builders) in one chunk, loaded once.
  await build({ entryPoints, outdir: VENDOR, bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20', chunkNames: 'typebox-shared-[hash]', logLevel: 'warning' });
  // TypeBox is MIT-licensed: its notice goes with the copy.
  copyFileSync(join(packageDir('@sinclair/typebox'), 'license'), join(VENDOR, 'typebox.LICENSE'));
}

/** The folder of an installed package (its package.json is not among its exports). */
function packageDir(name: string): string {
  for (let dir = dirname(fileURLToPath(import.meta.resolve(name))); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === name) return dir;
  }
  throw new Error(`build: cannot find the folder of ${name}`);
}

/**
 * Keeps only the declarations the library entry's types reach (14 of 80 when written): tsc
 * writes one for every module the entry imports, models and all, and users need none of those.
 */
function pruneDeclarations(): void {
  const reached = new Set<string>();
  const pending = [LIBRARY_TYPES];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (reached.has(file)) continue;
    if (!existsSync(file)) throw new Error(`build: a declaration imports ${relative(ROOT, file)}, which tsc did not write`);
    reached.add(file);
    for (const [, , , specifier] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      if (specifier.startsWith('.')) pending.push(join(dirname(file), specifier.replace(/\.(ts|js)$/, '.d.ts')));
    }
  }
  for (const entry of readdirSync(DIST, { withFileTypes: true, recursive: true })) {
    const file = join(entry.parentPath, entry.name);
    if (entry.isFile() && entry.name.endsWith('.d.ts') && !reached.has(file)) rmSync(file);
  }
}

/** Points every compiled import of a bundled TypeBox entry at its file in dist/vendor/. */
function useBundledTypebox(): void {
  for (const file of javascriptFiles(DIST)) {
    if (file.startsWith(VENDOR + sep)) continue;
    const text = readFileSync(file, 'utf8');
    const rewritten = text.replace(SPECIFIER, (match, lead: string, quote: string, specifier: string) => {
      if (!specifier.startsWith('@sinclair/typebox')) return match;
      const name = BUNDLED[specifier];
      // Another entry point would load TypeBox's module tree again, beside the bundled copy.
      if (name === undefined) throw new Error(`build: ${relative(ROOT, file)} imports ${specifier}: add it to BUNDLED in tools/build.ts`);
      const target = relative(dirname(file), join(VENDOR, `${name}.js`)).split(sep).join('/');
      return `${lead}${quote}${target.startsWith('.') ? target : `./${target}`}${quote}`;
    });
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
}

rmSync(DIST, { recursive: true, force: true });
tsc('tsconfig.build.json');
tsc('tsconfig.types.json');
pruneDeclarations();
await bundleTypebox();
useBundledTypebox();
process.stderr.write(`build: wrote ${relative(ROOT, DIST)}/ (${javascriptFiles(DIST).length} JavaScript files)\n`);
