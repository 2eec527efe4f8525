import * as vscode from 'vscode';

/** `mlops.executor`: where runs of experiments that name no `executor:` execute. */
export function executorSetting(): 'local' | 'slurm' {
  return vscode.workspace.getConfiguration('mlops').get<string>('executor', 'local') === 'slurm' ? 'slurm' : 'local';
}
