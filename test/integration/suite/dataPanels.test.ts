import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PanelRecord } from '../../../src/extension/panels/panelReports';
import type { DriftAlert } from '../../../src/extension/drift/alertText';
import { mlopsApi, specUri, waitFor, workspaceRoot } from '../helpers';

interface DataInspection {
  panels: PanelRecord[];
  alerts: DriftAlert[];
}

const inspect = async () =>
  (await vscode.commands.executeCommand<DataInspection>('mlops.data.inspect')) ?? { panels: [], alerts: [] };

function rendered(
  viewType: string,
  what: string,
  until: (detail: Record<string, unknown>) => boolean,
  key?: string,
): Promise<Record<string, unknown>> {
  return waitFor(
    `${viewType} to report "${what}"`,
    async () => {
      const record = (await inspect()).panels.find(
        (p) => p.viewType === viewType && (key === undefined || p.key === key),
      );
      const detail = record?.reports[what]?.detail;
      return detail && until(detail) ? detail : undefined;
    },
    90_000,
  ).catch(async (err: Error) => {
    const record = (await inspect()).panels.find((p) => p.viewType === viewType);
    throw new Error(
      `${err.message}; host sent ${JSON.stringify(record?.sentTypes)}, webview reported ${JSON.stringify(record?.reports)}`.slice(
        0,
        3000,
      ),
    );
  });
}

type DriftRow = {
  column: string;
  test: string | null;
  drifted: boolean | null;
  status: string;
  overlay: string | null;
  ecdf: boolean;
};

describe('Data profile and drift panels on the quickstart data', function () {
  this.timeout(180_000);
  let data: string;

  before(async () => {
    await mlopsApi();
    data = join(workspaceRoot(), 'data');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('profiles data/train.csv from an explorer URI: every column with its statistics and a chart', async () => {
    await vscode.commands.executeCommand('mlops.profileData', vscode.Uri.file(join(data, 'train.csv')));
    const profile = await rendered('mlops.profile', 'profile', (d) => d.rows === 2000, 'data/train.csv');
    const columns = profile.columns as Array<{ name: string; type: string; count: number; chart: string | null }>;
    assert.deepEqual(
      columns.map((c) => c.name),
      ['age', 'income', 'plan', 'tenure_months', 'support_calls', 'churned'],
    );
    assert.equal(profile.cards, 6);
    for (const c of columns) assert.ok(c.chart, `${c.name} has a chart`);
    assert.equal(columns.find((c) => c.name === 'plan')?.chart, 'bars');
    assert.equal(columns.find((c) => c.name === 'income')?.chart, 'histogram');
  });

  it('compares data/current.csv with data/train.csv: dataset drift, rows sorted by severity, overlays and ECDFs', async () => {
    await vscode.commands.executeCommand('mlops.checkDrift', {
      reference: join(data, 'train.csv'),
      current: join(data, 'current.csv'),
    });
    const report = await rendered('mlops.drift', 'report', (d) => d.current === 'data/current.csv');
    assert.equal(report.reference, 'data/train.csv');
    assert.equal(report.datasetDrift, true);
    const rows = report.columns as DriftRow[];
    assert.equal(report.rows, rows.length);
    assert.equal(report.cards, rows.length);
    const firstClean = rows.findIndex((r) => r.drifted !== true);
    assert.ok(firstClean > 0, 'drifted columns come first');
    assert.ok(
      rows.slice(firstClean).every((r) => r.drifted !== true),
      `order: ${JSON.stringify(rows.map((r) => [r.column, r.drifted]))}`,
    );
    for (const r of rows.filter((r) => r.status === 'ok')) assert.ok(r.overlay, `${r.column} has an overlay`);
  });

  it('re-runs in the host with a per-column test: KS on age brings its ECDF', async () => {
    await vscode.commands.executeCommand('mlops.checkDrift', {
      reference: join(data, 'train.csv'),
      current: join(data, 'current.csv'),
      settings: { columnTests: { age: 'ks' }, columnThresholds: { age: 0.01 } },
    });
    const report = await rendered('mlops.drift', 'report', (d) =>
      (d.columns as DriftRow[]).some((c) => c.column === 'age' && c.test === 'ks'),
    );
    const age = (report.columns as DriftRow[]).find((c) => c.column === 'age')!;
    assert.equal(age.ecdf, true);
    assert.equal(
      (report.columns as Array<DriftRow & { threshold: number }>).find((c) => c.column === 'age')?.threshold,
      0.01,
    );
  });

  it('shows a monitor’s drift over time from its history file', async () => {
    const dir = join(workspaceRoot(), '.mlops', 'monitors', 'churn-live');
    mkdirSync(dir, { recursive: true });
    const check = (day: number, share: number) =>
      JSON.stringify({
        at: `2026-11-0${day}T12:00:00.000Z`,
        monitor: 'churn-live',
        status: share >= 0.5 ? 'drift' : 'ok',
        share,
        driftShare: 0.5,
        datasetDrift: share >= 0.5,
        tested: 2,
        drifted: Math.round(share * 2),
        columns: [
          { column: 'age', test: 'wasserstein', score: 0.05 + share / 4, threshold: 0.1, drifted: share > 0 },
          { column: 'plan', test: 'jensenshannon', score: 0.02 + share / 5, threshold: 0.1, drifted: share >= 1 },
        ],
      });
    writeFileSync(join(dir, 'history.jsonl'), [check(1, 0), check(2, 0.5), check(3, 1)].join('\n') + '\n');
    await vscode.commands.executeCommand('mlops.showDriftOverTime', 'churn-live');
    const history = await rendered('mlops.drift', 'history', (d) => d.monitor === 'churn-live' && d.checks === 3);
    assert.deepEqual(history.features, ['age', 'plan']);
  });

  it('a drift alert puts a warning on the monitor in mlops.yaml and a status bar item; a clean check clears it', async () => {
    const report = {
      datasetDrift: true,
      share: 0.6,
      driftShare: 0.5,
      tested: 5,
      drifted: 3,
      columns: ['age', 'income', 'plan'].map((column) => ({ column, drifted: true })),
    };
    await vscode.commands.executeCommand('mlops.drift.report', { monitor: 'churn-live', report } satisfies DriftAlert);
    const text = (await vscode.workspace.openTextDocument(specUri())).getText().split('\n');
    const drift = await waitFor('the drift warning on mlops.yaml', () =>
      vscode.languages.getDiagnostics(specUri()).find((d) => d.code === 'drift'),
    );
    assert.equal(drift.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(text[drift.range.start.line].trim(), 'churn-live:');
    assert.match(drift.message, /monitor churn-live: 3 of 5 columns drifted/);
    assert.equal((await inspect()).alerts.length, 1);
    await vscode.commands.executeCommand('mlops.drift.report', {
      monitor: 'churn-live',
      report: { ...report, datasetDrift: false, share: 0.2, drifted: 1 },
    } satisfies DriftAlert);
    await waitFor(
      'the drift warning to clear',
      () => !vscode.languages.getDiagnostics(specUri()).some((d) => d.code === 'drift'),
    );
    assert.equal((await inspect()).alerts.length, 0);
  });
});
