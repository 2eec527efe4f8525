/**
 * What the Monitors commands act on: taken from their argument (a tree node, a name or id, a model reference),
 * or asked for in a quick pick when the command comes from the palette.
 */
import * as vscode from 'vscode';
import type { MonitorSummary } from '../../core/monitor/monitorSummary';
import type { RegistryStore } from '../../core/registry';
import type { DeploymentInfo } from '../../protocol/backend';
import type { MlopsSpec } from '../../core/spec/types';
import type { MonitorsModel } from './monitorsModel';
import { promotableChallenger, type MonitorsNode } from './monitorsTree';

/** A model reference from a command argument: a string, a Models-tree node with model and version, or nothing. */
export function refFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const a = arg as { model?: unknown; version?: unknown } | undefined;
  const v = a?.version as { model?: unknown; version?: unknown } | undefined;
  if (v && typeof v === 'object' && typeof v.model === 'string' && typeof v.version === 'number')
    return `${v.model}:${v.version}`;
  if (typeof a?.model === 'string' && typeof a.version === 'number') return `${a.model}:${a.version}`;
  return undefined;
}

/** `serveModel(ref, {name, port})`: the deployment's name (default: the model's) and port (default: a free one). */
export function serveOptions(options: unknown): { name?: string; port?: number } {
  if (typeof options !== 'object' || options === null) return {};
  const o = options as { name?: unknown; port?: unknown };
  return {
    ...(typeof o.name === 'string' ? { name: o.name } : {}),
    ...(typeof o.port === 'number' ? { port: o.port } : {}),
  };
}

export async function pickVersion(registry: RegistryStore): Promise<string | undefined> {
  const versions = await registry.listVersions();
  if (versions.length === 0) {
    void vscode.window.showInformationMessage(
      'MLOps: no registered model versions yet. Register a run first (`mlops register <run-id> --model NAME`).',
    );
    return undefined;
  }
  const items = versions.reverse().map((v) => ({
    label: `${v.model}:${v.version}`,
    description: [v.stage, v.experiment].filter(Boolean).join(' · '),
  }));
  return (await vscode.window.showQuickPick(items, { title: 'Serve which model version?' }))?.label;
}

/** A Monitors-tree deployment row, a deployment id, or a record with an id; else a quick pick. */
export async function pickDeployment(
  model: MonitorsModel,
  arg: unknown,
  activeOnly: boolean,
): Promise<DeploymentInfo | undefined> {
  const node = arg as MonitorsNode | undefined;
  if (node?.kind === 'deployment') return node.deployment;
  const id =
    typeof arg === 'string'
      ? arg
      : typeof (arg as { id?: unknown } | undefined)?.id === 'string'
        ? (arg as { id: string }).id
        : undefined;
  if (id !== undefined) {
    await model.reload();
    const found = model.deployments().find((d) => d.id === id);
    if (!found) void vscode.window.showErrorMessage(`MLOps: no deployment '${id}'.`);
    return found;
  }
  const list = model.deployments().filter((d) => !activeOnly || d.status !== 'stopped');
  const picked = await vscode.window.showQuickPick(
    list.map((d) => ({ label: d.id, description: `${d.model}:${d.version} · ${d.status}`, d })),
    { title: 'Which deployment?' },
  );
  return picked?.d;
}

export async function pickMonitor(spec: MlopsSpec | null, arg: unknown): Promise<string | undefined> {
  const node = arg as MonitorsNode | undefined;
  if (node?.kind === 'monitor') return node.monitor.name;
  if (typeof arg === 'string') return arg;
  const names = Object.keys(spec?.monitors ?? {});
  if (names.length === 0) {
    void vscode.window.showInformationMessage('MLOps: mlops.yaml declares no monitors.');
    return undefined;
  }
  return vscode.window.showQuickPick(names, { title: 'Run which monitor?' });
}

/** The monitor whose challenger to promote: a tree row, a monitor name, or the first monitor with a challenger. */
export function challengerMonitor(model: MonitorsModel, arg: unknown): MonitorSummary | undefined {
  const node = arg as MonitorsNode | undefined;
  if (node?.kind === 'monitor') return node.monitor;
  if (typeof arg === 'string') return model.monitors().find((m) => m.name === arg);
  return model.monitors().find(promotableChallenger) ?? model.monitors().find((m) => m.lastRetrain?.version);
}

/** `{confirmed: true}` skips a confirmation dialog (for tests and other extensions). */
export const isConfirmed = (options: unknown): boolean =>
  typeof options === 'object' && options !== null && (options as { confirmed?: unknown }).confirmed === true;
