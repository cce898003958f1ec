/**
 * Issue 13 item 1: every command explains itself (`--help`, `help <command>`, exit 0, its
 * options and exit codes on stdout), typos get one line with a "did you mean" and exit 2,
 * `-V`/`--version` print the version, and a start that only prints loads no scenario code.
 * In-process (test/cli/in-process.ts) except where the process itself is the point.
 */
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closest } from '../../cli/program.ts';
import { nicsimInProcess as cli } from './in-process.ts';
import { nicsim } from './nicsim.ts';

const SHORT = 'test/cli/fixtures/mm1k-short.json';
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

/** Every command and every option it accepts, as its help must list them. */
const OPTIONS: Record<string, string[]> = {
  run: ['--seed <N>', '--set <path=value>', '--json', '--out <dir>', '--trace <file>', '--events <file>', '--pcap <file>', '--snaplen <bytes>', '--check-every-event'],
  validate: ['--json'],
  'check-determinism': ['--seed <N>', '--json'],
  sweep: ['--set <path=v1,v2,...>', '--seeds <N>', '--seed <BASE>', '--out <dir>', '--jobs <N>', '--resume', '--force', '--json'],
  plot: ['--x <path>', '--y <metric>', '--out <file.svg>', '--series <path>', '--title <text>'],
  report: ['--out <file.html>', '--title <text>'],
  replay: ['--fixed', '--json'],
  fuzz: ['--runs <N>', '--seconds <T>', '--shard <k/n>', '--out <dir>', '--workers <W>', '--property <name>', '--seed <S>', '--batch <B>', '--json', '--list'],
  kernel: ['--json'],
};

test.serial('item 1: `<command> --help` and `help <command>` print the same usage, every option and the exit codes, exit 0', async (t) => {
  for (const [command, options] of Object.entries(OPTIONS)) {
    const [flag, word, short] = [await cli(command, '--help'), await cli('help', command), await cli(command, '-h')];
    t.deepEqual([flag.code, flag.stderr], [0, ''], command);
    t.true(flag.stdout.startsWith(`Usage: nicsim ${command} [options]`), `${command}: ${flag.stdout.slice(0, 80)}`);
    for (const option of options) t.regex(flag.stdout, new RegExp(`^  ${option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}  `, 'm'), `${command} ${option}`);
    t.regex(flag.stdout, /^Examples:\n {2}nicsim /m, command);
    t.regex(flag.stdout, /^Exit codes: \d[\s\S]*\b2\s+[a-z]/m, command);
    t.deepEqual(flag.stdout.split('\n').filter((line) => line.length > 80), [], `${command}: fits 80 columns`);
    t.deepEqual(word, flag, `help ${command}`);
    t.deepEqual(short, flag, `${command} -h`);
  }
});

test.serial('item 1: `nicsim --help` lists every command on one line each, and the exit code contract', async (t) => {
  const [help, word] = [await cli('--help'), await cli('help')];
  t.deepEqual([help.code, help.stderr], [0, '']);
  t.deepEqual(word, help);
  for (const command of Object.keys(OPTIONS)) t.regex(help.stdout, new RegExp(`^  ${command} +[a-z].{10,}$`, 'm'), command);
  t.regex(help.stdout, /^Exit codes: 0 ok, 1 invariant violation, 2 usage or scenario error/m);
  t.regex(help.stdout, /3 nondeterminism, 4 liveness/);
  t.true(help.stdout.split('\n').every((line) => line.length <= 80), 'fits 80 columns');
});

test.serial('item 1: -V, --version and the old -v print the version', async (t) => {
  for (const flag of ['-V', '--version', '-v']) t.deepEqual(await cli(flag), { code: 0, stdout: `nicsim ${VERSION}\n`, stderr: '' }, flag);
});

test.serial('item 1: a mistyped command or option is one line, exit 2, with the name meant', async (t) => {
  const cases: [string[], string][] = [
    [['run', SHORT, '--sed', '3'], "nicsim: run: unknown option '--sed'; did you mean --seed?"],
    [['check-determinism', SHORT, '--sed', '3'], "nicsim: check-determinism: unknown option '--sed'; did you mean --seed?"],
    [['sweep', SHORT, '--jbos', '2'], "nicsim: sweep: unknown option '--jbos'; did you mean --jobs?"],
    [['fuzz', '--run', '5'], "nicsim: fuzz: unknown option '--run'; did you mean --runs?"],
    [['rn', SHORT], "nicsim: unknown command 'rn'; did you mean run?"],
    [['help', 'rn'], "nicsim: unknown command 'rn'; did you mean run?"],
    [['valdate', SHORT], "nicsim: unknown command 'valdate'; did you mean validate?"],
    [['frobnicate'], "nicsim: unknown command 'frobnicate'; nicsim --help lists the commands"],
    [['run', SHORT, '--bogus'], "nicsim: run: unknown option '--bogus'; nicsim run --help lists the options"],
    [['run', SHORT, '--version'], "nicsim: run: unknown option '--version'; nicsim run --help lists the options"],
    [['run'], "nicsim: run: missing required argument 'scenario.json'"],
    [['run', SHORT, '--seed'], "nicsim: run: option '--seed <N>' argument missing"],
    [['plot', 'rows.jsonl', '--x', 'a'], "nicsim: plot: required option '--y <metric>' not specified"],
    [[], 'nicsim: expected a command (run, validate, check-determinism, sweep, plot, report, replay, fuzz, kernel); nicsim --help lists them'],
  ];
  for (const [args, line] of cases) t.deepEqual(await cli(...args), { code: 2, stdout: '', stderr: `${line}\n` }, args.join(' '));
});

test('closest: a dropped letter wins a tie of edit distance, otherwise every name offered stays', (t) => {
  t.deepEqual(closest('--sed', ['--seed', '--set']), ['--seed']);
  t.deepEqual(closest('--st', ['--seed', '--set']), ['--set']);
  t.deepEqual(closest('--xyz', ['--seed', '--set']), ['--seed', '--set']);
  t.deepEqual(closest('rn', ['run']), ['run']);
});

/** The modules a spawned `nicsim <args>` resolves, repository-relative (node_modules' kept whole). */
async function modulesLoaded(t: { teardown: (fn: () => void) => void }, ...args: string[]): Promise<{ code: number; stdout: string; modules: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-imports-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'imports.log');
  const hooks = new URL('./fixtures/log-imports.mjs', import.meta.url).href;
  const register = `data:text/javascript,import { register } from 'node:module'; register(${JSON.stringify(hooks)}, { data: { log: ${JSON.stringify(log)} } });`;
  const main = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));
  const root = new URL('../../', import.meta.url).href;
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', '--import', register, main, ...args], (error, out) => resolve({ code: error === null ? 0 : Number(error.code), stdout: out }));
  });
  const urls = readFileSync(log, 'utf8').trim().split('\n');
  return { code, stdout, modules: [...new Set(urls.filter((u) => u.startsWith(root)).map((u) => u.slice(root.length)))].filter((m) => !m.startsWith('node_modules/tsx/')) };
}

test('item 1: `nicsim --version` and `nicsim run --help` load neither scenario/ nor TypeBox nor any command module', async (t) => {
  const [version, help] = await Promise.all([modulesLoaded(t, '--version'), modulesLoaded(t, 'run', '--help')]);
  t.deepEqual([version.code, version.stdout], [0, `nicsim ${VERSION}\n`]);
  t.is(help.code, 0);
  t.regex(help.stdout, /^Usage: nicsim run \[options\] <scenario\.json>$/m);
  for (const { modules } of [version, help]) {
    t.true(modules.includes('cli/program.ts'), modules.join(', '));
    t.deepEqual(modules.filter((m) => /^(scenario|models|engine|campaign)\/|typebox|^cli\/commands\/|^cli\/(sweep|plot|report|replay|fuzz)\.ts$/.test(m)), []);
  }
});

test('item 1: the process exits with the code and prints one line: `nicsim rn` is 2, `nicsim run --help` 0', async (t) => {
  const [typo, help] = await Promise.all([nicsim('rn'), nicsim('help', 'run')]);
  t.deepEqual(typo, { code: 2, stdout: '', stderr: "nicsim: unknown command 'rn'; did you mean run?\n" });
  t.deepEqual([help.code, help.stderr], [0, '']);
  t.regex(help.stdout, /^ {2}--set <path=value> {3}override one field/m);
});
