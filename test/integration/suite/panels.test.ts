import * as assert from 'node:assert/strict';
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PanelRecord } from '../../../src/extension/panels/panelReports';
import type { RunSummary } from '../../../src/core/tracking/types';
import { syntheticSummaries, writeRunFolder } from '../../bench/panels/syntheticStore';
import { mlopsApi, waitFor, workspaceRoot } from '../helpers';

interface Inspection {
  panels: PanelRecord[];
}

async function panel(viewType: string, key?: string): Promise<PanelRecord | undefined> {
  const { panels } = (await vscode.commands.executeCommand<Inspection>('mlops.panels.inspect')) ?? { panels: [] };
  return panels.find((p) => p.viewType === viewType && (key === undefined || p.key === key));
}

function report(
  viewType: string,
  what: string,
  until: (detail: Record<string, unknown>) => boolean,
  key?: string,
  timeoutMs = 60_000,
): Promise<Record<string, unknown>> {
  return waitFor(
    `${viewType} to report "${what}"`,
    async () => {
      const detail = (await panel(viewType, key))?.reports[what]?.detail;
      return detail && until(detail) ? detail : undefined;
    },
    timeoutMs,
  ).catch(async (err: Error) => {
    const record = await panel(viewType, key);
    throw new Error(
      `${err.message}; host sent ${JSON.stringify(record?.sentTypes)}, webview reported ${JSON.stringify(record?.reports)}`.slice(
        0,
        3000,
      ),
    );
  });
}

describe('Runs panels (table, compare, run detail) through their message contracts', function () {
  this.timeout(180_000);
  let seeded: RunSummary[] = [];

  before(async () => {
    const api = await mlopsApi();
    const ws = workspaceRoot();
    seeded = syntheticSummaries({ runs: 6, params: 4, metrics: 2, seed: 42 });
    seeded[5] = { ...seeded[5], status: 'running', endedAt: null };
    seeded.forEach((s, k) =>
      writeRunFolder(
        ws,
        s,
        [
          { name: 'loss', points: 3000, value: (i) => (i === 1234 ? 99 + k : i === 10 ? NaN : 1 / (i + 1)) },
          ...(k % 2 === 0 ? [{ name: 'val_accuracy', points: 100, value: (i: number) => i / 100 }] : []),
        ],
        k === 5
          ? {
              record: {
                pid: process.pid,
                supervisor: { pid: process.pid, startTime: null },
                heartbeatAt: new Date().toISOString(),
              },
            }
          : {},
      ),
    );
    await vscode.commands.executeCommand('mlops.refresh');
    await waitFor('the seeded runs in the run list', async () => {
      await api.whenIdle();
      return seeded.every((s) => api.runs().some((r) => r.id === s.id));
    });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens the runs table with a row window, params and metrics as columns, and filters in the host', async () => {
    await vscode.commands.executeCommand('mlops.openRunsTable');
    const rows = await report('mlops.runsTable', 'rows', (d) => (d.total as number) >= seeded.length);
    const columns = rows.columns as string[];
    assert.ok(
      columns.includes('metric:loss') && columns.includes('param:lr') && columns.includes('status'),
      `columns: ${columns.join(', ')}`,
    );
    const ok = await vscode.commands.executeCommand('mlops.panels.simulate', 'mlops.runsTable', 'workspace', {
      type: 'query',
      state: { filter: 'status = running', sort: null, columns: null, onlyDiffering: false },
    });
    assert.equal(ok, true);
    const filtered = await report('mlops.runsTable', 'rows', (d) => d.total === 1);
    assert.equal(filtered.total, 1);
    assert.equal((filtered.firstRows as Array<{ id: string }>)[0].id, seeded[5].id);
    const record = await panel('mlops.runsTable');
    assert.ok(record && record.bytesSent < 200_000, `the table sent ${record?.bytesSent} bytes for a handful of rows`);
  });

  it('compares runs: downsampled curves keep every spike, metrics missing in some runs are left out, parcoords draws', async () => {
    await vscode.commands.executeCommand(
      'mlops.compareRuns',
      seeded.map((s) => s.id),
    );
    const curves = await report('mlops.compare', 'curves', (d) => d.traces === seeded.length);
    assert.equal(curves.typedArrays, true, 'curves should arrive as Float64Arrays');
    const extents = curves.extents as Array<{ runId: string; extent: [number, number] }>;
    seeded.forEach((s, k) => assert.equal(extents.find((e) => e.runId === s.id)?.extent[1], 99 + k));
    const parcoords = await report('mlops.compare', 'parcoords', (d) => (d.dimensions as number) > 0);
    assert.equal(parcoords.runs, seeded.length);
    await vscode.commands.executeCommand('mlops.panels.simulate', 'mlops.compare', 'compare', {
      type: 'curves',
      requestId: 99,
      metric: 'val_accuracy',
      xAxis: 'step',
      columns: 500,
      range: null,
    });
    const partial = await report('mlops.compare', 'curves', (d) => d.requestId === 99);
    assert.equal(partial.traces, 3, 'only the runs that logged val_accuracy have a curve');
  });

  it('shows a live run extending as points are appended, and says so when its folder is deleted', async () => {
    const live = seeded[5];
    await vscode.commands.executeCommand('mlops.openRun', live.id);
    const snapshot = await report('mlops.runDetail', 'snapshot', () => true, live.id);
    assert.deepEqual(snapshot.series, ['metrics:loss']);
    assert.equal((snapshot.actions as { register: boolean }).register, false, 'no register button without a registry');
    const file = join(workspaceRoot(), '.mlops', 'runs', live.id, 'plots', 'metrics', 'loss.tsv');
    appendFileSync(
      file,
      Array.from({ length: 20 }, (_, i) => `${Date.now()}\t${3000 + i}\t${i === 5 ? 'inf' : 0.001}`).join('\n') + '\n',
    );
    const extended = await report(
      'mlops.runDetail',
      'live',
      (d) => (d.series as Record<string, number>).loss >= 3020,
      live.id,
      15_000,
    );
    assert.ok((extended.appended as number) > 0);
    await vscode.commands.executeCommand('mlops.panels.simulate', 'mlops.runDetail', live.id, {
      type: 'searchLog',
      query: 'nothing-matches-this',
    });
    await report('mlops.runDetail', 'logSearch', (d) => d.query === 'nothing-matches-this' && d.total === 0, live.id);
    rmSync(join(workspaceRoot(), '.mlops', 'runs', live.id), { recursive: true, force: true });
    await report('mlops.runDetail', 'deleted', () => true, live.id, 30_000);
  });
});
