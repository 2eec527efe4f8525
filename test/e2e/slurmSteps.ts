/**
 * e2e steps of the Slurm executor on the local one-node cluster (scripts/slurm-local.sh): with the node held by
 * another job, MLOps: Run Experiment on a Slurm experiment shows its run in the Runs view as `queued (PD: Resources)`
 * with its job id; once the node is free, the same row shows it `running on localhost`. Without a cluster (not root,
 * no Slurm), the scenario prints why and takes no screenshot.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { repoRoot } from '../../scripts/vscode-host/paths';
import { ensureLocalSlurm } from '../slurm/localCluster';
import { clearNotifications, commandWithPicks, hideBottomPanel, treeRows, viewPane } from './driver';
import type { Step } from './steps';
import { readRuns } from './workspaceRuns';

const EXPERIMENT = 'slurm-demo';
const TRAIN = [
  'import time',
  'from mlops_workbench import log_metric',
  'for i in range(120):',
  '    log_metric("loss", 1.0 / (i + 1), step=i)',
  '    time.sleep(0.5)',
  '',
].join('\n');
let skipped: string | undefined;
let blocker: string | undefined;

/** Adds the Slurm experiment to the workspace's mlops.yaml and brings the cluster up (or notes why it cannot). */
export async function prepareSlurm(workspace: string): Promise<void> {
  skipped = ensureLocalSlurm(repoRoot);
  if (skipped) return;
  mkdirSync(join(workspace, 'slurm_demo'), { recursive: true });
  writeFileSync(join(workspace, 'slurm_demo', 'train.py'), TRAIN);
  const doc = parseDocument(readFileSync(join(workspace, 'mlops.yaml'), 'utf8'));
  doc.setIn(
    ['experiments', EXPERIMENT],
    doc.createNode({
      command: ['python3', 'slurm_demo/train.py'],
      executor: { slurm: { time: '00:10:00', cpus: 1, mem: '256M' } },
    }),
  );
  writeFileSync(join(workspace, 'mlops.yaml'), doc.toString());
}

function sbatchBlocker(): string {
  const out = spawnSync(
    'sbatch',
    ['--parsable', '--exclusive', '--output=/dev/null', '--job-name=e2e-blocker', '--wrap', 'sleep 600'],
    { encoding: 'utf8' },
  );
  if (out.status !== 0) throw new Error(`could not hold the node: ${out.stderr}`);
  return out.stdout.trim();
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const slurmSteps: Step[] = [
  {
    name: 'hold the node, Run Experiment on a Slurm experiment: the Runs view shows it pending with its reason',
    async run({ page, workspace, shot }) {
      if (skipped) {
        console.log(`    skipped: ${skipped}`);
        return;
      }
      blocker = sbatchBlocker();
      await commandWithPicks(page, 'MLOps: Run Experiment', [{ title: 'Run experiment', text: EXPERIMENT }]);
      const run = await until('the Slurm run to pend behind the held node', () =>
        readRuns(workspace).find(
          (r) =>
            r.experiment === EXPERIMENT &&
            r.slurm?.state === 'PENDING' &&
            /Resources|Priority/.test(r.slurm.reason ?? ''),
        ),
      );
      const runs = await viewPane(page, 'Runs');
      await treeRows(runs, EXPERIMENT)
        .filter({ hasText: `queued (PD: ${run.slurm!.reason})` })
        .filter({ hasText: `Slurm ${run.slurm!.jobId}` })
        .first()
        .waitFor();
      await hideBottomPanel(page);
      await clearNotifications(page);
      await shot('slurm-runs-pending');
    },
  },
  {
    name: 'free the node: the same row shows the job running on its node',
    async run({ page, workspace, shot }) {
      if (skipped) return;
      spawnSync('scancel', [blocker!]);
      await until('the Slurm run to start', () =>
        readRuns(workspace).find((r) => r.experiment === EXPERIMENT && r.status === 'running' && r.slurm?.node),
      );
      const runs = await viewPane(page, 'Runs');
      await treeRows(runs, EXPERIMENT).filter({ hasText: 'running on localhost' }).first().waitFor();
      await treeRows(runs, EXPERIMENT)
        .filter({ hasText: /step \d+/ })
        .first()
        .waitFor({ timeout: 30_000 });
      await hideBottomPanel(page);
      await clearNotifications(page);
      await shot('slurm-runs-running');
      const job = readRuns(workspace).find((r) => r.experiment === EXPERIMENT)?.slurm?.jobId;
      if (job) spawnSync('scancel', [job]);
    },
  },
];
