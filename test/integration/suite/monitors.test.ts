/**
 * The Monitors view end to end in VS Code: Serve Model, POST /predict with raw rows, the prediction log and
 * GET /metrics, Run Monitor Now on clean then drifted predictions (history, the alert on mlops.yaml), the
 * retraining run it queues registered as `challenger`, Promote Challenger, and Stop Deployment.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { PredictionLogLine } from '../../../src/core/monitor/deploymentFiles';
import { monitorPaths, readHistory, readMonitorState } from '../../../src/core/monitor/monitorFiles';
import type { MonitorRunResult } from '../../../src/core/monitor/monitorRun';
import type { RetrainOutcome } from '../../../src/core/monitor/retrain';
import { readAuditEvents } from '../../../src/core/registry/auditLog';
import { FileRegistryStore } from '../../../src/core/registry/fileRegistryStore';
import type { PromoteOutcome } from '../../../src/core/registry/promotion';
import type { ModelVersion } from '../../../src/core/registry/types';
import { storePaths } from '../../../src/core/store/layout';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import type { RunId } from '../../../src/core/tracking/types';
import { Commands } from '../../../src/extension/api';
import type { TreeRow as MonitorsTreeRow } from '../../../src/extension/trees/inspectTree';
import type { DeploymentInfo } from '../../../src/protocol/backend';
import { EXTENSION_ID, mlopsApi, specUri, waitFor, waitForFinish, workspaceRoot } from '../helpers';

const MODEL = 'churn';
const MONITOR = 'churn-live';
/** Its own name, so the prediction log holds only this suite's rows whatever ran before. */
const DEPLOYMENT = 'churn-monitored';
const BATCH = 100;
const run = promisify(execFile);

type Row = Record<string, string | number>;

function csvRows(file: string): Array<{ features: Row; label: number }> {
  const [header, ...lines] = readFileSync(join(workspaceRoot(), 'data', file), 'utf8')
    .trim()
    .split('\n');
  const names = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const features: Row = {};
    names.forEach((n, i) => {
      if (n !== 'churned') features[n] = n === 'plan' ? cells[i] : Number(cells[i]);
    });
    return { features, label: Number(cells[names.indexOf('churned')]) };
  });
}

const registryData = () => new FileRegistryStore(workspaceRoot()).read();
const auditEvents = () => readAuditEvents(storePaths(workspaceRoot()).audit);
const versionOf = async (v: number) => (await registryData()).models[MODEL].versions.find((x) => x.version === v);

async function treeRows(): Promise<MonitorsTreeRow[]> {
  return (await vscode.commands.executeCommand<{ tree: MonitorsTreeRow[] }>('mlops.monitors.inspect'))!.tree;
}

async function row(section: 'Deployments' | 'Monitors', label: string): Promise<MonitorsTreeRow | undefined> {
  return (await treeRows()).find((r) => r.label === section)?.children.find((c) => c.label === label);
}

function predictionLog(): PredictionLogLine[] {
  const dir = join(storePaths(workspaceRoot()).deployments, DEPLOYMENT);
  const files = readdirSync(dir)
    .filter((f) => /^predictions-\d+\.jsonl$/.test(f))
    .sort();
  return files.flatMap((f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    assert.ok(text.endsWith('\n'), `${f} ends in a torn line`);
    return text
      .trimEnd()
      .split('\n')
      .map((line, i) => {
        try {
          return JSON.parse(line) as PredictionLogLine;
        } catch {
          assert.fail(`${f} line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
        }
      });
  });
}

async function post(
  url: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(new URL(path, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

interface Prediction {
  prediction: number;
  probabilities: Record<string, number>;
}

/** Posts rows in batches; returns each answer's request id and predictions. */
async function predictAll(
  url: string,
  rows: Row[],
): Promise<Array<{ requestId: string; rows: Row[]; predictions: Prediction[] }>> {
  const answers = [];
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const res = await post(url, '/predict', batch);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    answers.push({
      requestId: res.body.requestId as string,
      rows: batch,
      predictions: res.body.predictions as Prediction[],
    });
  }
  return answers;
}

const runMonitor = async () => {
  const result = await vscode.commands.executeCommand<MonitorRunResult | undefined>('mlops.runMonitor', MONITOR);
  assert.ok(result, 'mlops.runMonitor returned nothing (see the MLOps output channel)');
  return result;
};

/** Replaces `find` in mlops.yaml through its editor and saves, as a user would. */
async function editSpec(find: string, replace: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(specUri());
  const at = doc.getText().indexOf(find);
  assert.ok(at >= 0, `mlops.yaml has no '${find}'`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + find.length)), replace);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit of mlops.yaml was refused');
  assert.ok(await doc.save(), 'mlops.yaml was not saved');
  await (await mlopsApi()).whenIdle();
}

/** churn@production: the one earlier suites left, else a fresh churn-tfjs run registered and promoted here. */
async function productionVersion(): Promise<ModelVersion> {
  const existing = (await registryData()).models[MODEL]?.versions.find((v) => v.stage === 'production');
  if (existing) return existing;
  const api = await mlopsApi();
  const runId = await vscode.commands.executeCommand<RunId | undefined>(Commands.runExperiment, 'churn-tfjs');
  assert.ok(runId, 'mlops.runExperiment returned no run id');
  assert.equal((await waitForFinish(api, runId)).status, 'completed');
  const version = await vscode.commands.executeCommand<ModelVersion | undefined>('mlops.registerModel', runId, {
    model: MODEL,
  });
  assert.ok(version, 'mlops.registerModel returned no version');
  const promoted = await vscode.commands.executeCommand<PromoteOutcome | undefined>(
    'mlops.promoteModel',
    `${MODEL}:${version.version}`,
    { to: 'production', overrideReason: 'monitors suite: a production version to watch' },
  );
  assert.ok(promoted?.promoted, 'the production version could not be set up');
  return (await versionOf(version.version))!;
}

describe('Monitors view in VS Code: serving, prediction log, monitor checks, drift alert, retraining loop', function () {
  this.timeout(300_000);
  let originalSpec: string;
  let production: ModelVersion;
  let deployment: DeploymentInfo;
  let historyBefore: number;
  let drifted: MonitorRunResult;
  let retrain: RetrainOutcome;

  before(async () => {
    await mlopsApi();
    originalSpec = readFileSync(specUri().fsPath, 'utf8');
    production = await productionVersion();
    historyBefore = (await readHistory(workspaceRoot(), MONITOR)).length;
  });

  after(async () => {
    if (deployment && (await registryData()).deployments[DEPLOYMENT]?.status !== 'stopped')
      await vscode.commands.executeCommand('mlops.stopDeployment', DEPLOYMENT);
    const doc = await vscode.workspace.openTextDocument(specUri());
    if (doc.getText() !== originalSpec) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), originalSpec);
      await vscode.workspace.applyEdit(edit);
      await doc.save();
    }
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Serve Model starts churn@production on 127.0.0.1 and the Monitors view lists the deployment', async () => {
    const started = await vscode.commands.executeCommand<DeploymentInfo | undefined>(
      'mlops.serveModel',
      `${MODEL}@production`,
      { name: DEPLOYMENT },
    );
    assert.ok(started, 'mlops.serveModel returned nothing (see the MLOps output channel)');
    deployment = started;
    assert.equal(started.id, DEPLOYMENT);
    assert.equal(started.status, 'running');
    assert.deepEqual([started.model, started.version, started.kind], [MODEL, production.version, 'tfjs']);
    assert.equal(new URL(started.url!).hostname, '127.0.0.1');
    assert.equal((await registryData()).deployments[DEPLOYMENT]?.status, 'running', 'registry.json records it running');

    const shown = await row('Deployments', DEPLOYMENT);
    assert.ok(shown, `no ${DEPLOYMENT} row under Deployments: ${JSON.stringify(await treeRows())}`);
    assert.match(
      shown.description,
      new RegExp(`^${MODEL}:${production.version} · running · 0 req · p95 – ms · 0 err$`),
    );
    assert.equal(shown.contextValue, 'deployment.running');
    assert.equal(shown.icon, 'vm-running');
    assert.ok(shown.tooltip.includes(`URL: \`${started.url}\``), shown.tooltip);
  });

  it('answers POST /predict with raw test.csv rows, logs every row as a JSON line, and GET /metrics counts the requests', async () => {
    const rows = csvRows('test.csv');
    const answers = await predictAll(
      deployment.url!,
      rows.map((r) => r.features),
    );
    const predictions = answers.flatMap((a) => a.predictions);
    assert.equal(predictions.length, rows.length);
    const correct = predictions.filter((p, i) => p.prediction === rows[i].label).length;
    assert.ok(correct / rows.length >= 0.75, `served accuracy on test.csv: ${correct}/${rows.length}`);
    const refused = await post(deployment.url!, '/predict', [{ ...rows[0].features, tenure_months: 'long' }]);
    assert.equal(refused.status, 422, JSON.stringify(refused.body));

    const log = predictionLog();
    assert.equal(log.length, rows.length, 'one line per predicted row; the refused request logs nothing');
    const expected = answers.flatMap((a) =>
      a.rows.map((input, index) => ({ requestId: a.requestId, index, input, output: a.predictions[index] })),
    );
    log.forEach((line, i) => {
      assert.deepEqual(
        { requestId: line.requestId, index: line.index, input: line.input, output: line.output },
        expected[i],
        `log line ${i + 1}`,
      );
      assert.deepEqual([line.deployment, line.model, line.version], [DEPLOYMENT, MODEL, production.version]);
      assert.ok(!Number.isNaN(Date.parse(line.ts)) && line.latencyMs >= 0);
    });

    const metrics = (await (await fetch(new URL('/metrics', deployment.url!))).json()) as {
      requests: number;
      predictions: number;
      errors: number;
      byStatus: Record<string, number>;
      latencyMs: { p95: number | null };
    };
    assert.deepEqual([metrics.requests, metrics.predictions, metrics.errors], [answers.length + 1, rows.length, 1]);
    assert.deepEqual(metrics.byStatus, { '200': answers.length, '422': 1 });
    assert.ok(metrics.latencyMs.p95 !== null && metrics.latencyMs.p95 > 0);

    await vscode.commands.executeCommand('mlops.refreshMonitors');
    const shown = await row('Deployments', DEPLOYMENT);
    assert.match(shown!.description, new RegExp(` · ${answers.length + 1} req · p95 [\\d.]+ ms · 1 err$`));
  });

  it('Run Monitor Now on those predictions finds no drift, records it in history, and raises no alert', async () => {
    const { check, settled } = await runMonitor();
    assert.equal(settled, null);
    assert.equal(check.status, 'ok', `check: ${JSON.stringify(check)}`);
    assert.deepEqual(
      [check.monitor, check.model, check.version, check.current],
      [MONITOR, MODEL, production.version, 'predictions'],
    );
    assert.equal(check.window.rows, csvRows('test.csv').length, 'the window is every row logged');
    assert.ok(
      check.share !== null && check.share < 0.5 && check.tested >= 5,
      `share ${check.share} over ${check.tested} columns`,
    );
    assert.equal(check.retrain, null, 'no retraining without drift or new data');
    const history = await readHistory(workspaceRoot(), MONITOR);
    assert.deepEqual(history.slice(historyBefore).at(-1), check, 'history.jsonl ends with the check');
    assert.ok(
      !vscode.languages.getDiagnostics(specUri()).some((d) => d.code === 'drift' && d.message.includes(MONITOR)),
      'no drift alert on mlops.yaml',
    );

    const shown = await row('Monitors', MONITOR);
    assert.match(shown!.description, new RegExp(`^ok · share ${check.share.toFixed(2)} · \\d+s ago$`));
    assert.equal(shown!.icon, 'pass');
  });

  it('drifted rows (current.csv) make the next check report drift: history, the alert on the monitor’s line, a queued retraining run', async () => {
    const rows = csvRows('current.csv');
    const answers = await predictAll(
      deployment.url!,
      rows.map((r) => r.features),
    );
    const feedback = await post(
      deployment.url!,
      '/feedback',
      answers.map((a, k) => ({
        requestId: a.requestId,
        labels: rows.slice(k * BATCH, (k + 1) * BATCH).map((r) => r.label),
      })),
    );
    assert.deepEqual([feedback.status, feedback.body.accepted], [200, rows.length]);

    drifted = await runMonitor();
    const { check } = drifted;
    assert.equal(check.status, 'drift', `check: ${JSON.stringify(check)}`);
    assert.equal(check.window.rows, rows.length, 'only the rows logged since the previous check');
    assert.ok(check.datasetDrift && check.share !== null && check.share >= check.driftShare, `share ${check.share}`);
    assert.equal(check.performance?.labelled, rows.length, 'every row of the window got its label through /feedback');
    assert.ok(check.retrain && check.retrain.reason === 'drift', `retrain: ${JSON.stringify(check.retrain)}`);
    const history = (await readHistory(workspaceRoot(), MONITOR)).slice(historyBefore);
    assert.deepEqual(
      history.slice(-2).map((c) => c.status),
      ['ok', 'drift'],
    );
    assert.deepEqual(history.at(-1), check);
    const { report } = JSON.parse(readFileSync(monitorPaths(workspaceRoot(), MONITOR).report, 'utf8')) as {
      report: { share: number };
    };
    assert.equal(report.share, check.share, 'report.json holds the full report of the last check');
    assert.equal((await readMonitorState(workspaceRoot(), MONITOR)).pending?.runId, check.retrain.runId);

    const lines = (await vscode.workspace.openTextDocument(specUri())).getText().split('\n');
    const alert = await waitFor('the drift warning on mlops.yaml', () =>
      vscode.languages
        .getDiagnostics(specUri())
        .find((d) => d.code === 'drift' && d.message.includes(`monitor ${MONITOR}`)),
    );
    assert.equal(lines[alert.range.start.line].trim(), `${MONITOR}:`);
    assert.equal(alert.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(alert.message.includes(`${check.drifted} of ${check.tested} columns drifted`), alert.message);

    const shown = await row('Monitors', MONITOR);
    assert.match(shown!.description, new RegExp(`^drift · share ${check.share.toFixed(2)} · \\d+s ago`));
    assert.equal(shown!.icon, 'warning');
    const alerts = (await auditEvents()).filter((e) => e.type === 'monitor.alert' && e.details.monitor === MONITOR);
    assert.equal(alerts.at(-1)?.details.share, check.share, 'the alert is audited');
    const queued = (await auditEvents()).find(
      (e) => e.type === 'retrain.queued' && e.details.runId === check.retrain!.runId,
    );
    assert.deepEqual(queued?.details, {
      monitor: MONITOR,
      runId: check.retrain.runId,
      experiment: 'churn-tfjs',
      reason: 'drift',
      share: check.share,
    });
  });

  it('the retraining run completes and is registered as the challenger, its gates checked against production', async () => {
    const runId = drifted.check.retrain!.runId as RunId;
    const run = await waitForFinish(await mlopsApi(), runId, 180_000);
    assert.equal(run.status, 'completed', `the retraining run ended ${run.status}`);
    const record = await new FileRunStore(workspaceRoot()).getRun(runId);
    assert.equal(record?.experiment, 'churn-tfjs');
    assert.deepEqual(
      {
        of: record?.tags['retrain-of'],
        monitor: record?.tags.monitor,
        trigger: record?.tags.trigger,
        from: record?.tags['derived-from'],
      },
      { of: `${MODEL}:${production.version}`, monitor: MONITOR, trigger: 'drift', from: production.runId },
    );

    retrain = await waitFor(
      'the monitor to record the settled retraining',
      async () => {
        const settled = (await registryData()).monitors[MONITOR]?.details?.retrain as RetrainOutcome | undefined;
        return settled?.runId === runId && settled;
      },
      60_000,
    );
    const data = await registryData();
    const registered = data.models[MODEL].versions.find((x) => x.runId === runId);
    assert.ok(registered, `run ${runId} was not registered`);
    assert.equal(
      data.models[MODEL].aliases.challenger,
      registered.version,
      'the new version holds the challenger alias',
    );
    assert.equal(registered.stage, null, 'a challenger is not promoted unless the config says so');
    assert.equal((await versionOf(production.version))?.stage, 'production');
    assert.deepEqual(
      [retrain.runId, retrain.version, retrain.status, retrain.promoted],
      [runId, registered.version, 'completed', false],
    );
    assert.ok(retrain.gates, 'the gates were checked');
    const event = (await auditEvents()).find((e) => e.type === 'retrain.registered' && e.details.runId === runId);
    assert.deepEqual(event && [event.version, event.details.alias, event.details.gatesPassed], [
      registered.version,
      'challenger',
      retrain.gates.passed,
    ]);
    assert.equal((await readMonitorState(workspaceRoot(), MONITOR)).pending, null);

    const shown = await waitFor('the Monitors row to name the challenger', async () => {
      const r = await row('Monitors', MONITOR);
      return r?.tooltip.includes(`last retraining: ${MODEL}:${registered.version} as challenger`) && r;
    });
    assert.equal(
      shown.contextValue,
      retrain.gates.passed ? 'monitor.challenger' : 'monitor',
      'Promote Challenger is offered only when the gates pass',
    );
  });

  it('Promote Challenger refuses while a gate fails, and promotes once the gates hold', async () => {
    const challenger = retrain.version!;
    if (!retrain.gates!.passed) {
      const refused = await vscode.commands.executeCommand<PromoteOutcome | undefined>(
        'mlops.promoteChallenger',
        MONITOR,
        { confirmed: true },
      );
      assert.ok(refused && !refused.promoted, 'promoted over a failing gate');
      assert.deepEqual(
        refused.failures,
        retrain.gates!.failures,
        'the same rules fail as when the challenger was registered',
      );
      assert.equal((await versionOf(challenger))?.stage, null);
      // The drift gate reads a data file; this monitor watches predictions, so the test keeps the metric gate only.
      await editSpec('gates: ["val_accuracy >= 0.8", "drift.share < 0.5"]', 'gates: ["val_accuracy >= 0.8"]');
    }
    const outcome = await vscode.commands.executeCommand<PromoteOutcome | undefined>(
      'mlops.promoteChallenger',
      MONITOR,
      { confirmed: true },
    );
    assert.ok(
      outcome?.promoted,
      `not promoted: ${outcome && !outcome.promoted ? outcome.failures.join('; ') : 'no outcome'}`,
    );
    assert.equal(outcome.overridden, false);
    assert.equal((await versionOf(challenger))?.stage, 'production');
    assert.equal((await versionOf(production.version))?.stage, 'archived');
    const transition = (await auditEvents()).filter((e) => e.type === 'transition' && e.version === challenger).at(-1);
    assert.deepEqual(transition?.details, {
      from: null,
      to: 'production',
      note: `promoted challenger from monitor ${MONITOR}`,
    });
    const shown = await row('Monitors', MONITOR);
    assert.ok(shown, `no ${MONITOR} row`);
    assert.ok(
      shown.tooltip.includes(`as challenger, gates ${retrain.gates!.passed ? 'pass' : 'fail'}`) &&
        shown.tooltip.includes('; now production'),
      shown.tooltip,
    );
    assert.equal(shown.contextValue, 'monitor', 'a promoted challenger is no longer offered for promotion');
    assert.doesNotMatch(shown.description, /challenger/);
  });

  it('a check run from a terminal (`mlops monitor run`) reaches VS Code: clean traffic clears the drift alert', async () => {
    await predictAll(
      deployment.url!,
      csvRows('test.csv').map((r) => r.features),
    );
    const cli = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    const { stdout } = await run(process.execPath, [cli, 'monitor', 'run', MONITOR, '--json'], {
      cwd: workspaceRoot(),
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    const { check } = JSON.parse(stdout) as MonitorRunResult;
    assert.equal(check.status, 'ok', `the CLI's check: ${stdout.slice(0, 2000)}`);
    await waitFor(
      'the drift alert to clear',
      () =>
        !vscode.languages
          .getDiagnostics(specUri())
          .some((d) => d.code === 'drift' && d.message.includes(`monitor ${MONITOR}`)),
    );
    const shown = await waitFor('the Monitors row to show the terminal’s check', async () => {
      const r = await row('Monitors', MONITOR);
      return r?.description.startsWith(`ok · share ${check.share!.toFixed(2)}`) && r;
    });
    assert.equal(shown.icon, 'pass');
  });

  it('Restart Deployment brings the server back on the same URL under a new process, audited as a restart', async () => {
    const before = (await registryData()).deployments[DEPLOYMENT];
    const restarted = await vscode.commands.executeCommand<DeploymentInfo | undefined>(
      'mlops.restartDeployment',
      DEPLOYMENT,
    );
    assert.ok(restarted, 'mlops.restartDeployment returned nothing');
    assert.equal(restarted.status, 'running', 'the command resolves once the server is healthy again');
    assert.equal(restarted.url, before.url);
    assert.notEqual(restarted.pid, before.pid);
    assert.equal((await fetch(new URL('/health', deployment.url!))).status, 200);
    const restarts = (await auditEvents()).filter(
      (e) => e.type === 'deployment.restart' && e.details.id === DEPLOYMENT,
    );
    assert.equal(restarts.length, 1);
    const metrics = (await (await fetch(new URL('/metrics', deployment.url!))).json()) as { requests: number };
    assert.equal(metrics.requests, 0, 'a new process starts its counts afresh');
  });

  it('Stop Deployment stops the server, records it, and the row turns stopped', async () => {
    const stopped = await vscode.commands.executeCommand<DeploymentInfo | undefined>(
      'mlops.stopDeployment',
      DEPLOYMENT,
    );
    assert.equal(stopped?.status, 'stopped');
    assert.equal((await registryData()).deployments[DEPLOYMENT].status, 'stopped');
    await assert.rejects(fetch(new URL('/health', deployment.url!)), 'the port no longer answers');
    const events = (await auditEvents()).filter((e) => e.details.id === DEPLOYMENT).map((e) => e.type);
    assert.deepEqual(events, ['deployment.start', 'deployment.restart', 'deployment.stop']);
    const shown = await row('Deployments', DEPLOYMENT);
    assert.equal(shown?.contextValue, 'deployment.stopped');
    assert.match(shown!.description, new RegExp(`^${MODEL}:${production.version} · stopped$`));
  });
});
