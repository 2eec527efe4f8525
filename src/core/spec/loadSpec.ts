/** Reads the workspace's mlops.yaml (or mlops.yml) and parses it. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MlopsError } from '../errors';
import { emptySpec } from './normalizeSpec';
import { parseSpec } from './parseSpec';
import type { MlopsSpec, SpecParseResult, SpecProblem } from './types';

export const SPEC_FILE_NAMES = ['mlops.yaml', 'mlops.yml'] as const;

export type SpecStatus = 'ok' | 'invalid' | 'missing' | 'unreadable';

export interface LoadedSpec extends SpecParseResult {
  status: SpecStatus;
  /** Absolute path of the spec file that was read; null when there is none. */
  file: string | null;
  text: string | null;
}

export async function loadSpec(workspace: string): Promise<LoadedSpec> {
  for (const name of SPEC_FILE_NAMES) {
    const file = join(workspace, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      const problem = fileProblem(`cannot read ${name}: ${(err as Error).message}`);
      return { status: 'unreadable', file, text: null, spec: null, problems: [problem], locations: emptyLocations() };
    }
    const parsed = parseSpec(text);
    return { ...parsed, status: parsed.spec ? 'ok' : 'invalid', file, text };
  }
  return { status: 'missing', file: null, text: null, spec: null, problems: [], locations: emptyLocations() };
}

/**
 * The spec a command can act on. A missing file gives an empty spec when `allowMissing` (scripts can still run);
 * otherwise a missing, unreadable or invalid file is an MlopsError that points at the first error.
 */
export function requireValidSpec(loaded: LoadedSpec, options: { allowMissing?: boolean } = {}): MlopsSpec {
  if (loaded.spec) return loaded.spec;
  if (loaded.status === 'missing') {
    if (options.allowMissing) return emptySpec();
    throw new MlopsError(
      'no mlops.yaml in this workspace',
      'not-found',
      'Create one (the quickstart sample shows the shape), or pass --workspace DIR.',
    );
  }
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  const first = errors[0];
  const where = first
    ? `${loaded.file ?? 'mlops.yaml'}:${first.line}:${first.column}: ${first.message}`
    : 'unknown problem';
  throw new MlopsError(
    `${loaded.status === 'unreadable' ? 'cannot use' : 'invalid'} mlops.yaml (${errors.length} error${errors.length === 1 ? '' : 's'}); first: ${where}`,
    'bad-input',
    'Fix mlops.yaml and try again; every problem is listed in the Problems panel.',
  );
}

function fileProblem(message: string): SpecProblem {
  return { message, severity: 'error', line: 1, column: 1, endLine: 1, endColumn: 1, path: '' };
}

function emptyLocations(): SpecParseResult['locations'] {
  return { experiments: {}, models: {}, monitors: {} };
}
