/** A trained churn model registered and served by a supervised worker, for the serving benchmarks. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploymentDir, listLogFiles } from '../../../src/core/monitor/deploymentFiles';
import { FileRegistryStore, type DeploymentRecord } from '../../../src/core/registry';
import { DeploymentManager } from '../../../src/backend/serving/deploymentManager';
import { trainedChurnModel, type TrainedModel } from '../../unit/serving/helpers';
import { registerArtifact } from '../../unit/serving/registryFixture';

export interface BenchDeployment {
  model: TrainedModel;
  workspace: string;
  manager: DeploymentManager;
  registry: FileRegistryStore;
  deployment: DeploymentRecord;
  close(): Promise<void>;
}

export async function servedChurnModel(
  timing = { healthEveryMs: 250, backoffInitialMs: 100 },
): Promise<BenchDeployment> {
  const model = await trainedChurnModel();
  const workspace = mkdtempSync(join(tmpdir(), 'mlops-serving-bench-'));
  await registerArtifact(workspace, 'churn', model.artifactDir);
  const registry = new FileRegistryStore(workspace);
  const manager = new DeploymentManager({ workspace, registry, timing });
  const deployment = await manager.start({ model: 'churn:1' });
  return {
    model,
    workspace,
    manager,
    registry,
    deployment,
    async close() {
      await manager.close();
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}

/** Every line of every prediction log file parses as JSON, and every file ends with a newline. */
export async function checkPredictionLog(
  workspace: string,
  id: string,
): Promise<{ files: number; lines: number; torn: number; unterminated: number }> {
  const files = await listLogFiles(deploymentDir(workspace, id), 'predictions');
  let lines = 0;
  let torn = 0;
  let unterminated = 0;
  for (const f of files) {
    const text = readFileSync(f.path, 'utf8');
    if (text.length > 0 && !text.endsWith('\n')) unterminated++;
    for (const line of text.split('\n')) {
      if (!line) continue;
      lines++;
      try {
        JSON.parse(line);
      } catch {
        torn++;
      }
    }
  }
  return { files: files.length, lines, torn, unterminated };
}

export const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
