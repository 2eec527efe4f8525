import type { RunId } from '../tracking/types';
import type { ImportKind, WriteOutcome } from './importedRun';

/** What `mlops import …` did, per run, for the CLI's --json and the extension's summary. */
export interface ImportedRunReport {
  /** The run's name: its folder relative to the imported folder (TensorBoard), its MLflow/W&B name otherwise. */
  name: string;
  runId: RunId | null;
  /** `skipped`: no run was written (see `reason`). */
  outcome: WriteOutcome | 'skipped';
  /** Points read this time (a re-import reads only new ones). */
  points: number;
  params: number;
  /** Values that were not imported (images, histograms, other plugins' data…), by kind, with counts. */
  skipped: Record<string, number>;
  /** What could not be read, file by file, and what happened to it. */
  problems: string[];
  reason?: string;
}

export interface ImportReport {
  kind: ImportKind;
  source: string;
  runs: ImportedRunReport[];
  points: number;
  /** Things the importer cannot read at all (e.g. W&B's binary .wandb log), said once. */
  notes: string[];
}

/** The text the CLI prints and the extension shows in its output channel. */
export function formatImportReport(report: ImportReport): string {
  const count = (o: ImportedRunReport['outcome']) => report.runs.filter((r) => r.outcome === o).length;
  const lines = [
    `${report.kind} import of ${report.source}: ${count('created')} new run(s), ${count('appended')} updated, ` +
      `${count('unchanged')} unchanged, ${count('skipped')} skipped; ${report.points} point(s) read`,
  ];
  for (const run of report.runs) {
    const skipped = Object.entries(run.skipped)
      .map(([what, n]) => `${n} ${what}`)
      .join(', ');
    const detail = [
      run.outcome === 'skipped'
        ? `not imported: ${run.reason}`
        : `${run.outcome} ${run.runId}, ${run.points} point(s), ${run.params} param(s)`,
      skipped ? `skipped ${skipped}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(`  ${run.name || '.'}: ${detail}`);
    for (const problem of run.problems) lines.push(`    warning: ${problem}`);
  }
  for (const note of report.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}
