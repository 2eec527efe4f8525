import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../../src/extension/api';
import type { PanelRecord } from '../../../src/extension/panels/panelReports';
import type { SweepRecord } from '../../../src/core/sweep/types';
import { codeLensesOf, mlopsApi, specUri, waitFor, workspaceRoot } from '../helpers';

function sweepRecord(id: string): SweepRecord | undefined {
  try {
    return JSON.parse(readFileSync(join(workspaceRoot(), '.mlops', 'sweeps', id, 'sweep.json'), 'utf8')) as SweepRecord;
  } catch {
    return undefined;
  }
}

async function sweepPanel(id: string): Promise<PanelRecord | undefined> {
  const { panels } = (await vscode.commands.executeCommand<{ panels: PanelRecord[] }>('mlops.panels.inspect')) ?? {
    panels: [],
  };
  return panels.find((p) => p.viewType === 'mlops.sweep' && p.key === id);
}

describe('Sweeps from VS Code', function () {
  this.timeout(300_000);

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('puts "⟳ Sweep" beside "▶ Run" above the experiments that have a sweep: block', async () => {
    const api = await mlopsApi();
    const lenses = (await codeLensesOf(specUri())).filter((l) => l.command?.command === Commands.sweepExperiment);
    const withSweep = api.experiments().filter((e) => e.name === 'py-linear' || e.name === 'node-linear');
    assert.deepEqual(
      lenses.map((l) => ({ title: l.command?.title, name: l.command?.arguments?.[0], line: l.range.start.line + 1 })),
      withSweep.map((e) => ({ title: '⟳ Sweep', name: e.name, line: e.line })),
    );
  });

  it('runs a 6-trial TPE sweep of node-linear from its CodeLens through the queue and shows it in the Sweep panel', async () => {
    const api = await mlopsApi();
    const lens = (await codeLensesOf(specUri())).find(
      (l) => l.command?.command === Commands.sweepExperiment && l.command.arguments?.[0] === 'node-linear',
    );
    assert.ok(lens?.command, 'no ⟳ Sweep CodeLens for node-linear');
    const sweepId = await vscode.commands.executeCommand<string | undefined>(
      lens.command.command,
      ...(lens.command.arguments ?? []),
    );
    assert.ok(sweepId, `${lens.command.command} returned no sweep id`);

    // The panel opens at once and follows the sweep live.
    await waitFor('the Sweep panel to draw its first table', async () => (await sweepPanel(sweepId))?.reports.table);
    const done = await waitFor(
      `sweep ${sweepId} to end (last seen: ${sweepRecord(sweepId)?.status})`,
      () => {
        const r = sweepRecord(sweepId);
        return r && r.status !== 'running' ? r : undefined;
      },
      240_000,
    );
    assert.equal(done.status, 'completed', done.error ?? '');
    assert.equal(done.method, 'tpe');
    assert.equal(done.trialRecords.length, 6);
    for (const t of done.trialRecords) {
      assert.ok(['completed', 'pruned'].includes(t.status), `trial ${t.number}: ${t.status} ${t.error ?? ''}`);
      assert.ok((t.params.lr as number) >= 0.01 && (t.params.lr as number) <= 2);
      assert.ok(Number.isInteger(t.params.epochs));
    }
    assert.ok(
      done.best &&
        done.best.value === Math.max(...done.trialRecords.filter((t) => t.status === 'completed').map((t) => t.value!)),
    );

    // Every trial is an ordinary run of the experiment, carrying its sweep and trial number.
    await waitFor('the trials in the run list', async () => {
      await api.whenIdle();
      return done.trialRecords.every((t) =>
        api.runs().some((r) => r.id === t.runId && r.sweep === sweepId && r.trial === t.number),
      );
    });
    const best = api.runs().find((r) => r.id === done.best!.runId)!;
    assert.equal(best.experiment, 'node-linear');
    assert.equal(best.params.lr, done.best!.params.lr);

    const charts = await waitFor(
      'the Sweep panel to draw every trial',
      async () => {
        const detail = (await sweepPanel(sweepId))?.reports.charts?.detail;
        return detail && detail.trials === 6 && detail.status === 'completed' ? detail : undefined;
      },
      60_000,
    );
    assert.equal(charts.parcoordsDimensions, 3, 'lr, epochs and the metric');
    assert.equal(charts.scatters, 2);
    const record = await sweepPanel(sweepId);
    assert.ok(record!.sentTypes.includes('snapshot'));
    assert.ok(record!.sentTypes.includes('trialsChanged'), `live updates: ${record!.sentTypes.join(', ')}`);
  });

  it('opens a finished sweep again from the Sweeps list command', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const [id] = readdirSync(join(workspaceRoot(), '.mlops', 'sweeps'));
    await vscode.commands.executeCommand(Commands.openSweep, id);
    const detail = await waitFor(
      'the reopened panel to draw',
      async () => (await sweepPanel(id))?.reports.charts?.detail,
    );
    assert.equal(detail.status, 'completed');
  });
});
