import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Folders put on a run's PYTHONPATH and NODE_PATH so that the bundled logging clients import without installing. */
export interface ClientPaths {
  /** Holds the mlops_workbench package folder. */
  python: string | null;
  /** Holds mlops-workbench/client.js. */
  node: string | null;
}

/**
 * Finds the clients next to the running bundle (dist/clients/…, when this code runs as dist/backend.js or dist/cli.js)
 * or, when it runs from source (tests), in the repository (clients/python, dist/clients/node once built).
 */
export function findClientPaths(bundleDir: string = __dirname): ClientPaths {
  const repo = resolve(bundleDir, '..', '..', '..');
  const first = (candidates: string[], marker: string) =>
    candidates.find((dir) => existsSync(join(dir, marker))) ?? null;
  return {
    python: first(
      [join(bundleDir, 'clients', 'python'), join(repo, 'dist', 'clients', 'python'), join(repo, 'clients', 'python')],
      join('mlops_workbench', '__init__.py'),
    ),
    node: first(
      [join(bundleDir, 'clients', 'node'), join(repo, 'dist', 'clients', 'node')],
      join('mlops-workbench', 'client.js'),
    ),
  };
}
