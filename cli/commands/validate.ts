/**
 * `nicsim validate <files...>`: loads each file (schema and cross-field checks) and builds
 * its models without running them (metric names, fault actions). Prints `<file>: ok` on
 * stdout for good files and one line per problem on stderr; exit 2 if any file is bad.
 */
import { loadScenarioFile } from '../../scenario/load.ts';
import { buildScenario } from '../../scenario/run.ts';
import { ScenarioError } from '../../scenario/problems.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { parseCommandArgs, UsageError } from '../usage.ts';

export function validateCommand(args: string[]): ExitCode {
  const { positionals } = parseCommandArgs('validate', args, {});
  if (positionals.length === 0) throw new UsageError('validate: expected at least one scenario file');
  let bad = 0;
  for (const file of positionals) {
    try {
      buildScenario(loadScenarioFile(file), { file });
      process.stdout.write(`${file}: ok\n`);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      bad++;
      process.stderr.write(`${error.lines().join('\n')}\n`);
    }
  }
  return bad > 0 ? EXIT.usage : EXIT.ok;
}
