import { spawn } from 'node:child_process';

/** The extension's URI handler path that opens the Evaluation panel (src/extension/evaluation/evaluationUri.ts). */
export const EVALUATION_URI_PATH = '/evaluation';
const EXTENSION_ID = 'mlops-workbench.mlops-workbench';

export function evaluationUri(reportPath: string, runId?: string): string {
  const query = new URLSearchParams({ path: reportPath, ...(runId ? { run: runId } : {}) });
  return `vscode://${EXTENSION_ID}${EVALUATION_URI_PATH}?${query.toString()}`;
}

/**
 * Asks VS Code to open the Evaluation panel through `code --open-url` (from VS Code's terminal it reaches that
 * window). `MLOPS_CODE_CLI` names another launcher (code-insiders, codium). Returns why it could not, or null.
 */
export function openEvaluationInVsCode(reportPath: string, runId?: string): Promise<string | null> {
  const cli = process.env.MLOPS_CODE_CLI || 'code';
  const uri = evaluationUri(reportPath, runId);
  return new Promise((resolve) => {
    const child = spawn(cli, ['--open-url', uri], { stdio: 'ignore' });
    child.on('error', (err) => resolve(`cannot start '${cli}' to open the Evaluation panel (${err.message}); open ${uri}, or run "MLOps: Open Evaluation" in VS Code`));
    child.on('exit', (code) => resolve(code === 0 ? null : `'${cli} --open-url' exited with ${code}; open ${uri}, or run "MLOps: Open Evaluation" in VS Code`));
  });
}
