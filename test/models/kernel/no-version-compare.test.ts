/**
 * Models choose behaviour by the changes a kernel carries, `has(kernel, name)`, never by
 * comparing versions (issue 14). This test reads every file under models/ and fails on an
 * `atLeast(` call, a use of versionRank, or a comparison or hand list of version strings.
 * models/kernel/version.ts (which defines the classes) and models/kernel/kernel-spec.ts (whose
 * job is to resolve a release to a set of changes) are the two files allowed to compare.
 *
 * Only code is scanned: comments and the contents of string literals are dropped first, so the
 * registry's `replaces` texts and comments that name a release do not count. A string literal
 * that looks like a release ('6.6', '5.15.60', '6.x') is kept as the token 'V' so that
 * `version === '6.6'` and `['5.12', '5.15'].includes(v)` are still seen.
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('../../../', import.meta.url).pathname;
const MODELS = join(ROOT, 'models');
const ALLOWED = new Set(['models/kernel/version.ts', 'models/kernel/kernel-spec.ts']);
const RELEASE = /^\d+\.(?:\d+|x)(?:\.\d+)?$/;

/** What gives a version comparison away once comments and strings are gone, with a name for the report. */
const FORBIDDEN: readonly (readonly [string, RegExp])[] = [
  ['atLeast() call', /\batLeast\s*\(/],
  ['versionRank', /\bversionRank\b/],
  ['comparison with a version string', /(?:[=!]==?|[<>]=?)\s*'V'|'V'\s*(?:[=!]==?|[<>]=?)/],
  ['switch case on a version string', /\bcase\s+'V'\s*:/],
  ['hand list of version strings', /\[\s*'V'\s*(?:,\s*'V'\s*)*\]/],
];

/** The source with comments removed and every string literal reduced to '' (or 'V' for a release). */
function codeOnly(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      let text = '';
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\') j++;
        else text += source[j];
        j++;
      }
      out += RELEASE.test(text) ? "'V'" : "''";
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Every forbidden construct in a source text, one line each. */
function findings(source: string): string[] {
  const lines = codeOnly(source).split('\n');
  const found: string[] = [];
  lines.forEach((line, n) => {
    for (const [what, re] of FORBIDDEN) if (re.test(line)) found.push(`${what} (code line ${n + 1}: ${line.trim()})`);
  });
  return found;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(path);
    return e.isFile() && e.name.endsWith('.ts') ? [path] : [];
  });
}

test('the detector sees atLeast calls, versionRank, version comparisons and hand lists of versions', (t) => {
  t.true(findings("if (atLeast(version, '6.4')) return 1;").length > 0);
  t.true(findings('const r = versionRank(v);').length > 0);
  t.true(findings("const bad = version === '6.6';").length > 0);
  t.true(findings("if ('5.15' !== env.version) x();").length > 0);
  t.true(findings("switch (v) { case '6.x': break; }").length > 0);
  t.true(findings("const BUILD_BEFORE_RESERVE = ['5.12', '5.15'];").length > 0);
});

test('the detector ignores comments, non-release strings and registry texts', (t) => {
  t.deepEqual(findings("// was atLeast(version, '6.4')\nconst x = has(kernel, 'xsk-tx-batch-32');"), []);
  t.deepEqual(findings("/* versionRank and atLeast( in a comment */ const y = 1;"), []);
  t.deepEqual(findings(`const replaces = ["models/x.ts: atLeast(version, '5.12')"];`), []);
  t.deepEqual(findings("throw new RangeError(`needs kernel 6.6 or later, found ${v}`);"), []);
  t.deepEqual(findings("const mode = kind === 'mana' ? 1 : 2;"), []);
});

test('no version comparison in models/ outside version.ts and kernel-spec.ts', (t) => {
  const files = tsFiles(MODELS);
  t.true(files.length > 20, `expected the models/ tree under ${MODELS}, found ${files.length} files`);
  const offences = files
    .map((path) => relative(ROOT, path).split('\\').join('/'))
    .filter((rel) => !ALLOWED.has(rel))
    .flatMap((rel) => findings(readFileSync(join(ROOT, rel), 'utf8')).map((f) => `${rel}: ${f}`));
  t.deepEqual(offences, [], 'models ask has(kernelOf(version), name) of models/kernel/kernel-of.ts instead');
});
