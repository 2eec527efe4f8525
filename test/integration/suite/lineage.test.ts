import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { FileRegistryStore } from '../../../src/core/registry/fileRegistryStore';
import { registerRun } from '../../../src/core/registry/registration';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { newRunId } from '../../../src/core/tracking/runId';
import type { RunId, RunRecord } from '../../../src/core/tracking/types';
import type { PanelRecord } from '../../../src/extension/panels/panelReports';
import type { RunDiffResult } from '../../../src/extension/lineage/diffCommand';
import { commitWorkspace, finishedRun } from '../../helpers/lineageRuns';
import { mlopsApi, waitFor, workspaceRoot } from '../helpers';

interface LineageInspection {
  panels: PanelRecord[];
  state: { root: string } | null;
}

async function lineagePanel(): Promise<PanelRecord | undefined> {
  return (await vscode.commands.executeCommand<LineageInspection>('mlops.lineage.inspect'))?.panels.find(
    (p) => p.viewType === 'mlops.lineage',
  );
}

function graphReport(
  what: string,
  until: (detail: Record<string, unknown>) => boolean,
  timeoutMs = 60_000,
): Promise<Record<string, unknown>> {
  return waitFor(
    `the lineage panel to report ${what}`,
    async () => {
      const detail = (await lineagePanel())?.reports.graph?.detail;
      return detail && until(detail) ? detail : undefined;
    },
    timeoutMs,
  );
}

describe('Lineage panel and Compare code/data/params', function () {
  this.timeout(240_000);
  let store: FileRunStore;
  let first: RunRecord;
  let second: RunRecord;

  before(async () => {
    await mlopsApi();
    store = new FileRunStore(workspaceRoot());
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows a model version with its two runs on two versions of the data, and sends only a patch when a run changes', async () => {
    const ws = workspaceRoot();
    writeFileSync(join(ws, 'data', 'lineage-train.csv'), 'x,y\n1,0\n2,1\n');
    first = await finishedRun(store, 'churn-tfjs', { inputs: ['data/lineage-train.csv'] });
    writeFileSync(join(ws, 'data', 'lineage-train.csv'), 'x,y\n1,0\n2,1\n3,1\n');
    second = await finishedRun(store, 'churn-tfjs', {
      inputs: ['data/lineage-train.csv'],
      extra: { derivedFrom: first.id },
    });
    const registry = new FileRegistryStore(ws);
    await registerRun(registry, { run: first.id, model: 'churn-lineage' });
    await registerRun(registry, { run: second.id, model: 'churn-lineage' });
    await vscode.commands.executeCommand('mlops.refresh');
    const api = await mlopsApi();
    await waitFor('both runs in the run list', async () => {
      await api.whenIdle();
      return [first.id, second.id].every((id) => api.runs().some((r) => r.id === id));
    });

    const root = await vscode.commands.executeCommand<string>('mlops.openLineage', 'churn-lineage:2');
    assert.equal(root, 'model:churn-lineage:2');
    const [v1, v2] = [first, second].map((r) => `dataset:data/lineage-train.csv@${r.data[0].sha256.slice(0, 12)}`);
    assert.notEqual(v1, v2);
    const shown = await graphReport('the model, both runs and both data versions', (d) => {
      const ids = (d.nodeIds as string[] | undefined) ?? [];
      return [root, `run:${first.id}`, `run:${second.id}`, v1, v2].every((id) => ids.includes(id));
    });
    assert.equal(shown.root, root);
    assert.ok((shown.edges as number) >= 4, `edges drawn: ${String(shown.edges)}`);
    const record = await lineagePanel();
    assert.deepEqual(record?.sentTypes, ['snapshot']);

    await store.updateRun(first.id, { status: 'failed', exitCode: 1 });
    // Finished runs are not watched (only active ones are): a refresh re-reads the rows, as after a CLI change.
    await vscode.commands.executeCommand('mlops.refresh');
    await graphReport('a re-render after the run changed', (d) => d.relaidOut === false);
    const after = await lineagePanel();
    assert.deepEqual(after?.sentTypes, ['snapshot', 'patch'], 'the change arrives as a patch, not a new snapshot');
  });

  it('opens the code diff of two runs in the native diff editor, with the files rebuilt from commit + patch', async () => {
    const ws = workspaceRoot();
    commitWorkspace(ws, ['data/lineage-*']);
    const original = readFileSync(join(ws, 'train.js'), 'utf8');
    const launch = (params: Record<string, unknown>) =>
      finishedRun(store, 'node-linear', { inputs: ['data/train.csv'], params, git: true });
    const a = await launch({ lr: 0.5, epochs: 40 });
    writeFileSync(join(ws, 'train.js'), `${original}\n// tuned for the second run\n`);
    const b = await launch({ lr: 0.25, epochs: 40, batch: 16 });
    assert.ok(b.git?.dirty && b.git.diffSha, 'the second run recorded an uncommitted change');

    const result = await vscode.commands.executeCommand<RunDiffResult>('mlops.diffRuns', [a.id, b.id]);
    assert.ok(result, 'the command returned its result');
    assert.match(result.markdown, /\| `lr` \| `0.5` \| `0.25` \|/);
    assert.match(result.markdown, /\| `batch` \| — \| `16` \|/);
    assert.match(result.markdown, /Same commit/);
    assert.deepEqual(
      result.files.map((f) => f.path),
      ['train.js'],
    );
    const left = await vscode.workspace.openTextDocument(result.files[0].left);
    const right = await vscode.workspace.openTextDocument(result.files[0].right);
    assert.equal(left.getText(), original);
    assert.equal(right.getText(), `${original}\n// tuned for the second run\n`);
    await waitFor('a diff editor of the two runs', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .some(
          (t) =>
            t.input instanceof vscode.TabInputTextDiff &&
            t.input.original.scheme === 'mlops-run' &&
            t.input.modified.toString() === result.files[0].right.toString(),
        ),
    );
    const summary = await vscode.workspace.openTextDocument(result.summary);
    assert.equal(summary.getText(), result.markdown);

    const lost = await launch({ lr: 0.5, epochs: 40 });
    await store.updateRun(lost.id, { git: { ...lost.git!, commit: 'dead'.repeat(10) } });
    const gone = await vscode.commands.executeCommand<RunDiffResult>('mlops.diffRuns', [a.id, lost.id]);
    assert.match(
      gone.markdown,
      /The code cannot be compared:\*\* commit deaddeaddead of run .* no longer exists in this repository/,
    );
    assert.deepEqual(gone.files, []);
  });

  it('lays out and draws 500 nodes (a dataset version read by 250 runs, each with its model file)', async () => {
    const ws = workspaceRoot();
    const runsDir = join(ws, '.mlops', 'runs');
    const data = { path: 'data/shared.csv', sha256: 'f'.repeat(64), bytes: 1_000_000, role: 'input' as const };
    for (let i = 0; i < 250; i++) {
      const id = newRunId(Date.now() + i) as RunId;
      mkdirSync(join(runsDir, id), { recursive: true });
      const record: RunRecord = {
        ...first,
        id,
        experiment: `exp${i % 5}`,
        status: i % 13 === 0 ? 'failed' : 'completed',
        createdAt: new Date(Date.now() + i).toISOString(),
        derivedFrom: null,
        git: null,
        data: [
          data,
          {
            path: `.mlops/runs/${id}/artifacts/model.json`,
            sha256: i.toString(16).padStart(64, '0'),
            bytes: 4096,
            role: 'output',
          },
        ],
      };
      writeFileSync(join(runsDir, id, 'run.json'), JSON.stringify(record));
    }
    await vscode.commands.executeCommand('mlops.rebuildIndex');
    await vscode.commands.executeCommand('mlops.refresh');
    const api = await mlopsApi();
    await waitFor(
      'the 250 runs in the run list',
      async () => {
        await api.whenIdle();
        return api.runs().length >= 250;
      },
      120_000,
    );
    const root = `dataset:data/shared.csv@${'f'.repeat(12)}`;
    assert.equal(await vscode.commands.executeCommand<string>('mlops.openLineage', root), root);
    const drawn = await graphReport('501 nodes', (d) => d.root === root && d.nodes === 501, 120_000);
    assert.equal(drawn.drawn, 501);
    assert.equal(drawn.edges, 500);
    const sent = await lineagePanel();
    console.log(
      `      lineage 501 nodes / 500 edges: layout ${String(drawn.layoutMs)} ms, render ${String(drawn.renderMs)} ms, paint ${String(drawn.paintMs)} ms; host sent ${sent?.messagesSent} messages, ${Math.round((sent?.bytesSent ?? 0) / 1024)} KiB`,
    );
  });
});
