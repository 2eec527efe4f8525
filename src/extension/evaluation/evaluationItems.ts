/** Reads what the Evaluation panel shows for each source: its evaluation report and the plots its run logged. */
import { readFileSync } from 'node:fs';
import { extname, isAbsolute, relative } from 'node:path';
import { errorMessage } from '../../core/errors';
import { readLoggedPlots, type LoggedPlot } from '../../core/evaluation/dvclivePlots';
import { readEvaluation, runEvaluationPath, versionEvaluation } from '../../core/evaluation/evaluationFiles';
import type { EvaluationReport } from '../../core/evaluation/types';
import { runDirOf } from '../../core/store/layout';
import type { EvaluationItem, EvaluationSourceRef, LoggedPlotView } from '../../protocol/webview/evaluation';
import type { RunId } from '../../core/tracking/types';

/** Images above this are listed, not inlined (a webview message carries them whole). */
const MAX_INLINE_IMAGE = 4 * 1024 * 1024;
const MIME: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.svg': 'image/svg+xml', '.webp': 'image/webp' };

export function sourceKey(s: EvaluationSourceRef): string {
  return s.kind === 'run' ? `run:${s.runId}` : s.kind === 'version' ? `version:${s.model}:${s.version}` : `file:${s.path}`;
}

function plotView(p: LoggedPlot): LoggedPlotView {
  if (p.kind !== 'image') return p;
  const mime = MIME[extname(p.path).toLowerCase()];
  const dataUri = p.bytes <= MAX_INLINE_IMAGE && mime ? `data:${mime};base64,${readFileSync(p.path).toString('base64')}` : null;
  return { kind: 'image', name: p.name, dataUri, bytes: p.bytes };
}

export interface ItemContext {
  workspace: string;
  /** "experiment 3f9a1c" for a run id, when the run is known. */
  runLabel(runId: string): string;
  /** The run a registered version came from (its evaluation.json is the fallback), null when unknown. */
  versionRun(model: string, version: number): Promise<string | null>;
}

function display(workspace: string, path: string): string {
  const rel = relative(workspace, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

export async function loadItem(ctx: ItemContext, source: EvaluationSourceRef): Promise<EvaluationItem> {
  const key = sourceKey(source);
  const base = { key, source, plots: [] as LoggedPlotView[], skipped: [] as string[] };
  try {
    if (source.kind === 'run') {
      const dir = runDirOf(ctx.workspace, source.runId);
      const path = runEvaluationPath(dir);
      const report = await readEvaluation(path);
      const { plots, skipped } = readLoggedPlots(dir);
      const missing = report || plots.length ? null : `Run ${source.runId} has no evaluation.json and logged no evaluation plots. Evaluate its predictions with: mlops evaluate --predictions FILE --label COL --score COL --run ${source.runId}`;
      return { ...base, label: ctx.runLabel(source.runId), file: report ? display(ctx.workspace, path) : null, report, plots: plots.map(plotView), skipped, missing };
    }
    if (source.kind === 'version') {
      const found = await versionEvaluation(ctx.workspace, { model: source.model, version: source.version, runId: ((await ctx.versionRun(source.model, source.version)) ?? '') as RunId });
      return {
        ...base,
        label: `${source.model} v${source.version}`,
        file: found ? display(ctx.workspace, found.path) : null,
        report: found?.report ?? null,
        missing: found ? null : `${source.model}:${source.version} has no evaluation. Run: mlops evaluate ${source.model}:${source.version} --data TEST.csv --label COL`,
      };
    }
    const report: EvaluationReport | null = await readEvaluation(source.path);
    return { ...base, label: display(ctx.workspace, source.path), file: display(ctx.workspace, source.path), report, missing: report ? null : `${source.path} does not exist.` };
  } catch (err) {
    return { ...base, label: key, file: null, report: null, missing: errorMessage(err) };
  }
}

