/** Fresh copies of the sample workspace, so no test ever writes into the repository's examples folder. */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { removeOnExit } from '../../scripts/vscode-host/processGroups';

const SKIPPED = new Set(['.mlops', 'dvclive', '__pycache__', 'node_modules']);

export interface TempWorkspace {
  folder: string;
  dispose(): void;
}

export function copyWorkspace(source: string, label: string): TempWorkspace {
  if (!existsSync(join(source, 'mlops.yaml'))) {
    throw new Error(`The sample workspace ${source} has no mlops.yaml; the integration suites open a copy of it.`);
  }
  const root = mkdtempSync(join(tmpdir(), `mlops-it-${label}-`));
  const keep = Boolean(process.env.MLOPS_KEEP_TEST_WORKSPACE);
  const forget = keep ? () => undefined : removeOnExit(root);
  const folder = join(root, basename(source));
  // MLOPS_KEEP_STORE=1 keeps the sample's .mlops (a benchmark store, usually a symlink) in the copy.
  const keepStore = process.env.MLOPS_KEEP_STORE === '1';
  cpSync(source, folder, {
    recursive: true,
    filter: (src) => !SKIPPED.has(basename(src)) || (keepStore && basename(src) === '.mlops'),
  });
  return {
    folder,
    dispose: () => {
      if (!keep) rmSync(root, { recursive: true, force: true });
      forget();
    },
  };
}
