import * as vscode from 'vscode';
import { keyMetricNames, versionBadges } from '../../core/registry/presentation';
import { STAGES, type ModelVersion, type RegisteredModel, type Stage } from '../../core/registry/types';
import type { ModelSpec } from '../../core/spec/types';
import type { SpecModel } from '../models/specModel';
import { rowStamp } from '../trees/rowStamp';
import { formatValue, relativeTime } from '../trees/runPresentation';
import { StableRows } from '../trees/stableRows';
import type { RegistryModel } from './registryModel';

export type ModelNode =
  | { kind: 'model'; name: string }
  | { kind: 'modelVersion'; model: string; version: number }
  | { kind: 'registryError'; message: string };

function nodeId(node: ModelNode): string {
  if (node.kind === 'model') return `model:${node.name}`;
  if (node.kind === 'modelVersion') return `model:${node.model}:${node.version}`;
  return 'registry-error';
}

const STAGE_ICONS: Record<Stage | 'none', [string, string | undefined]> = {
  production: ['rocket', 'charts.green'],
  staging: ['beaker', 'charts.blue'],
  archived: ['archive', 'disabledForeground'],
  none: ['circle-outline', undefined],
};

function versionTooltip(model: RegisteredModel, v: ModelVersion): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(
    `**${v.model}:${v.version}** ${versionBadges(model, v)
      .map((b) => `\`${b}\``)
      .join(' ')}\n\n`,
  );
  md.appendMarkdown(
    `run \`${v.runId}\` · ${v.experiment} · registered ${v.createdAt.replace('T', ' ').slice(0, 16)} UTC by ${v.createdBy}\n\n`,
  );
  const metrics = Object.entries(v.metrics).sort(([a], [b]) => a.localeCompare(b));
  if (metrics.length)
    md.appendMarkdown(
      [
        '| metric | value |',
        '|---|---:|',
        ...metrics.slice(0, 30).map(([k, x]) => `| ${k} | ${formatValue(x)} |`),
      ].join('\n'),
    );
  else md.appendMarkdown('_no metrics recorded_');
  if (v.git?.dirty) md.appendMarkdown('\n\n$(warning) trained from uncommitted changes');
  return md;
}

function modelTooltip(model: RegisteredModel, declared: ModelSpec | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${model.name}**${declared?.experiment ? ` · experiment \`${declared.experiment}\`` : ''}\n\n`);
  if (declared?.description) md.appendText(`${declared.description}\n\n`);
  const staged = STAGES.filter((s) => s !== 'archived').map(
    (stage) => [stage, model.versions.filter((v) => v.stage === stage).map((v) => `v${v.version}`)] as const,
  );
  const lines = [
    ...staged.filter(([, vs]) => vs.length).map(([stage, vs]) => `${stage}: ${vs.join(', ')}`),
    ...Object.entries(model.aliases).map(([alias, v]) => `@${alias}: v${v}`),
  ];
  md.appendMarkdown(
    lines.length ? lines.map((l) => `- ${l}`).join('\n') : '_no version is staged or in production yet_',
  );
  if (declared && declared.gates.length)
    md.appendMarkdown(`\n\n${declared.gates.length} gate${declared.gates.length === 1 ? '' : 's'} in mlops.yaml`);
  else md.appendMarkdown('\n\n_no gates declared in mlops.yaml_');
  return md;
}

/** Registered models → their versions, newest first, with stage and alias badges. */
export class ModelsTree implements vscode.TreeDataProvider<ModelNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ModelNode | ModelNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private readonly rows = new StableRows<ModelNode>(
    { id: nodeId, stamp: (node) => rowStamp(this.getTreeItem(node)) },
    (node) => this.freshChildren(node),
  );

  constructor(
    private readonly registry: RegistryModel,
    private readonly spec: SpecModel,
  ) {
    const refresh = () => this.rows.tell((rows) => this.changed.fire(rows));
    this.subscriptions = [registry.onDidChange(refresh), spec.onDidChange(refresh)];
  }

  getChildren(node?: ModelNode): ModelNode[] {
    return this.rows.children(node);
  }

  private freshChildren(node?: ModelNode): ModelNode[] {
    if (!node) {
      const models: ModelNode[] = this.registry.models().map((m) => ({ kind: 'model', name: m.name }));
      return this.registry.error ? [{ kind: 'registryError', message: this.registry.error }, ...models] : models;
    }
    if (node.kind === 'model') {
      const model = this.registry.data.models[node.name];
      return model
        ? [...model.versions].reverse().map((v) => ({ kind: 'modelVersion', model: node.name, version: v.version }))
        : [];
    }
    return [];
  }

  getParent(node: ModelNode): ModelNode | undefined {
    if (node.kind !== 'modelVersion') return undefined;
    const parent: ModelNode = { kind: 'model', name: node.model };
    return this.rows.get(nodeId(parent)) ?? parent;
  }

  getTreeItem(node: ModelNode): vscode.TreeItem {
    if (node.kind === 'registryError') {
      const item = new vscode.TreeItem('registry.json could not be read', vscode.TreeItemCollapsibleState.None);
      item.id = nodeId(node);
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.tooltip = node.message;
      return item;
    }
    if (node.kind === 'model') {
      const model = this.registry.data.models[node.name];
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = nodeId(node);
      const production = model?.versions.find((v) => v.stage === 'production');
      item.description = `${model?.versions.length ?? 0} version${model?.versions.length === 1 ? '' : 's'}${production ? ` · production v${production.version}` : ''}`;
      item.iconPath = new vscode.ThemeIcon('package');
      if (model) item.tooltip = modelTooltip(model, this.spec.spec?.models[node.name]);
      item.contextValue = 'model';
      return item;
    }
    const model = this.registry.data.models[node.model];
    const v = model?.versions.find((x) => x.version === node.version);
    const item = new vscode.TreeItem(`v${node.version}`, vscode.TreeItemCollapsibleState.None);
    item.id = nodeId(node);
    if (!model || !v) return item;
    const [metric] = keyMetricNames([v], this.spec.spec, 1);
    const badges = versionBadges(model, v);
    item.description = [
      badges.join(' '),
      metric ? `${metric} ${formatValue(v.metrics[metric])}` : '',
      relativeTime(v.createdAt),
    ]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = versionTooltip(model, v);
    const [icon, color] = STAGE_ICONS[v.stage ?? 'none'];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.contextValue = `modelVersion.${v.stage ?? 'none'}`;
    item.command = { command: 'mlops.openModelCard', title: 'Open Model Card', arguments: [node] };
    return item;
  }

  refresh(): void {
    this.rows.tell((rows) => this.changed.fire(rows));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
