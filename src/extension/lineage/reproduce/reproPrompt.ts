/** The wording of the "Reproduce run" confirmation. Pure. */
import type { RunRecord } from '../../../core/tracking/types';
import type { ReproCheck } from './reproCheck';

export const CONTINUE = 'Continue Anyway';
export const WORKTREE = 'Apply Recorded Patch in a Worktree';

export interface ReproPrompt {
  message: string;
  detail: string;
  choices: string[];
}

/** null when nothing differs: the run is re-launched without asking. */
export function reproPrompt(record: RunRecord, check: ReproCheck): ReproPrompt | null {
  if (check.differences.length === 0) return null;
  const codeDiffers = check.differences.some(
    (d) => d.kind === 'commit' || d.kind === 'uncommitted' || d.kind === 'untracked',
  );
  const lines = check.differences.map((d) => `• ${d.message}`);
  const dataOnly = check.differences.every((d) => d.kind === 'data-changed' || d.kind === 'data-missing');
  const choices = [CONTINUE, ...(check.worktreePossible && codeDiffers ? [WORKTREE] : [])];
  const advice = [
    `${CONTINUE}: run ${record.experiment} with the recorded params on the workspace as it is now.`,
    choices.includes(WORKTREE)
      ? `${WORKTREE}: check out commit ${record.git?.commit?.slice(0, 10)} into a separate git worktree, apply the run's uncommitted changes there and run it there; your working tree is not touched. Data is still read from the workspace.`
      : null,
  ].filter(Boolean);
  return {
    message: `Run ${record.experiment} ${record.id.slice(-8)} was made from ${dataOnly ? 'other data' : codeDiffers ? 'other code' : 'another state'} than the workspace has now. Reproduce it anyway?`,
    detail: [...lines, '', ...advice].join('\n'),
    choices,
  };
}
