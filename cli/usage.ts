/**
 * Bad invocations: the error type every command throws for them (one line, exit 2) and the
 * value checks several commands share. What each command accepts, and its help, is declared
 * in cli/declarations.ts; commander parses it.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seed = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed: expected a non-negative integer, found "${text}"`);
  return seed;
}
