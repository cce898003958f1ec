/**
 * Where a child process's entry module is, and how to start it. nicsim runs either from its
 * TypeScript sources through tsx (tests, `npm run` scripts) or as the JavaScript compiled into
 * dist/ (the `nicsim` command, the package); a child must run in the same mode as its parent,
 * because dist/ has no .ts files and a production install has no tsx.
 */
import { fileURLToPath } from 'node:url';

/** True when this module, and so every module of this process's nicsim, is a .ts source. */
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/**
 * The folder holding package.json: this file is output/module-path.ts in the sources and
 * dist/output/module-path.js when compiled, one level deeper.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL(FROM_SOURCES ? '..' : '../..', import.meta.url));

/**
 * The absolute path of `relative` (given without extension, e.g. './sweep-job') next to the
 * module whose `import.meta.url` is given, with that module's own extension: `.ts` beside a
 * source, `.js` beside a compiled file.
 */
export function siblingModule(importMetaUrl: string, relative: string): string {
  const extension = importMetaUrl.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`${relative}${extension}`, importMetaUrl));
}

/**
 * Node options for a child process: the parent's own (without --inspect, whose port a child
 * cannot share), plus tsx's loader when running from sources and those options do not load it
 * already (ava's do; a parent may also have registered tsx through its API). Compiled code
 * needs no loader. tsx is passed as a resolved file URL, so a child started in another working
 * directory still finds it.
 */
export function childExecArgv(): string[] {
  const inherited = process.execArgv.filter((a) => !a.startsWith('--inspect'));
  if (!FROM_SOURCES || inherited.some((a) => a.includes('tsx'))) return inherited;
  return [...inherited, '--import', import.meta.resolve('tsx')];
}
