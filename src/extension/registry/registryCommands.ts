import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { neighbourhood } from '../../core/lineage/graphQuery';
import { loadLineageGraph, resolveLineageTarget } from '../../core/lineage/lineageLoader';
import { renderLineageTree } from '../../core/lineage/lineageText';
import { checkGates, describeFailures, type GateCheck } from '../../core/registry/gates/checkGates';
import { registryLineageProvider } from '../../core/registry/lineageSource';
import { metricsDiffMarkdown } from '../../core/registry/metricsDiff';
import { renderModelCard } from '../../core/registry/modelCard';
import { modelCardFacts } from '../../core/registry/modelCardFacts';
import type { PromoteOutcome } from '../../core/registry/promotion';
import { registerRun } from '../../core/registry/registration';
import { parseTransitionTarget } from '../../core/registry/transitions';
import type { ModelVersion } from '../../core/registry/types';
import type { CommandDeps } from '../commands/commandDeps';
import { MlopsError } from '../../core/errors';
import { announceSaved, saveTarget } from '../panels/panelActionCommands';
import { reportError } from '../commands/reportError';
import type { TreeNode } from '../trees/treeNodes';
import type { GateDiagnostics } from './gateDiagnostics';
import { isPromoteRequest, pickTarget, promoteWithGates } from './promoteFlow';
import type { RegistryDocuments } from './registryDocuments';
import type { RegistryModel } from './registryModel';
import { versionFrom, type VersionArg } from './versionArg';

export interface RegistryCommandDeps {
  base: CommandDeps;
  registry: RegistryModel;
  diagnostics: GateDiagnostics;
  documents: RegistryDocuments;
}

const commandExists = async (id: string) => (await vscode.commands.getCommands(true)).includes(id);

/** `promoteModel(version, {to, overrideReason?})` promotes without dialogs; without the request it asks. */
export async function promoteCommand(
  d: RegistryCommandDeps,
  arg: VersionArg,
  request?: unknown,
): Promise<PromoteOutcome | undefined> {
  const given = isPromoteRequest(request) ? request : undefined;
  const target = await versionFrom(d.registry, arg, 'Promote which model version?');
  if (!target) return undefined;
  const to = given ? parseTransitionTarget(given.to) : await pickTarget(d.registry, target.model, target.version);
  if (!to) return undefined;
  return promoteWithGates(
    { registry: d.registry, spec: d.base.spec, diagnostics: d.diagnostics },
    target.model,
    target.version,
    to,
    given,
  );
}

/** `archiveModelVersion(version, {confirmed: true})` archives a production version without asking. */
export async function archiveCommand(
  d: RegistryCommandDeps,
  arg: VersionArg,
  options?: unknown,
): Promise<PromoteOutcome | undefined> {
  const target = await versionFrom(d.registry, arg, 'Archive which model version?');
  if (!target) return undefined;
  const current = d.registry.version(target.model, target.version);
  const confirmed =
    typeof options === 'object' && options !== null && (options as { confirmed?: unknown }).confirmed === true;
  if (current?.stage === 'production' && !confirmed) {
    const ok = await vscode.window.showWarningMessage(
      `MLOps: ${target.model}:${target.version} is in production. Archive it, leaving no production version?`,
      { modal: true },
      'Archive',
    );
    if (ok !== 'Archive') return undefined;
  }
  return promoteWithGates(
    { registry: d.registry, spec: d.base.spec, diagnostics: d.diagnostics },
    target.model,
    target.version,
    { kind: 'stage', stage: 'archived' },
  );
}

async function pickModelName(d: RegistryCommandDeps, experiment: string): Promise<string | undefined> {
  const fromSpec = Object.values(d.base.spec.spec?.models ?? {});
  const names = [
    ...new Set([
      ...fromSpec.filter((m) => m.experiment === experiment).map((m) => m.name),
      ...d.registry.models().map((m) => m.name),
      ...fromSpec.map((m) => m.name),
    ]),
  ];
  const NEW = '$(add) New model…';
  const pick = names.length
    ? await vscode.window.showQuickPick(
        [
          ...names.map((n) => ({
            label: n,
            description: d.registry.data.models[n]
              ? `${d.registry.data.models[n].versions.length} versions`
              : 'declared in mlops.yaml',
          })),
          { label: NEW, description: '' },
        ],
        { title: 'Register as a version of which model?' },
      )
    : { label: NEW };
  if (!pick) return undefined;
  if (pick.label !== NEW) return pick.label;
  return vscode.window.showInputBox({
    title: 'New model name',
    placeHolder: experiment.replace(/[^A-Za-z0-9_.-]/g, '-'),
    validateInput: (t) =>
      /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(t) ? undefined : 'Letters, digits, _ . - (e.g. churn).',
  });
}

/** `registerModel(runId, {model})` registers without asking; the info message's actions never block the result. */
export async function registerFromRunCommand(
  d: RegistryCommandDeps,
  arg?: TreeNode | string,
  options?: unknown,
): Promise<ModelVersion | undefined> {
  let runId = typeof arg === 'string' ? arg : arg && arg.kind === 'run' ? arg.run.id : undefined;
  if (!runId) {
    const completed = d.base.runs.all().filter((r) => r.status === 'completed');
    const pick = await vscode.window.showQuickPick(
      completed.map((r) => ({
        label: `${r.experiment} ${r.id.slice(-8)}`,
        description: r.createdAt.slice(0, 16).replace('T', ' '),
        id: r.id,
      })),
      { title: 'Register which completed run?' },
    );
    runId = pick?.id;
  }
  if (!runId) return undefined;
  const summary = d.base.runs.all().find((r) => r.id === runId);
  const given = typeof options === 'object' && options !== null ? (options as { model?: unknown }).model : undefined;
  const model = typeof given === 'string' ? given : await pickModelName(d, summary?.experiment ?? '');
  if (!model) return undefined;
  const version = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `MLOps: registering ${model} from run ${runId.slice(-8)}`,
      cancellable: true,
    },
    async (_p, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        return await registerRun(d.registry.store, { run: runId!, model, signal: controller.signal });
      } finally {
        sub.dispose();
      }
    },
  );
  await d.registry.reload();
  const node = { kind: 'modelVersion' as const, model, version: version.version };
  void vscode.window
    .showInformationMessage(`MLOps: registered ${model}:${version.version}.`, 'Promote…', 'Open Model Card')
    .then(async (choice) => {
      try {
        if (choice === 'Promote…') await promoteCommand(d, node);
        if (choice === 'Open Model Card') await modelCardCommand(d, node);
      } catch (err) {
        reportError(d.base.log, choice ?? 'register', err);
      }
    });
  return version;
}

export async function compareWithProductionCommand(d: RegistryCommandDeps, arg: VersionArg): Promise<void> {
  const target = await versionFrom(d.registry, arg, 'Compare which version with production?');
  if (!target) return;
  const candidate = d.registry.version(target.model, target.version);
  const production = d.registry.production(target.model);
  if (!candidate) return;
  if (!production)
    return void vscode.window.showInformationMessage(
      `MLOps: ${target.model} has no production version to compare with.`,
    );
  if (production.version === candidate.version)
    return void vscode.window.showInformationMessage(
      `MLOps: ${target.model}:${target.version} is the production version.`,
    );
  if (await commandExists('mlops.compareRuns')) {
    await vscode.commands.executeCommand('mlops.compareRuns', [production.runId, candidate.runId]);
    return;
  }
  await d.documents.showMarkdown(
    `${target.model}-v${target.version}-vs-production.md`,
    metricsDiffMarkdown(candidate, production),
  );
}

export async function openLineageCommand(d: RegistryCommandDeps, arg: VersionArg): Promise<void> {
  const target = await versionFrom(d.registry, arg, 'Lineage of which model version?');
  if (!target) return;
  const ref = `${target.model}:${target.version}`;
  if (await commandExists('mlops.openLineage')) {
    await vscode.commands.executeCommand('mlops.openLineage', ref);
    return;
  }
  const graph = await loadLineageGraph(d.base.workspace, { providers: [registryLineageProvider(d.registry.store)] });
  const root = await resolveLineageTarget(graph, d.base.workspace, ref);
  await d.documents.showText(
    `${target.model}-v${target.version}-lineage.txt`,
    renderLineageTree(neighbourhood(graph, root, { direction: 'both' }), root, {}),
  );
}

async function modelCardMarkdown(d: RegistryCommandDeps, target: { model: string; version: number }): Promise<string> {
  const trusted = vscode.workspace.isTrusted;
  const facts = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Model card ${target.model}:${target.version}` },
    () => modelCardFacts(d.registry.store, { ...target, spec: d.base.spec.spec, evaluateGates: trusted }),
  );
  if (facts.gates && !('error' in facts.gates)) d.diagnostics.record(facts.gates);
  return renderModelCard(facts) + (trusted ? '' : '\n_Gates are not evaluated in Restricted Mode._\n');
}

/** Opens the card in the Markdown preview; resolves with the card document's URI. */
export async function modelCardCommand(d: RegistryCommandDeps, arg: VersionArg): Promise<vscode.Uri | undefined> {
  const target = await versionFrom(d.registry, arg, 'Model card of which version?');
  if (!target) return undefined;
  return d.documents.showMarkdown(
    `${target.model}-v${target.version}-model-card.md`,
    await modelCardMarkdown(d, target),
  );
}

export type CardFormat = 'markdown' | 'html';

/**
 * Saves a version's model card as Markdown, or as a standalone HTML page rendered by VS Code's own Markdown
 * renderer (`markdown.api.render`, the one the preview uses). `format` and `target` skip the questions.
 */
export async function exportModelCardCommand(
  d: RegistryCommandDeps,
  arg: VersionArg,
  format?: unknown,
  target?: unknown,
): Promise<vscode.Uri | undefined> {
  const version = await versionFrom(d.registry, arg, 'Export the model card of which version?');
  if (!version) return undefined;
  const chosen: CardFormat | undefined =
    format === 'markdown' || format === 'html'
      ? format
      : (
          await vscode.window.showQuickPick(
            [
              { label: 'Markdown', format: 'markdown' as const },
              { label: 'HTML page', format: 'html' as const },
            ],
            { title: `Export the model card of ${version.model}:${version.version} as…` },
          )
        )?.format;
  if (!chosen) return undefined;
  const extension = chosen === 'markdown' ? 'md' : 'html';
  const uri = await saveTarget(
    d.base,
    `${version.model}-v${version.version}-model-card`,
    extension,
    chosen === 'markdown' ? 'Markdown' : 'HTML page',
    target,
  );
  if (!uri) return undefined;
  const markdown = await modelCardMarkdown(d, version);
  const text =
    chosen === 'markdown'
      ? markdown
      : cardPage(`Model card: ${version.model} v${version.version}`, await renderMarkdown(markdown));
  await writeFile(uri.fsPath, text, 'utf8');
  if (target === undefined) announceSaved(uri);
  return uri;
}

async function renderMarkdown(markdown: string): Promise<string> {
  const html = await vscode.commands.executeCommand<string | undefined>('markdown.api.render', markdown);
  if (typeof html !== 'string')
    throw new MlopsError(
      'the Markdown renderer is not available',
      'conflict',
      "Enable VS Code's built-in Markdown Language Features extension, or export as Markdown.",
    );
  return html;
}

function cardPage(title: string, body: string): string {
  const escaped = title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: https:; style-src 'unsafe-inline'">
<title>${escaped}</title>
<style>
body { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; max-width: 860px; margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #1f2328; }
table { border-collapse: collapse; } th, td { border: 1px solid #d0d7de; padding: 4px 10px; text-align: left; }
code { background: #f3f4f6; padding: 0 4px; border-radius: 4px; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export async function checkGatesCommand(d: RegistryCommandDeps, arg: VersionArg): Promise<GateCheck | undefined> {
  const target = await versionFrom(d.registry, arg, 'Check the gates of which version?');
  if (!target) return undefined;
  const check = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `MLOps: checking gates for ${target.model}:${target.version}`,
      cancellable: true,
    },
    async (_p, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        return await checkGates(d.registry.store, { ...target, spec: d.base.spec.spec, signal: controller.signal });
      } finally {
        sub.dispose();
      }
    },
  );
  d.diagnostics.record(check);
  if (check.skipped)
    void vscode.window.showInformationMessage(`MLOps: ${target.model}:${target.version}: ${check.skipped}.`);
  else if (check.passed)
    void vscode.window.showInformationMessage(
      `MLOps: all ${check.results.length} gates hold for ${target.model}:${target.version}.`,
    );
  else {
    const failures = describeFailures(check);
    void vscode.window
      .showWarningMessage(
        `MLOps: ${failures.length} gate(s) fail for ${target.model}:${target.version}: ${failures.join(' · ')}`,
        'Open Problems',
      )
      .then((c) => {
        if (c) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
  }
  return check;
}
