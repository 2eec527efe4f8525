import * as vscode from 'vscode';
import { join } from 'node:path';
import { errorMessage } from '../../core/errors';
import { SeriesSidecar, seriesSidecarDir } from '../../core/tracking/seriesSidecar';
import type { RunId } from '../../core/tracking/types';
import { command, testHook } from '../commands/command';
import type { CommandDeps } from '../commands/commandDeps';
import { Commands, TestHooks } from '../commands/commandIds';
import type { TreeNode } from '../trees/treeNodes';
import { registerEvaluation } from '../evaluation/registerEvaluation';
import { CompareCodeLensProvider } from './compareLens';
import { registerPanelActions } from './panelActionCommands';
import { ComparePanel, COMPARE_VIEW } from './comparePanel';
import type { PanelContext } from './panelContext';
import { PanelReports } from './panelReports';
import { RunDetailPanel, RUN_DETAIL_VIEW } from './runDetailPanel';
import { RunsTablePanel, RUNS_TABLE_VIEW } from './runsTablePanel';
import { SeriesCache } from './seriesCache';
import { SeriesParsePool } from './seriesParsePool';

type RunArg = string | string[] | TreeNode | undefined;

/**
 * An open compare panel follows the runs ticked in the table. A tick of "select all" over a huge view is not
 * followed (its curves would be read for every run); "Compare selected" still compares any number of runs.
 */
const FOLLOW_MAX_RUNS = 1000;
const FOLLOW_DEBOUNCE_MS = 150;

/** Commands, serializers and CodeLens of the runs table, compare and run detail panels. */
export function registerPanels(
  deps: CommandDeps,
  extensionUri: vscode.Uri,
  treeSelection: () => readonly TreeNode[] = () => [],
  more: (ctx: PanelContext) => vscode.Disposable[] = () => [],
): vscode.Disposable[] {
  const pool = new SeriesParsePool({ entry: join(extensionUri.fsPath, 'dist', 'seriesWorker.js') });
  const cache = new SeriesCache(undefined, new SeriesSidecar(seriesSidecarDir(deps.store.workspace)), pool);
  const ctx: PanelContext = {
    deps,
    extensionUri,
    reports: new PanelReports(),
    cache,
    reportError: (what, err) => deps.log.error(`${what}: ${errorMessage(err)}`),
  };
  let table: RunsTablePanel | undefined;
  let compare: ComparePanel | undefined;
  const details = new Map<string, RunDetailPanel>();

  let following: NodeJS.Timeout | undefined;
  const follow = (ids: string[]) => {
    if (following) clearTimeout(following);
    following = setTimeout(() => {
      following = undefined;
      if (compare && ids.length > 0 && ids.length <= FOLLOW_MAX_RUNS)
        void compare.follow(ids).catch((err) => ctx.reportError('compare', err));
    }, FOLLOW_DEBOUNCE_MS);
  };
  let tableSelection: string[] = [];
  const adoptTable = (panel: RunsTablePanel) => {
    table = panel;
    const selection = panel.onDidChangeSelection((ids) => {
      tableSelection = ids;
      follow(ids);
    });
    panel.onDidDispose(() => {
      selection.dispose();
      table = table === panel ? undefined : table;
    });
    return panel;
  };
  const adoptCompare = (panel: ComparePanel) => {
    compare = panel;
    panel.onDidDispose(() => {
      compare = compare === panel ? undefined : compare;
      if (!compare) cache.clear();
    });
    return panel;
  };
  const adoptDetail = (panel: RunDetailPanel) => {
    details.set(panel.runId, panel);
    panel.onDidDispose(() => details.get(panel.runId) === panel && details.delete(panel.runId));
    return panel;
  };

  const openRun = (runId: string) => {
    const existing = details.get(runId);
    if (existing) existing.reveal();
    else adoptDetail(RunDetailPanel.create(ctx, runId as RunId));
  };

  /** With no target (the keybinding, the palette): the runs ticked in a focused runs table, else those selected in the trees. */
  const selectedNow = (): { arg: RunArg; many?: TreeNode[] } => {
    if (table?.active && tableSelection.length > 0) return { arg: tableSelection };
    const nodes = treeSelection().filter((n) => n.kind === 'run' || n.kind === 'experiment');
    return { arg: undefined, many: nodes.length > 0 ? [...nodes] : undefined };
  };
  const compareRuns = async (given: RunArg, givenMany?: TreeNode[]) => {
    const { arg, many } = given === undefined && !givenMany ? selectedNow() : { arg: given, many: givenMany };
    const ids = await runIdsFrom(deps, arg, many);
    if (ids.length === 0) return;
    if (compare) await compare.show(ids);
    else adoptCompare(ComparePanel.create(ctx, ids, Array.isArray(arg) && table !== undefined));
  };

  return [
    ...registerPanelActions(deps),
    command(Commands.openRunsTable, { needsTrust: false }, () => {
      if (table) table.reveal();
      else adoptTable(RunsTablePanel.create(ctx));
    }),
    command(Commands.compareRuns, { needsTrust: false }, compareRuns),
    command(Commands.openRun, { needsTrust: false }, async (arg: RunArg) => {
      const id =
        typeof arg === 'string'
          ? arg
          : arg && !Array.isArray(arg) && (arg.kind === 'run' || arg.kind === 'runSection')
            ? arg.run.id
            : await pickRun(deps);
      if (id) openRun(id);
    }),
    testHook(TestHooks.panelsInspect, () => ({
      panels: ctx.reports.list(),
      hostMemory: process.memoryUsage(),
      cachedPoints: cache.points,
    })),
    testHook(TestHooks.panelsSimulate, (viewType: string, key: string, message: { type: string }) =>
      ctx.reports.simulate(viewType, key, message),
    ),
    vscode.window.registerWebviewPanelSerializer(RUNS_TABLE_VIEW, {
      deserializeWebviewPanel: async (panel) => void adoptTable(new RunsTablePanel(ctx, panel)),
    }),
    vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW, {
      deserializeWebviewPanel: async (panel, state: { runIds?: string[] } | undefined) =>
        void adoptCompare(new ComparePanel(ctx, panel, state?.runIds ?? [])),
    }),
    vscode.window.registerWebviewPanelSerializer(RUN_DETAIL_VIEW, {
      deserializeWebviewPanel: async (panel, state: { runId?: string } | undefined) => {
        if (!state?.runId) panel.dispose();
        else adoptDetail(new RunDetailPanel(ctx, panel, state.runId as RunId));
      },
    }),
    vscode.languages.registerCodeLensProvider(
      { scheme: 'file', pattern: '**/mlops.{yaml,yml}' },
      new CompareCodeLensProvider(deps.spec, deps.runs),
    ),
    ...more(ctx),
    ...registerEvaluation(deps, extensionUri, ctx.reports),
    {
      dispose: () => {
        if (following) clearTimeout(following);
        [table, compare, ...details.values()].forEach((p) => p?.dispose());
        pool.dispose();
      },
    },
  ];
}

/** Runs to compare from: ids (table), tree nodes (multi-select), an experiment name (mlops.yaml), or a pick. */
async function runIdsFrom(deps: CommandDeps, arg: RunArg, many?: TreeNode[]): Promise<string[]> {
  if (Array.isArray(arg)) return arg.filter((id) => typeof id === 'string');
  const nodes = many && many.length > 0 ? many : arg && typeof arg === 'object' ? [arg] : [];
  if (nodes.length > 0) {
    const ids = nodes.flatMap((n) =>
      n.kind === 'run' ? [n.run.id] : n.kind === 'experiment' ? deps.runs.byExperiment(n.name).map((r) => r.id) : [],
    );
    return [...new Set(ids)];
  }
  if (typeof arg === 'string') return deps.runs.byExperiment(arg).map((r) => r.id);
  const picks = await vscode.window.showQuickPick(
    deps.runs
      .all()
      .map((r) => ({ label: `${r.experiment} ${r.id.slice(-6)}`, description: r.status, detail: r.id, id: r.id })),
    { title: 'Compare runs', canPickMany: true, placeHolder: 'Runs to compare' },
  );
  return picks?.map((p) => p.id) ?? [];
}

async function pickRun(deps: CommandDeps): Promise<string | undefined> {
  const pick = await vscode.window.showQuickPick(
    deps.runs
      .all()
      .map((r) => ({ label: `${r.experiment} ${r.id.slice(-6)}`, description: r.status, detail: r.id, id: r.id })),
    { title: 'Open run' },
  );
  return pick?.id;
}
