import * as vscode from 'vscode';
import { promote, type PromoteOutcome } from '../../core/registry/promotion';
import { parseTransitionTarget, targetLabel } from '../../core/registry/transitions';
import { STAGES, type TransitionTarget } from '../../core/registry/types';
import type { SpecModel } from '../models/specModel';
import type { GateDiagnostics } from './gateDiagnostics';
import type { RegistryModel } from './registryModel';

export interface PromoteDeps {
  registry: RegistryModel;
  spec: SpecModel;
  diagnostics: GateDiagnostics;
}

/** Stages, the model's aliases, and a new alias. */
export async function pickTarget(
  registry: RegistryModel,
  model: string,
  version: number,
): Promise<TransitionTarget | undefined> {
  const current = registry.version(model, version);
  const aliases = Object.entries(registry.data.models[model]?.aliases ?? {});
  const NEW = '$(add) New alias…';
  const items: Array<vscode.QuickPickItem & { target?: TransitionTarget }> = [
    ...STAGES.filter((s) => s !== current?.stage).map((stage) => ({
      label: stage,
      description:
        stage === 'production' && registry.production(model)
          ? `replaces v${registry.production(model)!.version}, which is archived`
          : '',
      target: { kind: 'stage' as const, stage },
    })),
    ...aliases
      .filter(([, v]) => v !== version)
      .map(([alias, v]) => ({
        label: `@${alias}`,
        description: `move from v${v}`,
        target: { kind: 'alias' as const, alias },
      })),
    { label: NEW },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: `Promote ${model}:${version} to…` });
  if (!pick) return undefined;
  if (pick.target) return pick.target;
  const name = await vscode.window.showInputBox({
    title: `New alias for ${model}:${version}`,
    placeHolder: 'champion',
    validateInput: (text) => {
      try {
        return parseTransitionTarget(text).kind === 'alias'
          ? undefined
          : 'That is a stage; pick it from the list instead.';
      } catch (err) {
        return (err as Error).message;
      }
    },
  });
  return name ? parseTransitionTarget(name) : undefined;
}

async function runPromotion(
  deps: PromoteDeps,
  options: { model: string; version: number; to: TransitionTarget; force?: boolean; reason?: string },
): Promise<PromoteOutcome | undefined> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `MLOps: checking gates for ${options.model}:${options.version}`,
      cancellable: true,
    },
    async (_progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        const outcome = await promote(deps.registry.store, {
          ...options,
          spec: deps.spec.spec,
          signal: controller.signal,
        });
        deps.diagnostics.record(outcome.check);
        return outcome;
      } finally {
        sub.dispose();
      }
    },
  );
}

/**
 * How a caller that cannot answer dialogs (a test, another extension, a task) promotes: the target, and the
 * reason to override failed gates with. Without a reason, failed gates refuse the promotion without asking.
 */
export interface PromoteRequest {
  to: string;
  overrideReason?: string;
}

export function isPromoteRequest(value: unknown): value is PromoteRequest {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as PromoteRequest).to === 'string'
  );
}

async function askOverrideReason(label: string, failures: string[]): Promise<string | undefined> {
  const choice = await vscode.window.showWarningMessage(
    `MLOps: ${label} refused: ${failures.length} gate${failures.length === 1 ? '' : 's'} failed.`,
    { modal: true, detail: failures.join('\n') },
    'Override…',
  );
  if (choice !== 'Override…') return undefined;
  return vscode.window.showInputBox({
    title: `Override failed gates for ${label}`,
    prompt: 'Why is this promotion safe? The reason and the failing rules are kept in the audit log.',
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() ? undefined : 'A reason is required to override gates.'),
  });
}

/**
 * Gates first; failing rules are shown with "Override…", which asks for the reason that gets audited. With
 * `given` (a non-interactive call) nothing is asked: its override reason is used, or the promotion is refused.
 */
export async function promoteWithGates(
  deps: PromoteDeps,
  model: string,
  version: number,
  to: TransitionTarget,
  given?: { overrideReason?: string },
): Promise<PromoteOutcome | undefined> {
  const label = `${model}:${version} → ${targetLabel(to)}`;
  let outcome = await runPromotion(deps, { model, version, to });
  if (!outcome) return undefined;
  if (!outcome.promoted) {
    if (given && !given.overrideReason?.trim()) {
      void vscode.window.showWarningMessage(`MLOps: ${label} refused: ${outcome.failures.join(' · ')}`);
      return outcome;
    }
    const reason = given ? given.overrideReason : await askOverrideReason(label, outcome.failures);
    if (!reason) return outcome;
    outcome = await runPromotion(deps, { model, version, to, force: true, reason });
    if (!outcome?.promoted) return outcome;
  }
  const { transition } = outcome;
  const notes = [
    transition.events.length === 0
      ? `${model}:${version} already is ${targetLabel(to)}.`
      : `${label}${outcome.overridden ? ' (gates overridden, reason audited)' : ''}.`,
    transition.archived ? `v${transition.archived.version} was archived (it was in production).` : '',
    transition.aliasMovedFrom !== null
      ? `@${(to as { alias: string }).alias} moved from v${transition.aliasMovedFrom}.`
      : '',
  ].filter(Boolean);
  void vscode.window.showInformationMessage(`MLOps: ${notes.join(' ')}`);
  await deps.registry.reload();
  return outcome;
}
