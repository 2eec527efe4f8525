import * as vscode from 'vscode';
import { join, posix } from 'node:path';
import type { SpecModel } from '../models/specModel';
import type { ScriptsModel } from '../models/scriptsModel';
import type { RunsModel } from '../models/runsModel';
import type { ExperimentInfo } from '../api';
import { cappedRuns, runDetailItem, runNodeChildren } from './runChildren';
import { relativeTime, runTreeItem, statusIcon } from './runPresentation';
import { rowStamp } from './rowStamp';
import { StableRows } from './stableRows';
import { treeNodeId, type TreeNode } from './treeNodes';
import type { SweepsModel } from '../sweeps/sweepsModel';
import { sweepItem, sweepNodeId, sweepsSectionItem, type SweepTreeNode } from '../sweeps/sweepTreeItems';

export type ExperimentsNode = TreeNode | SweepTreeNode;

const nodeId = (node: ExperimentsNode) =>
  node.kind === 'sweeps' || node.kind === 'sweep' ? sweepNodeId(node) : treeNodeId(node);

const RUNS_PER_EXPERIMENT = 50;

/**
 * Experiments from mlops.yaml, then training scripts found in the workspace; each expands into its runs. A Sweeps
 * section follows once there is a sweep, with each sweep's progress and best value.
 */
export class ExperimentsTree implements vscode.TreeDataProvider<ExperimentsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExperimentsNode | ExperimentsNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private readonly rows = new StableRows<ExperimentsNode>(
    { id: nodeId, stamp: (node) => rowStamp(this.getTreeItem(node)) },
    (node) => this.freshChildren(node),
  );

  constructor(
    private readonly spec: SpecModel,
    private readonly scripts: ScriptsModel,
    private readonly runs: RunsModel,
    private readonly sweeps?: SweepsModel,
  ) {
    this.subscriptions = [
      spec.onDidChange,
      scripts.onDidChange,
      runs.onDidChange,
      ...(sweeps ? [sweeps.onDidChange] : []),
    ].map((e) => e(() => this.rows.tell((rows) => this.changed.fire(rows))));
  }

  experiments(): ExperimentInfo[] {
    const fromSpec: ExperimentInfo[] = Object.keys(this.spec.spec?.experiments ?? {}).map((name) => ({
      name,
      source: 'spec',
      file: 'mlops.yaml',
      line: this.spec.locations.experiments[name]?.line ?? 1,
    }));
    const usedBySpec = this.scriptsUsedBySpec();
    const fromScripts: ExperimentInfo[] = this.scripts
      .all()
      .filter((s) => !usedBySpec.has(s.name))
      .map((s) => ({ name: s.name, source: 'script', file: s.name, line: s.line }));
    return [...fromSpec, ...fromScripts];
  }

  getChildren(node?: ExperimentsNode): ExperimentsNode[] {
    return this.rows.children(node);
  }

  private freshChildren(node?: ExperimentsNode): ExperimentsNode[] {
    if (!node) {
      const experiments: ExperimentsNode[] = this.experiments().map((e) => ({ kind: 'experiment', ...e }));
      const count = this.sweeps?.all().length ?? 0;
      return count > 0 ? [...experiments, { kind: 'sweeps', count }] : experiments;
    }
    if (node.kind === 'sweeps') return (this.sweeps?.all() ?? []).map((sweep) => ({ kind: 'sweep', sweep }));
    if (node.kind === 'sweep') return [];
    if (node.kind === 'experiment') {
      return cappedRuns(this.runs.byExperiment(node.name), RUNS_PER_EXPERIMENT, 'experiment', {
        id: `more:${node.name}`,
        label: (hidden) => `${hidden} older runs in the Runs view`,
      });
    }
    return runNodeChildren(node);
  }

  getTreeItem(node: ExperimentsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'sweeps':
        return sweepsSectionItem(node.count);
      case 'sweep':
        return sweepItem(node.sweep);
      case 'experiment':
        return this.experimentItem(node);
      case 'run':
        return runTreeItem(node.run, {
          label: `${node.run.id.slice(-6)}`,
          mainMetric: this.mainMetric(node.run.experiment),
        });
      default:
        return runDetailItem(node);
    }
  }

  /** Scripts that an mlops.yaml experiment already runs are listed once, under that experiment. */
  private scriptsUsedBySpec(): Set<string> {
    const used = new Set<string>();
    for (const exp of Object.values(this.spec.spec?.experiments ?? {})) {
      const cwd = exp.cwd ? exp.cwd.replace(/^\.\//, '').replace(/\/$/, '') + '/' : '';
      const words = Array.isArray(exp.command)
        ? exp.command
        : typeof exp.command === 'string'
          ? exp.command.split(/\s+/)
          : [];
      for (const w of words) used.add(posix.normalize(cwd + w.replace(/^\.\//, '')));
    }
    return used;
  }

  private mainMetric(experiment: string): string | undefined {
    return this.spec.spec?.experiments[experiment]?.metric?.name;
  }

  private experimentItem(node: Extract<TreeNode, { kind: 'experiment' }>): vscode.TreeItem {
    const runs = this.runs.byExperiment(node.name);
    const item = new vscode.TreeItem(
      node.name,
      runs.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `experiment:${node.source}:${node.name}`;
    item.contextValue = `experiment.${node.source}`;
    const latest = runs[0];
    item.iconPath =
      latest && latest.status === 'running'
        ? statusIcon('running')
        : new vscode.ThemeIcon(node.source === 'spec' ? 'beaker' : 'file-code');
    const spec = this.spec.spec?.experiments[node.name];
    const kind = node.source === 'script' ? 'script' : spec?.trainer === 'tfjs' ? 'tfjs' : 'command';
    item.description = [
      kind,
      runs.length ? `${runs.length} run${runs.length === 1 ? '' : 's'}` : 'no runs',
      latest ? relativeTime(latest.createdAt) : '',
    ]
      .filter(Boolean)
      .join(' · ');
    item.tooltip =
      spec?.description ??
      (node.source === 'script' ? `Training script ${node.file}` : `Experiment ${node.name} in mlops.yaml`);
    const uri = vscode.Uri.file(join(this.spec.workspace, node.file));
    item.command = {
      command: 'vscode.open',
      title: 'Open',
      arguments: [uri, { selection: new vscode.Range(node.line - 1, 0, node.line - 1, 0), preview: true }],
    };
    return item;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
