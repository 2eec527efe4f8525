import * as vscode from 'vscode';

/**
 * `mlops.yaml` is validated and completed from our JSON schema by Red Hat's YAML extension (`yamlValidation`). We
 * recommend it once, with "Don't Ask Again", rather than declaring it in `extensionDependencies`: a dependency would
 * block activation where it cannot be installed (offline machines, code-server without the marketplace), and the
 * extension works without it (our own diagnostics cover every error).
 */
export const YAML_EXTENSION = 'redhat.vscode-yaml';
const DONT_ASK_KEY = 'mlops.yamlRecommendation.dontAsk';
const ASKED_THIS_SESSION_KEY = 'mlops.yamlRecommendation.askedAt';

export interface RecommendationState {
  /** The installed extension, not tests or an Extension Development Host (whose screenshots must stay clean). */
  production: boolean;
  installed: boolean;
  dontAsk: boolean;
  hasSpec: boolean;
}

/** Asked once per workspace of users with an mlops.yaml and without the YAML extension, until they say never. */
export function shouldRecommendYaml(state: RecommendationState): boolean {
  return state.production && state.hasSpec && !state.installed && !state.dontAsk;
}

export async function recommendYamlExtension(context: vscode.ExtensionContext, hasSpec: boolean): Promise<void> {
  const state: RecommendationState = {
    production: context.extensionMode === vscode.ExtensionMode.Production,
    installed: vscode.extensions.getExtension(YAML_EXTENSION) !== undefined,
    dontAsk: context.globalState.get<boolean>(DONT_ASK_KEY, false),
    hasSpec,
  };
  if (!shouldRecommendYaml(state) || context.workspaceState.get(ASKED_THIS_SESSION_KEY)) return;
  await context.workspaceState.update(ASKED_THIS_SESSION_KEY, new Date().toISOString());
  const install = 'Install YAML Extension';
  const never = "Don't Ask Again";
  const choice = await vscode.window.showInformationMessage(
    'MLOps: the YAML extension (Red Hat) completes and validates mlops.yaml from its schema as you type.',
    install,
    never,
  );
  if (choice === install) await vscode.commands.executeCommand('workbench.extensions.installExtension', YAML_EXTENSION);
  if (choice === never) await context.globalState.update(DONT_ASK_KEY, true);
}
