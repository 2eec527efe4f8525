/** Reads run records straight from the workspace's .mlops folder, to know when a run the UI started has ended. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTerminal, type RunRecord } from '../../src/core/tracking/types';

export function readRuns(workspace: string): RunRecord[] {
  const dir = join(workspace, '.mlops', 'runs');
  if (!existsSync(dir)) return [];
  const runs: RunRecord[] = [];
  for (const id of readdirSync(dir)) {
    try {
      runs.push(JSON.parse(readFileSync(join(dir, id, 'run.json'), 'utf8')) as RunRecord);
    } catch {
      // a run folder being created or a run.json being replaced: read it on the next poll
    }
  }
  return runs;
}

export async function waitForFinishedRun(workspace: string, timeoutMs: number): Promise<RunRecord> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const done = readRuns(workspace).find((r) => isTerminal(r.status));
    if (done) return done;
    await new Promise((r) => setTimeout(r, 250));
  }
  const seen = readRuns(workspace).map((r) => `${r.id} ${r.status}`);
  throw new Error(`no run finished within ${timeoutMs / 1000} s (runs seen: ${seen.join(', ') || 'none'})`);
}
