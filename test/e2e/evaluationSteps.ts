/**
 * e2e steps of the Evaluation panel: two evaluated runs (a baseline and a candidate, binary with a sensitive group
 * and permutation importance), opened from the palette, the candidate overlaid, in the dark then the light theme;
 * then a multiclass run with class probabilities (one ROC and PR curve per class, the per-class table).
 */
import type { Column, Table } from '../../src/core/data/table';
import { evaluateColumns } from '../../src/core/evaluation/evaluate';
import { runEvaluationPath, writeEvaluation } from '../../src/core/evaluation/evaluationFiles';
import { permutationImportance } from '../../src/core/evaluation/importance';
import type { EvaluationReport } from '../../src/core/evaluation/types';
import { FileRunStore } from '../../src/core/store/fileRunStore';
import { answerPick, clearNotifications, commandWithPicks, hideBottomPanel, waitForWebview } from './driver';
import { showTab, useTheme } from './panelSteps';
import type { Step } from './steps';

const num = (name: string, values: Float64Array): Column => ({
  name,
  kind: 'numeric',
  values,
  missing: 0,
  integer: false,
});

/** A small logistic "model" over three features, scored on 3,000 synthetic rows; `sharp` sets how well it separates. */
async function evaluatedRun(workspace: string, experiment: string, sharp: number): Promise<void> {
  const n = 3000;
  let seed = experiment.length * 7919;
  const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const x1 = new Float64Array(n).map(() => rand() * 2 - 1);
  const x2 = new Float64Array(n).map(() => rand() * 2 - 1);
  const x3 = new Float64Array(n).map(() => rand() * 2 - 1);
  const region = Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 'north' : i % 4 === 1 ? 'east' : 'south'));
  const y = new Float64Array(n).map((_, i) =>
    x1[i] + 0.5 * x2[i] + (region[i] === 'north' ? 0.3 : 0) + 0.6 * (rand() - 0.5) > 0 ? 1 : 0,
  );
  const table: Table = {
    source: 'test.csv',
    format: 'csv',
    rowCount: n,
    columns: [num('x1', x1), num('x2', x2), num('x3', x3)],
  };
  const predict = (t: Table) => {
    const [a, b] = [t.columns[0].values as Float64Array, t.columns[1].values as Float64Array];
    return new Float64Array(n).map((_, i) => 1 / (1 + Math.exp(-sharp * (a[i] + 0.4 * b[i]))));
  };
  const group = { name: 'region', kind: 'text' as const, values: region, missing: 0 };
  const report = evaluateColumns(
    { label: num('churned', y), score: num('p(1)', predict(table)), group },
    {},
    { data: 'data/test.csv', model: `churn:${sharp > 3 ? 2 : 1}` },
  );
  report.importance = await permutationImportance({
    table,
    features: ['x1', 'x2', 'x3'],
    scoring: 'accuracy',
    repeats: 5,
    seed: 0,
    score: async (t) => evaluateColumns({ label: num('churned', y), score: num('p', predict(t)) }).metrics.accuracy!,
  });
  await completedRunWith(workspace, experiment, report);
}

/** A completed run of `experiment` whose evaluation.json is `report`. */
async function completedRunWith(workspace: string, experiment: string, report: EvaluationReport): Promise<void> {
  const store = new FileRunStore(workspace);
  const run = await store.createRun({
    experiment,
    command: 'python evaluate.py',
    argv: [],
    shell: false,
    cwd: workspace,
  });
  await store.updateRun(run.id, { status: 'completed', endedAt: new Date().toISOString(), exitCode: 0 });
  await writeEvaluation(runEvaluationPath(store.runDir(run.id)), report);
}

/** Four classes, a softmax over noisy logits: the rarest class (yak) is the hardest. */
async function multiclassRun(workspace: string): Promise<void> {
  const classes = ['cat', 'dog', 'emu', 'yak'];
  const n = 2000;
  let seed = 4242;
  const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const y = Array.from({ length: n }, () => {
    const u = rand();
    return u < 0.4 ? 'cat' : u < 0.7 ? 'dog' : u < 0.9 ? 'emu' : 'yak';
  });
  const lift = [1.4, 1.2, 1.0, 0.6];
  const probs = y.map((label) => {
    const w = classes.map((c, k) => Math.exp((c === label ? lift[k] : 0) + 2.5 * rand()));
    const total = w.reduce((a, b) => a + b, 0);
    return w.map((v) => v / total);
  });
  const report = evaluateColumns(
    {
      label: { name: 'species', kind: 'text', values: y, missing: 0 },
      classScores: classes.map((c, k) => ({
        column: num(
          `p_${c}`,
          Float64Array.from(probs, (p) => p[k]),
        ),
      })),
    },
    {},
    { data: 'data/animals.csv', model: 'species:1' },
  );
  await completedRunWith(workspace, 'eval-species', report);
}

export async function prepareEvaluations(workspace: string): Promise<void> {
  await evaluatedRun(workspace, 'eval-baseline', 2);
  await evaluatedRun(workspace, 'eval-candidate', 5);
  await multiclassRun(workspace);
}

const TAB = /^Evaluation/;

async function shots(
  page: Parameters<Step['run']>[0]['page'],
  shot: (name: string, el?: never) => Promise<string>,
  theme: 'dark' | 'light',
): Promise<void> {
  const frame = await showTab(page, TAB, theme);
  await frame.locator('.card.curves .main-svg').first().waitFor();
  await frame.locator('.card.importance .main-svg').first().waitFor();
  await hideBottomPanel(page);
  await clearNotifications(page);
  await shot(`evaluation-${theme}`);
  await frame.locator('.card.slices').first().scrollIntoViewIfNeeded();
  await shot(`evaluation-slices-fairness-${theme}`);
  await frame.locator('.card.importance').last().scrollIntoViewIfNeeded();
  await shot(`evaluation-importance-${theme}`);
}

export const evaluationSteps: Step[] = [
  {
    name: 'open the Evaluation panel for a run, overlay a second run (dark theme)',
    async run({ page, workspace, shot }) {
      await useTheme(page, workspace, 'Default Dark Modern');
      await commandWithPicks(page, 'MLOps: Open Evaluation', [
        { title: 'Open the evaluation of a run', text: 'eval-baseline' },
      ]);
      const frame = await waitForWebview(page, TAB);
      await frame.locator('.card.confusion .main-svg').first().waitFor();
      await frame.locator('vscode-button', { hasText: 'Add run' }).click();
      await answerPick(page, { title: 'Evaluation: add a run to compare', text: 'eval-candidate' });
      await frame.locator('.chip').nth(1).waitFor();
      await shots(page, shot as never, 'dark');
    },
  },
  {
    name: 'the Evaluation panel follows a switch to the light theme',
    async run({ page, workspace, shot }) {
      await useTheme(page, workspace, 'Default Light Modern');
      // The workbench repaints its parts a little after the theme class flips; wait until the side bar is light.
      await page.waitForFunction(
        `(() => { const bg = (getComputedStyle(document.querySelector('.part.sidebar')).backgroundColor.match(/\\d+/g) || [0, 0, 0]).map(Number); return (bg[0] + bg[1] + bg[2]) / 3 > 160; })()`,
      );
      await shots(page, shot as never, 'light');
    },
  },
  {
    name: 'a multiclass evaluation: one ROC and PR curve per class, and the per-class table',
    async run({ page, shot }) {
      await commandWithPicks(page, 'MLOps: Open Evaluation', [
        { title: 'Open the evaluation of a run', text: 'eval-species' },
      ]);
      const frame = await waitForWebview(page, TAB);
      await frame.locator('.card.per-class th', { hasText: 'yak' }).first().waitFor();
      await frame.locator('.card.curves .main-svg').first().waitFor();
      await frame.locator('.card.curves .legendtext', { hasText: 'yak vs rest' }).first().waitFor();
      await hideBottomPanel(page);
      await clearNotifications(page);
      // The panel keeps its scroll position when its item changes: start this shot from the top.
      await frame
        .locator('body')
        .evaluate(
          'for (const el of [document.scrollingElement, ...document.querySelectorAll("*")]) if (el && el.scrollTop) el.scrollTop = 0',
        );
      await shot('evaluation-multiclass');
      await frame.locator('.card.curves').first().scrollIntoViewIfNeeded();
      await shot('evaluation-multiclass-curves');
    },
  },
];
