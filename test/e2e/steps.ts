/**
 * The e2e walk through the workbench: scenarios, each a few steps a user takes (each ending in a screenshot) in a
 * workbench of its own on a fresh copy of the sample workspace, so that one failure cannot carry into the next.
 * What a scenario needs done before (runs, a model in production) it prepares in its workspace, without the UI.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';
import {
  clearNotifications,
  codeLenses,
  errorNotification,
  expandRow,
  hideBottomPanel,
  openFile,
  openViewContainer,
  resizeSidebar,
  runCommand,
  treeRows,
  viewPane,
  waitForWebview,
} from './driver';
import { lineageSteps } from './lineageSteps';
import { dataSteps } from './dataSteps';
import { panelSteps, seedRuns } from './panelSteps';
import { monitorSteps, prepareProductionModel } from './monitorSteps';
import { registrySteps } from './registrySteps';
import { walkthroughSteps } from './walkthroughSteps';
import { panelActionSteps } from './panelActionSteps';
import { evaluationSteps, prepareEvaluations } from './evaluationSteps';
import { importSteps, prepareImportedRuns } from './importSteps';
import { waitForFinishedRun } from './workspaceRuns';
import { prepareSweep, sweepSteps } from './sweepSteps';
import { prepareSlurm, slurmSteps } from './slurmSteps';

export interface StepContext {
  page: Page;
  /** The temp copy of the sample workspace the window has open. */
  workspace: string;
  /** Saves a PNG of the page (or of one element) under test/e2e/screenshots/; returns its path. */
  shot(name: string, element?: Locator): Promise<string>;
}

export interface Step {
  name: string;
  run(ctx: StepContext): Promise<void>;
}

export interface Scenario {
  name: string;
  /** Prepares the scenario's own workspace copy before its workbench opens. */
  prepare?(workspace: string): Promise<void>;
  steps: Step[];
}

export interface PanelStepOptions {
  name: string;
  /** Palette title of the command that opens the panel, e.g. "MLOps: Open Runs Table". */
  command: string;
  /** Title of the panel's editor tab. */
  tabTitle: string | RegExp;
  /** Something inside the webview that only exists once the panel has rendered its data. */
  ready: (frame: FrameLocator) => Locator;
  screenshot: string;
}

/** "Run command X, wait for its webview, screenshot it." */
export function panelStep(options: PanelStepOptions): Step {
  return {
    name: options.name,
    async run({ page, shot }) {
      await runCommand(page, options.command);
      const frame = await waitForWebview(page, options.tabTitle);
      await options.ready(frame).first().waitFor();
      await hideBottomPanel(page);
      await clearNotifications(page);
      await shot(options.screenshot);
    },
  };
}

const SAMPLE_EXPERIMENT = 'py-linear';

const firstRunSteps: Step[] = [
  {
    name: 'open the MLOps container and see the experiments',
    async run({ page, shot }) {
      await openViewContainer(page, 'MLOps');
      await resizeSidebar(page, 460);
      const experiments = await viewPane(page, 'Experiments');
      await treeRows(experiments, SAMPLE_EXPERIMENT).first().waitFor();
      await shot('mlops-sidebar-experiments');
    },
  },
  {
    name: 'open mlops.yaml and see its CodeLens',
    async run({ page, shot }) {
      await openFile(page, 'mlops.yaml');
      await codeLenses(page, /Run/).first().waitFor();
      await clearNotifications(page);
      await shot('mlops-yaml-codelens');
    },
  },
  {
    name: 'click "▶ Run" and see the finished run in the Runs tree',
    async run({ page, workspace, shot }) {
      const lens = codeLenses(page, /▶\s*Run/).first();
      await lens.click();
      const failed = errorNotification(page, /MLOps/, 120_000).then((message) => {
        throw new Error(`the workbench reported: ${message}`);
      });
      const run = await Promise.race([waitForFinishedRun(workspace, 120_000), failed]);
      failed.catch(() => undefined);
      if (run.status !== 'completed')
        throw new Error(
          `run ${run.id} of ${run.experiment} ended ${run.status}; see ${workspace}/.mlops/runs/${run.id}/log.txt`,
        );
      const runs = await viewPane(page, 'Runs');
      // run.json can be final a moment before the tree refreshes: wait for the row to say so too.
      await treeRows(runs, run.experiment).filter({ hasText: run.status }).first().waitFor();
      await clearNotifications(page);
      await shot('mlops-sidebar-runs');
    },
  },
  {
    name: 'expand the finished run to see its metrics and params',
    async run({ page, shot }) {
      const runs = await viewPane(page, 'Runs');
      await expandRow(treeRows(runs, SAMPLE_EXPERIMENT).first());
      const metrics = treeRows(runs, /metrics/i).first();
      await metrics.waitFor();
      await expandRow(metrics);
      await treeRows(runs, /val_accuracy/)
        .first()
        .waitFor();
      await shot('mlops-run-metrics');
    },
  },
  panelStep({
    name: 'open the runs table panel',
    command: 'MLOps: Open Runs Table',
    tabTitle: 'MLOps Runs',
    ready: (frame) => frame.getByText(SAMPLE_EXPERIMENT),
    screenshot: 'panel-runs-table',
  }),
];

/** Where the scenarios after the first start: the MLOps side bar open and wide, the extension active. */
const openMlops: Step = {
  name: 'open the MLOps side bar',
  async run({ page }) {
    await openViewContainer(page, 'MLOps');
    await resizeSidebar(page, 460);
    await treeRows(await viewPane(page, 'Experiments'), SAMPLE_EXPERIMENT)
      .first()
      .waitFor();
  },
};

export const scenarios: Scenario[] = [
  { name: 'first run: experiments, CodeLens, a run from mlops.yaml, the runs table', steps: firstRunSteps },
  { name: 'runs panels in both themes', prepare: seedRuns, steps: [openMlops, ...panelSteps] },
  { name: 'lineage and code diff', steps: [openMlops, ...lineageSteps] },
  { name: 'data panels', steps: [openMlops, ...dataSteps] },
  { name: 'registry: train, register, promote', steps: [openMlops, ...registrySteps] },
  { name: 'serving and monitoring', prepare: prepareProductionModel, steps: [openMlops, ...monitorSteps] },
  { name: 'get started walkthrough', steps: [openMlops, ...walkthroughSteps] },
  { name: 'panel title actions', prepare: seedRuns, steps: [openMlops, ...panelActionSteps] },
  { name: 'sweep panel in both themes', prepare: prepareSweep, steps: [openMlops, ...sweepSteps] },
  { name: 'evaluation panel in both themes', prepare: prepareEvaluations, steps: [openMlops, ...evaluationSteps] },
  { name: 'Slurm: a job pending, then running', prepare: prepareSlurm, steps: [openMlops, ...slurmSteps] },
  {
    name: 'imported runs: MLflow parent and child, TensorBoard',
    prepare: prepareImportedRuns,
    steps: [openMlops, ...importSteps],
  },
];
