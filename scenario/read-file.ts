/**
 * Reading a scenario file: a regular file (a symbolic link to one is fine) of at most
 * MAX_SCENARIO_BYTES, as UTF-8 text, read as io/read-file.ts reads every input file (why
 * O_NONBLOCK and fstat, and the bound that holds while a file grows, are said there). Every
 * refusal is one ScenarioError line: at `$` for the file as a whole, at its line and column
 * for bytes that are not UTF-8.
 */
import { decodeUtf8, FileReadError, readBoundedFile } from '../io/read-file.ts';
import { ScenarioError } from './problems.ts';
import { MAX_SCENARIO_BYTES } from './limits.ts';

export function readScenarioText(file: string, limitBytes = MAX_SCENARIO_BYTES): string {
  try {
    return decodeUtf8(readBoundedFile(file, limitBytes));
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    const problem = error.where === undefined ? { where: '$', message: `cannot read scenario: ${error.reason}` } : { where: error.where, message: error.reason };
    throw new ScenarioError(file, [problem]);
  }
}
