/**
 * Provenance: what produced a result, a sweep row or a bug report, so a number found months
 * later can be traced to the nicsim that computed it. Never part of a run's trajectory or
 * fingerprint (a run depends on its scenario, seed and nicsim version alone); it rides beside
 * the results.
 *
 * The git commit is read only when nicsim's own package root is a git checkout: installed as
 * a dependency inside another project's repository, `git rev-parse` would name that project's
 * commit, so it is null there.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './module-path.ts';

export interface Provenance {
  nicsimVersion: string;
  gitCommit: string | null;
  node: string;
  /** `linux-x64`: process.platform and process.arch. */
  platform: string;
  /** SHA-256 of the resolved scenario as canonical JSON (keys sorted), hex. */
  scenarioSha256: string;
}

let cachedVersion: string | undefined;
let cachedCommit: string | null | undefined;

export function nicsimVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  return cachedVersion;
}

/** `git rev-parse HEAD` of nicsim's own checkout, or null for an installed package. */
export function gitCommit(): string | null {
  if (cachedCommit !== undefined) return cachedCommit;
  const root = PACKAGE_ROOT;
  cachedCommit = null;
  if (existsSync(join(root, '.git'))) {
    try {
      cachedCommit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
    } catch {
      cachedCommit = null;
    }
  }
  return cachedCommit;
}

/** JSON with object keys sorted at every level, so equal scenarios hash equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export function scenarioSha256(scenario: unknown): string {
  return createHash('sha256').update(canonicalJson(scenario)).digest('hex');
}

export function provenance(scenario: unknown): Provenance {
  return { nicsimVersion: nicsimVersion(), gitCommit: gitCommit(), node: process.version, platform: `${process.platform}-${process.arch}`, scenarioSha256: scenarioSha256(scenario) };
}

/**
 * What differs between a recorded provenance and this nicsim, in words for a warning:
 * a different version or commit may legitimately change a trajectory.
 */
export function provenanceDifferences(recorded: Partial<Pick<Provenance, 'nicsimVersion' | 'gitCommit'>>): string[] {
  const differences: string[] = [];
  if (recorded.nicsimVersion !== undefined && recorded.nicsimVersion !== nicsimVersion()) differences.push(`nicsim ${recorded.nicsimVersion} (this is ${nicsimVersion()})`);
  const commit = gitCommit();
  if (recorded.gitCommit !== undefined && recorded.gitCommit !== null && commit !== null && recorded.gitCommit !== commit) {
    differences.push(`commit ${recorded.gitCommit.slice(0, 12)} (this is ${commit.slice(0, 12)})`);
  }
  return differences;
}
