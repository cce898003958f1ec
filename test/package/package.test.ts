/**
 * The package as a user gets it: `npm pack` (whose `prepare` script builds dist/) of a copy of
 * this checkout, the tarball unpacked into a fresh project beside only the runtime
 * dependencies (no tsx, no TypeScript: links to this checkout's node_modules, so no network),
 * then a TypeScript program importing 'nicsim' compiled with tsc in strict mode against the
 * packed types and run with node, and the packed `nicsim` command run, children included.
 *
 * The checkout is copied first so that the build never rewrites this checkout's dist/ while
 * other tests run the command from it.
 */
import test from 'ava';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Top-level entries of the checkout the packing copy leaves out: installs, builds, outputs. */
const NOT_COPIED = new Set(['node_modules', 'dist', '.git', 'out', 'bug-reports', '.nicsim-tmp']);

/** A 3-event M/M/1/1 run (bench/startup-3-events.json's parameters). */
const TINY_SCENARIO = {
  name: 'package-test',
  description: 'Two arrivals, one dropped, one departure.',
  seed: 3,
  bounds: { simTimeNs: 200, maxEvents: 100, expect: 'horizon' },
  workloads: [{ kind: 'mm1k', arrivalRateHz: 10_000_000, serviceRateHz: 1_000_000, queueCapacity: 1 }],
};

/** The library use the README shows (between its library-example markers), compiled and run as it stands there. */
const README_EXAMPLE = (() => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- library-example:start[^>]*-->\n```ts\n([\s\S]*?)```\n<!-- library-example:end -->/.exec(readme);
  if (block === null) throw new Error('README.md has no library-example block');
  return block[1];
})();

const EXAMPLE = `${README_EXAMPLE}
// The types are real, not \`any\`: a file name is not a resolved scenario.
export function misuse(): RunResult {
  // @ts-expect-error runScenario takes what loadScenario returns
  return runScenario('scenario.json');
}
`;

interface PackedFile {
  path: string;
}

/** npm without the npm_* settings of an enclosing `npm test` (they name this checkout). */
function npmEnv(cacheDir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_') && name !== 'INIT_CWD'));
  return { ...env, npm_config_cache: cacheDir, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_ignore_scripts: 'false' };
}

/** Links each runtime dependency (top-level, not dev, per package-lock.json) into `modulesDir`. */
function linkRuntimeDependencies(modulesDir: string): string[] {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean; optional?: boolean }> };
  const linked: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    const name = path.startsWith('node_modules/') ? path.slice('node_modules/'.length) : '';
    if (name === '' || name.includes('/node_modules/') || entry.dev === true || entry.devOptional === true) continue;
    const source = join(ROOT, 'node_modules', name);
    if (!existsSync(source) && entry.optional === true) continue;
    mkdirSync(dirname(join(modulesDir, name)), { recursive: true });
    symlinkSync(source, join(modulesDir, name), 'dir');
    linked.push(name);
  }
  return linked;
}

function run(file: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [file, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 16 << 20 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

test('the packed tarball installs without tsx, its types compile a strict TypeScript import of nicsim, and its nicsim command runs', (t) => {
  const tmp = mkdtempSync(join(tmpdir(), 'nicsim-package-'));
  t.teardown(() => rmSync(tmp, { recursive: true, force: true }));

  // Pack a copy of the checkout; `prepare` builds its dist/ with this checkout's dev tools.
  const source = join(tmp, 'source');
  cpSync(ROOT, source, { recursive: true, filter: (path) => !NOT_COPIED.has(relative(ROOT, path).split(sep)[0]) });
  symlinkSync(join(ROOT, 'node_modules'), join(source, 'node_modules'), 'dir');
  const packOut = execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: source, env: npmEnv(join(tmp, 'npm-cache')), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // npm 10.5 and 10.6 print the prepare script's banner on stdout even with --json.
  const [packed] = JSON.parse(packOut.slice(packOut.search(/^\[/m))) as [{ filename: string; files: PackedFile[]; entryCount: number }];
  const paths = packed.files.map((f) => f.path);
  for (const needed of ['bin/nicsim.js', 'dist/cli/main.js', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'schema/scenario.schema.json', 'scenarios/mm1.json', 'package.json', 'README.md']) {
    t.true(paths.includes(needed), `${needed} is not in the tarball`);
  }
  const unwanted = paths.filter((p) => /^(test|bench|properties|tools|\.ci|docs)\//.test(p) || (p.endsWith('.ts') && !p.endsWith('.d.ts')) || p.startsWith('tsconfig'));
  t.deepEqual(unwanted, [], 'the tarball ships tests, benchmarks, CI, docs or TypeScript sources');

  // A consumer project: the tarball unpacked as node_modules/nicsim, runtime dependencies only.
  const project = join(tmp, 'consumer');
  const modules = join(project, 'node_modules');
  const installed = join(modules, 'nicsim');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(tmp, packed.filename), '-C', installed, '--strip-components=1']);
  const linked = linkRuntimeDependencies(modules);
  t.false(linked.includes('tsx') || linked.includes('typescript'), `runtime dependencies include ${linked.join(', ')}`);
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { bin: Record<string, string>; dependencies: Record<string, string>; version: string };
  t.false('tsx' in manifest.dependencies, 'tsx is a runtime dependency');

  // The library example: tsc (strict) against the packed declarations, then node.
  mkdirSync(join(modules, '@types'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), join(modules, '@types', 'node'), 'dir');
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`);
  writeFileSync(join(project, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out', types: ['node'] }, include: ['example.ts'] }, null, 2)}\n`);
  writeFileSync(join(project, 'example.ts'), EXAMPLE);
  const scenarioFile = join(project, 'tiny.json');
  writeFileSync(scenarioFile, `${JSON.stringify(TINY_SCENARIO, null, 2)}\n`);
  const compiled = run(TSC, ['-p', join(project, 'tsconfig.json')], project);
  t.is(compiled.status, 0, `tsc: ${compiled.stdout}${compiled.stderr}`);
  const example = run(join(project, 'out', 'example.js'), [scenarioFile], project);
  t.is(example.status, 0, example.stderr);
  const [resultLine, errorLine] = example.stdout.trim().split('\n');
  const fromLibrary = JSON.parse(resultLine) as { status: string; events: number; fingerprint: string };
  t.like(fromLibrary, { status: 'ok', events: 3 });
  t.is(errorLine, 'no-such-scenario.json: $: cannot read scenario: no such file');

  // The packed command, and the commands that start children (compiled, so without tsx).
  const bin = join(installed, manifest.bin.nicsim);
  t.deepEqual(run(bin, ['--version'], project), { status: 0, stdout: `nicsim ${manifest.version}\n`, stderr: '' });
  const fromCli = run(bin, ['run', scenarioFile, '--json'], project);
  t.is(fromCli.status, 0, fromCli.stderr);
  t.is((JSON.parse(fromCli.stdout) as { fingerprint: string }).fingerprint, fromLibrary.fingerprint);
  const determinism = run(bin, ['check-determinism', scenarioFile], project);
  t.is(determinism.status, 0, determinism.stderr);
  t.regex(determinism.stdout, /^deterministic: /);
  const sweep = run(bin, ['sweep', scenarioFile, '--set', 'workloads.0.queueCapacity=1,2', '--jobs', '2', '--out', join(project, 'sweep')], project);
  t.is(sweep.status, 0, sweep.stderr);
  t.is(readFileSync(join(project, 'sweep', 'rows.jsonl'), 'utf8').trim().split('\n').length, 2);
  const fuzz = run(bin, ['fuzz', '--runs', '4', '--workers', '1', '--property', 'mm1k.conservation', '--out', join(project, 'fuzz')], project);
  t.is(fuzz.status, 0, fuzz.stderr);
  t.regex(fuzz.stdout, /no failures/);
});

test('bin/nicsim.js without dist/ says to run npm run build, in one line, and exits 70', (t) => {
  const tmp = mkdtempSync(join(tmpdir(), 'nicsim-no-dist-'));
  t.teardown(() => rmSync(tmp, { recursive: true, force: true }));
  mkdirSync(join(tmp, 'bin'));
  cpSync(join(ROOT, 'bin', 'nicsim.js'), join(tmp, 'bin', 'nicsim.js'));
  const result = run(join(tmp, 'bin', 'nicsim.js'), ['--version'], tmp);
  t.is(result.status, 70);
  t.is(result.stdout, '');
  t.regex(result.stderr, /^nicsim: dist\/cli\/main\.js is missing: run `npm run build`[^\n]*\n$/);
});
