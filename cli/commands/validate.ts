/**
 * `nicsim validate <files...> [--json]`: loads each file (schema and cross-field checks) and
 * builds its models without running them (metric names, fault actions). Prints `<file>: ok`
 * on stdout for good files and one line per problem on stderr, or with --json one document
 * on stdout naming every file's problems; exit 2 if any file is bad.
 */
import { loadScenarioFile } from '../../scenario/load.ts';
import { ScenarioError, type ScenarioProblem } from '../../scenario/problems.ts';
import { buildScenario } from '../../scenario/run.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';

export interface ValidateCommandOptions {
  json?: boolean;
}

interface FileVerdict {
  file: string;
  ok: boolean;
  /** Every problem the checks collected (they stop at scenario/limits.ts MAX_PROBLEMS_COLLECTED). */
  problems: ScenarioProblem[];
}

export function validateCommand(files: readonly string[], options: ValidateCommandOptions): ExitCode {
  const verdicts: FileVerdict[] = [];
  for (const file of files) {
    try {
      buildScenario(loadScenarioFile(file), { file });
      verdicts.push({ file, ok: true, problems: [] });
      if (options.json !== true) process.stdout.write(`${file}: ok\n`);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      verdicts.push({ file, ok: false, problems: error.problems.map((p) => ({ where: p.where, message: p.message })) });
      if (options.json !== true) process.stderr.write(`${error.lines().join('\n')}\n`);
    }
  }
  const ok = verdicts.every((v) => v.ok);
  if (options.json === true) process.stdout.write(`${JSON.stringify({ ok, files: verdicts }, null, 2)}\n`);
  return ok ? EXIT.ok : EXIT.usage;
}
