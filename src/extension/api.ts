/**
 * What the extension's `activate` returns. Integration tests and other extensions use it to observe state
 * without scraping the UI.
 */
import type { RunSummary } from '../core/tracking/types';
import type { SpecProblem } from '../core/spec/types';

export interface ExperimentInfo {
  name: string;
  source: 'spec' | 'script';
  /** Workspace-relative file that defines it (mlops.yaml or the script). */
  file: string;
  line: number;
}

export interface MlopsApi {
  /** Resolves when the initial scan (spec, scripts, run index) has finished. */
  ready: Promise<void>;
  experiments(): ExperimentInfo[];
  runs(): RunSummary[];
  specProblems(): SpecProblem[];
  /** Resolves once every pending refresh (file events, run updates) has been applied. */
  whenIdle(): Promise<void>;
  /** How long activate() took, and how long until the initial scan finished (null while it runs). */
  activation(): { activateMs: number; readyMs: number | null };
}

/** Command identifiers, for tests and other extensions (the list lives in commands/commandIds.ts). */
export { Commands } from './commands/commandIds';
