import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Column } from '../../../src/core/data/table';
import { writeRoc } from '../../../src/core/evaluation/dvclivePlots';
import { evaluateColumns } from '../../../src/core/evaluation/evaluate';
import { runEvaluationPath, writeEvaluation } from '../../../src/core/evaluation/evaluationFiles';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import type { RunId } from '../../../src/core/tracking/types';
import type { PanelRecord } from '../../../src/extension/panels/panelReports';
import { mlopsApi, waitFor, workspaceRoot } from '../helpers';

const inspect = async () =>
  (await vscode.commands.executeCommand<{ panels: PanelRecord[] }>('mlops.panels.inspect'))?.panels ?? [];

function rendered(until: (detail: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return waitFor(
    'the Evaluation panel to report what it rendered',
    async () => {
      const detail = (await inspect()).find((p) => p.viewType === 'mlops.evaluation')?.reports.evaluation?.detail;
      return detail && until(detail) ? detail : undefined;
    },
    90_000,
  ).catch(async (err: Error) => {
    const record = (await inspect()).find((p) => p.viewType === 'mlops.evaluation');
    throw new Error(
      `${err.message}; host sent ${JSON.stringify(record?.sentTypes)}, webview reported ${JSON.stringify(record?.reports)}`.slice(
        0,
        3000,
      ),
    );
  });
}

const num = (name: string, values: number[]): Column => ({
  name,
  kind: 'numeric',
  values: Float64Array.from(values),
  missing: 0,
  integer: values.every(Number.isInteger),
});

const newRun = (store: FileRunStore) =>
  store.createRun({ experiment: 'eval-it', command: 'x', argv: [], shell: false, cwd: workspaceRoot() });

async function evaluatedRun(store: FileRunStore, shift: number): Promise<RunId> {
  const run = await newRun(store);
  const n = 500;
  const y = Array.from({ length: n }, (_, i) => i % 2);
  const p = y.map((v, i) =>
    Math.min(1, Math.max(0, Math.round((shift * v + (((i * 7919) % 100) / 100) * (1 - shift)) * 100) / 100)),
  );
  const group = {
    name: 'region',
    kind: 'text' as const,
    values: y.map((_, i) => (i % 3 === 0 ? 'north' : 'south')),
    missing: 0,
  };
  await writeEvaluation(
    runEvaluationPath(store.runDir(run.id)),
    evaluateColumns({ label: num('y', y), score: num('p', p), group }, {}, { predictions: 'preds.csv' }),
  );
  return run.id;
}

describe('Evaluation panel', function () {
  this.timeout(180_000);

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens for a run: metrics, confusion matrix, ROC/PR, threshold, calibration, slices and fairness; overlays a second run', async () => {
    await mlopsApi();
    const store = new FileRunStore(workspaceRoot());
    const first = await evaluatedRun(store, 0.3);
    const second = await evaluatedRun(store, 0.5);
    writeRoc(store.runDir(second), [0, 1, 0, 1], [0.1, 0.8, 0.4, 0.35], 'roc_logged');

    await vscode.commands.executeCommand('mlops.openRun', first);
    const detail = await waitFor(
      'the run detail to show the evaluation in brief',
      async () => {
        const d = (await inspect()).find((p) => p.viewType === 'mlops.runDetail' && p.key === first)?.reports.snapshot
          ?.detail;
        return d?.evaluation === 'binary' ? d : undefined;
      },
      90_000,
    );
    assert.equal(detail.runId, first);
    // The run detail's Evaluation button sends this message; the host opens the panel on the run.
    await vscode.commands.executeCommand('mlops.panels.simulate', 'mlops.runDetail', first, { type: 'openEvaluation' });
    const one = await rendered((d) => (d.sources as string[]).includes(`run:${first}`));
    for (const s of ['metrics', 'confusion', 'roc', 'pr', 'threshold', 'calibration', 'slices', 'fairness'])
      assert.ok((one.sections as string[]).includes(s), `${s} in ${JSON.stringify(one.sections)}`);
    assert.deepEqual(one.tasks, ['binary']);
    const [curve] = one.rocCurves as Array<{ area: number; points: number }>;
    assert.ok(curve.area > 0.5 && curve.area < 1, JSON.stringify(curve));

    await vscode.commands.executeCommand('mlops.openEvaluation', second, { overlay: true });
    const two = await rendered((d) => (d.sources as string[]).length === 2);
    assert.deepEqual(two.sources, [`run:${first}`, `run:${second}`]);
    assert.equal((two.rocCurves as unknown[]).length, 3, 'two reports and one logged ROC');
  });

  it('a multiclass report with class probabilities: one ROC and PR curve per class, and the per-class table', async () => {
    const store = new FileRunStore(workspaceRoot());
    const run = await newRun(store);
    const classes = ['ant', 'bee', 'cow'];
    const n = 300;
    const y = Array.from({ length: n }, (_, i) => classes[i % 3]);
    const weights = y.map((label, i) =>
      classes.map((c, k) => (c === label ? 2 : 1) + ((i * 7919 + k * 104729) % 97) / 40),
    );
    const probs = weights.map((w) => w.map((v) => v / w.reduce((a, b) => a + b, 0)));
    const report = evaluateColumns({
      label: { name: 'y', kind: 'text', values: y, missing: 0 },
      classScores: classes.map((c, k) => ({
        column: num(
          `p_${c}`,
          probs.map((p) => p[k]),
        ),
      })),
    });
    await writeEvaluation(runEvaluationPath(store.runDir(run.id)), report);
    await vscode.commands.executeCommand('mlops.openEvaluation', run.id);
    const detail = await rendered((d) => (d.sources as string[])[0] === `run:${run.id}`);
    for (const s of ['metrics', 'per-class', 'confusion', 'roc', 'pr'])
      assert.ok((detail.sections as string[]).includes(s), `${s} in ${JSON.stringify(detail.sections)}`);
    assert.deepEqual(detail.tasks, ['multiclass']);
    const curves = detail.rocCurves as Array<{ label: string; area: number }>;
    assert.deepEqual(
      curves.map((c) => c.label.replace(/^.* · /, '')),
      ['ant vs rest', 'bee vs rest', 'cow vs rest'],
    );
    assert.deepEqual(
      curves.map((c) => c.area),
      report.classCurves!.map((c) => c.rocAuc),
    );
  });

  it('says what is missing for a run with no evaluation', async () => {
    const run = await newRun(new FileRunStore(workspaceRoot()));
    await vscode.commands.executeCommand('mlops.openEvaluation', run.id);
    const detail = await rendered((d) => (d.sources as string[])[0] === `run:${run.id}`);
    assert.match(
      (detail.missing as string[])[0],
      /has no evaluation\.json and logged no evaluation plots.*mlops evaluate --predictions/,
    );
  });
});
