import * as vscode from 'vscode';
import { resolveModelRef } from '../../core/registry/resolveModelRef';
import { versionBadges } from '../../core/registry/presentation';
import type { ModelNode } from './modelsTree';
import type { RegistryModel } from './registryModel';

export type VersionArg = ModelNode | string | undefined;

/** A tree row, `churn:3` / `churn@production`, or the user's pick among all versions. */
export async function versionFrom(
  registry: RegistryModel,
  arg: VersionArg,
  title: string,
): Promise<{ model: string; version: number } | undefined> {
  if (arg && typeof arg === 'object' && arg.kind === 'modelVersion') return { model: arg.model, version: arg.version };
  if (typeof arg === 'string') {
    const v = resolveModelRef(registry.data, arg);
    return { model: v.model, version: v.version };
  }
  const only = arg && typeof arg === 'object' && arg.kind === 'model' ? arg.name : undefined;
  const items = registry
    .models()
    .filter((m) => !only || m.name === only)
    .flatMap((m) =>
      [...m.versions].reverse().map((v) => ({
        label: `${m.name}:${v.version}`,
        description: versionBadges(m, v).join(' '),
        detail: `run ${v.runId} · ${v.createdAt.slice(0, 16).replace('T', ' ')}`,
        model: m.name,
        version: v.version,
      })),
    );
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      'MLOps: no registered models yet. Register one from a completed run (Runs view → Register Model).',
    );
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, { title, matchOnDescription: true });
  return pick ? { model: pick.model, version: pick.version } : undefined;
}
