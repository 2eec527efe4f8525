import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunId, RunSummary } from '../../../src/core/tracking/types';
import type { ModelVersion } from '../../../src/core/registry/types';
import type { PanelRecord } from '../../../src/extension/panels/panelReports';
import { Commands } from '../../../src/extension/api';
import { syntheticSummaries, writeRunFolder } from '../../bench/panels/syntheticStore';
import { mlopsApi, waitFor, waitForFinish, workspaceRoot } from '../helpers';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A command's result, or a failure that says what the user was told. */
async function run<T>(id: string, ...args: unknown[]): Promise<T> {
  const result = await vscode.commands.executeCommand<T | undefined>(id, ...args);
  if (result === undefined) {
    const error = await vscode.commands.executeCommand<{ command: string; message: string } | null>(
      'mlops.commands.lastError',
    );
    assert.fail(`${id} returned nothing${error ? `; last error (${error.command}): ${error.message}` : ''}`);
  }
  return result;
}

async function panelRecord(viewType: string): Promise<PanelRecord | undefined> {
  const { panels } = (await vscode.commands.executeCommand<{ panels: PanelRecord[] }>('mlops.panels.inspect')) ?? {
    panels: [],
  };
  return panels.find((p) => p.viewType === viewType);
}

async function dataRecord(viewType: string): Promise<PanelRecord | undefined> {
  const { panels } = (await vscode.commands.executeCommand<{ panels: PanelRecord[] }>('mlops.data.inspect')) ?? {
    panels: [],
  };
  return panels.find((p) => p.viewType === viewType);
}

function assertPng(file: string): void {
  const bytes = readFileSync(file);
  assert.ok(bytes.subarray(0, 8).equals(PNG_SIGNATURE), `${file} is not a PNG`);
  // A PNG's IHDR holds its size: a stack of charts is wider and taller than a thumbnail.
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  assert.ok(width >= 400 && height >= 300, `the PNG is ${width}×${height}`);
}

function assertHtml(file: string, heading: RegExp): string {
  const html = readFileSync(file, 'utf8');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, heading);
  assert.match(html, /<img src="data:image\/png;base64,[A-Za-z0-9+/]{1000}/, 'the charts are inlined as PNG');
  assert.doesNotMatch(html, /<script/i, 'the page is static');
  return html;
}

describe('Native VS Code surfaces: badges, panel title actions, exports', function () {
  this.timeout(240_000);
  let out: string;
  let seeded: RunSummary[] = [];

  before(async () => {
    out = mkdtempSync(join(tmpdir(), 'mlops-export-'));
    const api = await mlopsApi();
    seeded = syntheticSummaries({ runs: 2, params: 2, metrics: 1, seed: 7 });
    seeded.forEach((s, k) =>
      writeRunFolder(workspaceRoot(), s, [{ name: 'loss', points: 500, value: (i) => 1 / (i + 1 + k) }]),
    );
    await vscode.commands.executeCommand('mlops.refresh');
    await waitFor('the seeded runs', async () => {
      await api.whenIdle();
      return seeded.every((s) => api.runs().some((r) => r.id === s.id));
    });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(out, { recursive: true, force: true });
  });

  it('badges the Runs view with the number of running runs, and drops the badge when none runs', async () => {
    const api = await mlopsApi();
    const inspectBadge = async () =>
      (await vscode.commands.executeCommand<{ badge: vscode.ViewBadge | null }>('mlops.runs.inspect'))!.badge;
    // A run "running" in this very process (its pid is alive), as the panels suite seeds one.
    const [live] = syntheticSummaries({ runs: 1, params: 1, metrics: 1, seed: 99 }).map((s) => ({
      ...s,
      status: 'running' as const,
      endedAt: null,
    }));
    const dir = writeRunFolder(workspaceRoot(), live, [{ name: 'loss', points: 10, value: (i) => i }], {
      record: {
        pid: process.pid,
        supervisor: { pid: process.pid, startTime: null },
        heartbeatAt: new Date().toISOString(),
      },
    });
    await vscode.commands.executeCommand('mlops.refresh');
    const badge = await waitFor('the Runs badge', async () => {
      await api.whenIdle();
      const running = api.runs().filter((r) => r.status === 'running').length;
      const shown = await inspectBadge();
      return running > 0 && shown?.value === running ? shown : undefined;
    });
    assert.match(badge.tooltip, /runs? running/);
    // Gone, so it holds no queue slot for the runs below.
    rmSync(dir, { recursive: true, force: true });
    await vscode.commands.executeCommand('mlops.refresh');
    await waitFor('the badge to go', async () => {
      await api.whenIdle();
      return api.runs().every((r) => r.status !== 'running') && (await inspectBadge()) === null;
    });
  });

  it('exports the compare panel as PNG and HTML', async () => {
    await vscode.commands.executeCommand(
      Commands.compareRuns,
      seeded.slice(0, 2).map((s) => s.id),
    );
    await waitFor(
      'the compare panel to draw its curves',
      async () => (await panelRecord('mlops.compare'))?.reports.curves,
      60_000,
    );
    const png = await run<vscode.Uri>('mlops.panel.export', 'png', join(out, 'compare.png'));
    assert.equal(png?.fsPath, join(out, 'compare.png'));
    assertPng(png.fsPath);
    const html = await run<vscode.Uri>('mlops.panel.export', 'html', join(out, 'compare.html'));
    assertHtml(html.fsPath, /<h1>MLOps Compare \(2 runs\)<\/h1>/);
  });

  it('opens the focused panel in a new editor group, leaving the other editors where they were', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(join(workspaceRoot(), 'mlops.yaml')), { preview: false });
    await vscode.commands.executeCommand(
      Commands.compareRuns,
      seeded.slice(0, 2).map((s) => s.id),
    );
    await waitFor(
      'the compare panel beside mlops.yaml',
      () => vscode.window.tabGroups.activeTabGroup.tabs.length === 2,
    );
    await run<vscode.ViewColumn>('mlops.panel.openToSide');
    await waitFor('the compare panel in a second editor group', () => {
      const [first, second] = vscode.window.tabGroups.all;
      return (
        second?.tabs.some((t) => t.label.startsWith('MLOps Compare')) &&
        first.tabs.some((t) => t.label === 'mlops.yaml')
      );
    });
  });

  it('refreshes the focused panel: its page asks the host for everything again', async () => {
    const before = (await panelRecord('mlops.compare'))!.messagesSent;
    await vscode.commands.executeCommand('mlops.panel.refresh');
    await waitFor(
      'the compare panel to be sent a new snapshot',
      async () => ((await panelRecord('mlops.compare'))?.messagesSent ?? 0) > before,
      60_000,
    );
  });

  it('exports the drift panel as PNG and HTML', async () => {
    const data = join(workspaceRoot(), 'data');
    // The drift panel of an earlier suite may still hold a report: only one drawn after this check counts.
    const before = (await dataRecord('mlops.drift'))?.reports.report?.at ?? -1;
    await vscode.commands.executeCommand('mlops.checkDrift', {
      reference: join(data, 'train.csv'),
      current: join(data, 'current.csv'),
    });
    await waitFor(
      'a new drift report',
      async () => ((await dataRecord('mlops.drift'))?.reports.report?.at ?? -1) > before,
      60_000,
    );
    assertPng((await run<vscode.Uri>('mlops.panel.export', 'png', join(out, 'drift.png'))).fsPath);
    const html = assertHtml(
      (await run<vscode.Uri>('mlops.panel.export', 'html', join(out, 'drift.html'))).fsPath,
      /<h1>Drift: current\.csv vs train\.csv<\/h1>/,
    );
    assert.match(html, /age/, 'the column table is in the page');
    const columns = (await dataRecord('mlops.drift'))!.reports.report.detail.columns as Array<{
      overlay: string | null;
      ecdf: boolean;
    }>;
    const charts = columns.reduce((n, c) => n + (c.overlay ? 1 : 0) + (c.ecdf ? 1 : 0), 0);
    assert.equal(
      html.match(/<img src="data:image\/png;base64,/g)?.length,
      charts,
      'every column chart is in the page, those below the fold too',
    );
  });

  it('refuses to export a panel that has no export, with a message instead of a file', async () => {
    await vscode.commands.executeCommand('mlops.openRunsTable');
    await waitFor('the runs table', async () => (await panelRecord('mlops.runsTable'))?.reports.rows, 60_000);
    const result = await vscode.commands.executeCommand('mlops.panel.export', 'png', join(out, 'table.png'));
    assert.equal(result, undefined);
    assert.throws(() => statSync(join(out, 'table.png')));
  });

  it('exports a model card as Markdown and as HTML', async () => {
    const api = await mlopsApi();
    const runId = await vscode.commands.executeCommand<RunId | undefined>(Commands.runExperiment, 'churn-tfjs');
    assert.ok(runId);
    assert.equal((await waitForFinish(api, runId)).status, 'completed');
    const version = await vscode.commands.executeCommand<ModelVersion | undefined>('mlops.registerModel', runId, {
      model: 'churn',
    });
    assert.ok(version);
    const ref = `churn:${version.version}`;
    const md = await run<vscode.Uri>('mlops.exportModelCard', ref, 'markdown', join(out, 'card.md'));
    const markdown = readFileSync(md.fsPath, 'utf8');
    assert.match(markdown, /^# /m);
    assert.match(markdown, new RegExp(`churn.*${version.version}`));
    const page = await run<vscode.Uri>('mlops.exportModelCard', ref, 'html', join(out, 'card.html'));
    const html = readFileSync(page.fsPath, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<h1[^>]*>/, 'the Markdown was rendered');
    assert.doesNotMatch(html, /^# /m);
  });
});
