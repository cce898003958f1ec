/**
 * `nicsim kernel <spec> [--json]`: resolves a kernel spec (models/kernel/kernel-spec.ts) and
 * prints every registered kernel change, in or out, and why; with --json the resolved kernel as
 * one document. The spec is a release, a stable point release, a distro kernel name, or the
 * text of a JSON object { "base", "with", "without" }. A bad spec is one line and exit 2.
 */
import { KernelSpecError, resolveKernel, type KernelSpec, type ResolvedKernel } from '../../models/kernel/kernel-spec.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { UsageError } from '../usage.ts';

export interface KernelCommandOptions {
  json?: boolean;
}

export function kernelCommand(specText: string, options: KernelCommandOptions): ExitCode {
  const kernel = resolve(readSpec(specText));
  process.stdout.write(options.json === true ? `${JSON.stringify(kernel, null, 2)}\n` : formatKernel(kernel));
  return EXIT.ok;
}

/** A spec that starts with '{' is JSON object text; anything else is a spec string. */
function readSpec(text: string): KernelSpec {
  if (!text.trimStart().startsWith('{')) return text;
  try {
    return JSON.parse(text) as KernelSpec;
  } catch (error) {
    throw new UsageError(`expected JSON object text { "base", "with", "without" }, found ${JSON.stringify(text)} (${(error as Error).message})`);
  }
}

function resolve(spec: KernelSpec): ResolvedKernel {
  try {
    return resolveKernel(spec);
  } catch (error) {
    if (error instanceof KernelSpecError) throw new UsageError(error.message);
    throw error;
  }
}

/** A header naming the base, then one aligned line per change: in/out, id, name, why. */
export function formatKernel(kernel: ResolvedKernel): string {
  const base = [`mainline ${kernel.mainline}`, kernel.stable === undefined ? '' : `stable ${kernel.stable}`, kernel.distro === undefined ? '' : `distro ${kernel.distro}`].filter((s) => s !== '').join(', ');
  const carried = kernel.changes.filter((c) => c.in).length;
  const width = Math.max(...kernel.changes.map((c) => c.name.length));
  const lines = [
    `kernel ${kernel.spec}: ${base}; ${carried} of ${kernel.changes.length} modelled changes in`,
    ...(kernel.note === undefined ? [] : [`note: ${kernel.note}`]),
    ...kernel.changes.map((c) => `${c.in ? 'in ' : 'out'}  ${c.id}  ${c.name.padEnd(width)}  ${c.why}`),
  ];
  return `${lines.join('\n')}\n`;
}
