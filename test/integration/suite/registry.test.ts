import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { readAuditEvents, verifyAuditLog } from '../../../src/core/registry/auditLog';
import { FileRegistryStore } from '../../../src/core/registry/fileRegistryStore';
import type { GateCheck } from '../../../src/core/registry/gates/checkGates';
import { formatGateNumber } from '../../../src/core/registry/gates/checkGates';
import type { PromoteOutcome } from '../../../src/core/registry/promotion';
import type { DeploymentRecord, ModelVersion } from '../../../src/core/registry/types';
import { storePaths } from '../../../src/core/store/layout';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import type { RunId, RunRecord } from '../../../src/core/tracking/types';
import { Commands } from '../../../src/extension/api';
import type { TreeRow as ModelsTreeRow } from '../../../src/extension/trees/inspectTree';
import { formatValue } from '../../../src/extension/trees/runPresentation';
import { mlopsApi, specUri, waitFor, waitForFinish, workspaceRoot } from '../helpers';

const MODEL = 'churn';
const OVERRIDE_REASON = 'drift is watched by churn-live once it serves; accepted by the model owner';

interface ModelsInspection {
  tree: ModelsTreeRow[];
  problems: Array<{ message: string; line: number; severity: string }>;
}

const inspect = async () => (await vscode.commands.executeCommand<ModelsInspection>('mlops.models.inspect'))!;

async function churnRows(): Promise<{ model: ModelsTreeRow; version: (v: number) => ModelsTreeRow }> {
  const model = (await inspect()).tree.find((r) => r.label === MODEL);
  assert.ok(model, `no '${MODEL}' row in the Models tree`);
  return {
    model,
    version: (v) => {
      const row = model.children.find((c) => c.label === `v${v}`);
      assert.ok(row, `no v${v} under ${MODEL}: ${model.children.map((c) => c.label).join(', ')}`);
      return row;
    },
  };
}

const gateProblems = () => vscode.languages.getDiagnostics(specUri()).filter((d) => d.source === 'mlops gates');

async function trainChurn(): Promise<RunRecord> {
  const api = await mlopsApi();
  const runId = await vscode.commands.executeCommand<RunId | undefined>(Commands.runExperiment, 'churn-tfjs');
  assert.ok(runId, 'mlops.runExperiment returned no run id');
  const run = await waitForFinish(api, runId);
  assert.equal(run.status, 'completed', `churn-tfjs ended ${run.status}`);
  const record = await new FileRunStore(workspaceRoot()).getRun(runId);
  assert.ok(record, `run ${runId} has no run.json`);
  return record;
}

const register = (runId: string) =>
  vscode.commands.executeCommand<ModelVersion | undefined>('mlops.registerModel', runId, { model: MODEL });
const promote = (version: number, to: string, overrideReason?: string) =>
  vscode.commands.executeCommand<PromoteOutcome | undefined>('mlops.promoteModel', `${MODEL}:${version}`, {
    to,
    ...(overrideReason ? { overrideReason } : {}),
  });
const registryData = () => new FileRegistryStore(workspaceRoot()).read();
const stageOf = async (version: number) =>
  (await registryData()).models[MODEL].versions.find((v) => v.version === version)?.stage ?? null;
const auditEvents = () => readAuditEvents(storePaths(workspaceRoot()).audit);

/** Points the churn-live monitor's `current:` at another file by editing mlops.yaml in its editor, as a user would. */
async function setMonitorCurrent(path: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(specUri());
  const text = doc.getText();
  const match = /(churn-live:[\s\S]*?\n\s+current: )(\S+)/.exec(text);
  assert.ok(match, 'mlops.yaml has no churn-live monitor with a current: line');
  const start = doc.positionAt(match.index + match[1].length);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(start, start.translate(0, match[2].length)), path);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit of mlops.yaml was refused');
  assert.ok(await doc.save(), 'mlops.yaml was not saved');
  await (await mlopsApi()).whenIdle();
}

async function checkGates(version: number): Promise<GateCheck> {
  const check = await vscode.commands.executeCommand<GateCheck | undefined>('mlops.checkGates', `${MODEL}:${version}`);
  assert.ok(check, 'mlops.checkGates returned nothing (see the MLOps output channel)');
  return check;
}

function testRows(count: number): Array<{ features: Record<string, string | number>; label: number }> {
  const [header, ...lines] = readFileSync(join(workspaceRoot(), 'data', 'test.csv'), 'utf8')
    .trim()
    .split('\n');
  const names = header.split(',');
  return lines.slice(0, count).map((line) => {
    const cells = line.split(',');
    const features: Record<string, string | number> = {};
    names.forEach((n, i) => {
      if (n !== 'churned') features[n] = n === 'plan' ? cells[i] : Number(cells[i]);
    });
    return { features, label: Number(cells[names.indexOf('churned')]) };
  });
}

describe('Model registry in VS Code: register, gates, promotion, model card, serving', function () {
  this.timeout(300_000);
  let originalSpec: string;
  let first: { run: RunRecord; version: ModelVersion };
  let second: { run: RunRecord; version: ModelVersion };

  before(async () => {
    await mlopsApi();
    originalSpec = readFileSync(specUri().fsPath, 'utf8');
  });

  after(async () => {
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

  it('registers a trained churn-tfjs run as model churn through the command and shows it in the Models tree', async () => {
    const run = await trainChurn();
    const version = await register(run.id);
    assert.ok(version, 'mlops.registerModel returned no version (see the MLOps output channel)');
    first = { run, version };
    assert.equal(version.model, MODEL);
    assert.equal(version.runId, run.id);
    assert.equal(version.stage, null);
    assert.equal(version.experiment, 'churn-tfjs');
    assert.equal(version.artifact.format, 'mlops-tfjs-model');
    assert.ok(
      version.artifact.files.some((f) => f.path === 'model.json'),
      `artifact files: ${version.artifact.files.map((f) => f.path).join(', ')}`,
    );
    const train = run.data.find((d) => d.path === 'data/train.csv');
    assert.ok(train, `the run recorded no data/train.csv: ${JSON.stringify(run.data)}`);
    assert.deepEqual(
      version.data.find((d) => d.path === 'data/train.csv'),
      { path: train.path, sha256: train.sha256, bytes: train.bytes },
    );
    const valAccuracy = version.metrics.val_accuracy;
    assert.ok(valAccuracy >= 0.8, `val_accuracy ${valAccuracy}: the quickstart's first gate expects ≥ 0.8`);

    const onDisk = (await registryData()).models[MODEL]?.versions.find((v) => v.version === version.version);
    assert.deepEqual(onDisk, version, 'registry.json holds what the command returned');
    const registered = (await auditEvents()).filter(
      (e) => e.type === 'register' && e.model === MODEL && e.version === version.version,
    );
    assert.equal(registered.length, 1, 'one register event in audit.jsonl');

    const rows = await churnRows();
    assert.match(
      rows.model.description,
      new RegExp(`^${(await registryData()).models[MODEL].versions.length} versions?$`),
    );
    const row = rows.version(version.version);
    assert.equal(
      row.description.split(' · ')[0],
      `val_accuracy ${formatValue(valAccuracy)}`,
      'no badge yet, the declared metric first',
    );
    assert.equal(row.icon, 'circle-outline');
    assert.equal(row.contextValue, 'modelVersion.none');
    assert.equal(row.command, 'mlops.openModelCard');
    assert.ok(row.tooltip.includes(`| val_accuracy | ${formatValue(valAccuracy)} |`), `tooltip: ${row.tooltip}`);
    assert.ok(row.tooltip.includes(run.id), 'the tooltip names the run');
  });

  it('refuses production while the drift gate cannot be computed, with the failing rule in Problems on mlops.yaml', async () => {
    const v = first.version.version;
    const outcome = await promote(v, 'production');
    assert.ok(outcome, 'mlops.promoteModel returned nothing');
    assert.equal(outcome.promoted, false);
    assert.ok(!outcome.promoted);
    assert.deepEqual(
      outcome.check.results.map((r) => [r.rule, r.passed]),
      [
        ['val_accuracy >= 0.8', true],
        ['drift.share < 0.5', false],
      ],
    );
    assert.equal(outcome.failures.length, 1);
    assert.match(outcome.failures[0], /drift\.share < 0\.5.*monitor 'churn-live' reads 'predictions', not a data file/);
    assert.equal(await stageOf(v), null, 'nothing moved');
    assert.equal(
      (await auditEvents()).filter((e) => e.model === MODEL && e.version === v && e.type !== 'register').length,
      0,
      'a refusal writes no audit event',
    );

    const [problem] = await waitFor('a gate problem on mlops.yaml', () => gateProblems().length > 0 && gateProblems());
    assert.equal(gateProblems().length, 1, 'only the failing rule is a problem');
    const doc = await vscode.workspace.openTextDocument(specUri());
    assert.match(doc.getText(problem.range), /drift\.share < 0\.5/);
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(problem.message, new RegExp(`gate fails for ${MODEL}:${v}: drift\\.share < 0\\.5`));
    assert.deepEqual(
      (await inspect()).problems.map((p) => p.line),
      [problem.range.start.line + 1],
    );
  });

  it('promotes over the failed gate with an override reason, recorded in the hash-chained audit log', async () => {
    const v = first.version.version;
    const outcome = await promote(v, 'production', OVERRIDE_REASON);
    assert.ok(outcome?.promoted, 'the override did not promote');
    assert.equal(outcome.overridden, true);
    assert.equal(await stageOf(v), 'production');

    const events = (await auditEvents()).filter((e) => e.model === MODEL && e.version === v);
    const override = events.find((e) => e.type === 'override');
    assert.ok(override, `no override event: ${events.map((e) => e.type).join(', ')}`);
    assert.deepEqual(override.details, {
      to: 'production',
      reason: OVERRIDE_REASON,
      failedRules: ['drift.share < 0.5'],
    });
    const transition = events.find((e) => e.type === 'transition');
    assert.deepEqual(transition?.details, { from: null, to: 'production' });
    assert.ok(transition.seq > override.seq);
    const verified = await verifyAuditLog(storePaths(workspaceRoot()).audit, (await registryData()).auditHead);
    assert.deepEqual(verified.problems, []);
    assert.ok(verified.ok);

    const rows = await waitFor('the Models tree to show production', async () => {
      const r = await churnRows();
      return r.version(v).contextValue === 'modelVersion.production' && r;
    });
    assert.match(rows.model.description, new RegExp(`· production v${v}$`));
    assert.ok(
      rows.model.tooltip.replace(/&nbsp;/g, ' ').includes('Predicts whether a customer cancels within the next month.'),
      `model tooltip: ${rows.model.tooltip}`,
    );
    assert.ok(rows.model.tooltip.includes(`- production: v${v}`), `model tooltip: ${rows.model.tooltip}`);
    const row = rows.version(v);
    assert.equal(row.description.split(' · ')[0], 'production');
    assert.equal(row.icon, 'rocket');
    assert.equal(row.iconColor, 'charts.green');
    assert.match(row.tooltip, /`production`/);
  });

  it('evaluates drift gates on real data: current.csv drifts and is refused, test.csv passes and a second version replaces production', async () => {
    await setMonitorCurrent('data/current.csv');
    const drifted = await checkGates(first.version.version);
    assert.equal(drifted.passed, false);
    assert.ok(drifted.drift?.ok, `drift was not computed: ${JSON.stringify(drifted.drift)}`);
    assert.equal(drifted.drift.facts.current, 'data/current.csv');
    assert.equal(drifted.drift.facts.source, 'monitor churn-live');
    const share = drifted.results.find((r) => r.rule === 'drift.share < 0.5')?.values['drift.share'];
    assert.ok(typeof share === 'number' && share >= 0.5, `drift.share ${String(share)}`);
    await waitFor('the Problems entry to carry the measured share', () =>
      gateProblems().some((p) => p.message.includes(`drift.share = ${formatGateNumber(share)}`)),
    );

    await setMonitorCurrent('data/test.csv');
    const run = await trainChurn();
    const version = await register(run.id);
    assert.ok(version, 'mlops.registerModel returned no version');
    second = { run, version };
    assert.equal(version.version, first.version.version + 1);
    const staged = await promote(version.version, 'staging');
    assert.ok(
      staged?.promoted,
      `staging refused: ${staged && !staged.promoted ? staged.failures.join('; ') : 'no outcome'}`,
    );
    assert.equal(staged.overridden, false);
    assert.ok(
      staged.check.drift?.ok && staged.check.drift.facts.share! < 0.5,
      `drift: ${JSON.stringify(staged.check.drift)}`,
    );
    await waitFor('the gate problems to clear after a passing check', () => gateProblems().length === 0);

    const produced = await promote(version.version, 'production');
    assert.ok(produced?.promoted && !produced.overridden);
    assert.equal(
      produced.transition.archived?.version,
      first.version.version,
      'the previous production version is archived',
    );
    assert.equal(await stageOf(version.version), 'production');
    assert.equal(await stageOf(first.version.version), 'archived');
    const rows = await churnRows();
    assert.equal(rows.version(version.version).icon, 'rocket');
    assert.equal(rows.version(first.version.version).icon, 'archive');
    assert.equal(rows.version(first.version.version).contextValue, 'modelVersion.archived');
    assert.deepEqual(
      rows.model.children.slice(0, 2).map((c) => c.label),
      [`v${version.version}`, `v${first.version.version}`],
      'newest first',
    );
  });

  it('opens the model card in the Markdown preview, made of the recorded facts', async () => {
    const v = second.version;
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>(
      'mlops.openModelCard',
      `${MODEL}@production`,
    );
    assert.ok(uri, 'mlops.openModelCard returned no document');
    const card = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(card, new RegExp(`^# Model card: ${MODEL} v${v.version}\n`));
    assert.match(card, /^production · registered /m);
    assert.ok(
      card.includes('Ranking customers for retention offers; not for pricing or credit decisions.'),
      'intended use from mlops.yaml',
    );
    for (const d of second.run.data)
      assert.ok(
        card.includes(`| ${d.path} | \`${d.sha256.slice(0, 12)}\` | ${d.bytes} |`),
        `data version of ${d.path} in:\n${card}`,
      );
    assert.ok(
      card.includes(`| val_accuracy | ${formatGateNumber(v.metrics.val_accuracy)} |`),
      'metric at registration',
    );
    assert.ok(card.includes('**2 of 2 gates hold**'));
    assert.match(card, /Gate check: `data\/test\.csv` vs `data\/train\.csv` \(monitor churn-live\)/);
    assert.ok(card.includes(`Run \`${v.runId}\` of experiment \`churn-tfjs\``));
    assert.match(card, /\| none → staging \|/);
    assert.match(card, /\| staging → production \|/);
    await waitFor('the Markdown preview of the card', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .some(
          (t) => t.input instanceof vscode.TabInputWebview && t.label.includes(`${MODEL}-v${v.version}-model-card.md`),
        ),
    );

    const old = await vscode.commands.executeCommand<vscode.Uri | undefined>(
      'mlops.openModelCard',
      `${MODEL}:${first.version.version}`,
    );
    const oldCard = (await vscode.workspace.openTextDocument(old!)).getText();
    assert.ok(
      oldCard.includes(`**gates overridden** for production: “${OVERRIDE_REASON}” (failed: drift.share < 0.5)`),
      'the override is in the history',
    );
    assert.match(oldCard, /\| production → archived \(version \d+ entered production\) \|/);
  });

  it('serves churn@production from its Models-tree row and answers POST /predict on 127.0.0.1', async () => {
    const v = second.version.version;
    // The command resolves when its notification closes, so the test watches the registry instead.
    void vscode.commands.executeCommand('mlops.serveModel', { kind: 'modelVersion', model: MODEL, version: v });
    const deployment = await waitFor<DeploymentRecord>(
      'a running deployment of the production version',
      async () =>
        Object.values((await registryData()).deployments).find(
          (d) => d.model === MODEL && d.version === v && d.status === 'running' && d.url !== null,
        ),
      120_000,
    );
    const url = new URL(deployment.url!);
    assert.equal(url.hostname, '127.0.0.1');
    try {
      const health = await fetch(new URL('/health', url));
      assert.equal(health.status, 200);
      const rows = testRows(200);
      const response = await fetch(new URL('/predict', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(rows.map((r) => r.features)),
      });
      const body = (await response.json()) as {
        model: string;
        version: number;
        predictions: Array<{ prediction: number; probabilities: Record<string, number> }>;
      };
      assert.equal(response.status, 200, JSON.stringify(body));
      assert.equal(body.model, MODEL);
      assert.equal(body.version, v);
      assert.equal(body.predictions.length, rows.length);
      const correct = body.predictions.filter((p, i) => p.prediction === rows[i].label).length;
      assert.ok(correct / rows.length >= 0.75, `accuracy of the served model on test rows: ${correct}/${rows.length}`);
      for (const p of body.predictions) assert.ok(Math.abs(p.probabilities['0'] + p.probabilities['1'] - 1) < 1e-5);
      const bad = await fetch(new URL('/predict', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ age: 'old' }]),
      });
      assert.equal(bad.status, 422, 'a row that does not fit the schema is refused');
      assert.match(await bad.text(), /age/);
    } finally {
      await vscode.commands.executeCommand('mlops.stopDeployment', { kind: 'deployment', deployment });
    }
    await waitFor(
      'the deployment to stop',
      async () => (await registryData()).deployments[deployment.id]?.status === 'stopped',
      30_000,
    );
    const types = (await auditEvents()).filter((e) => e.model === MODEL && e.version === v).map((e) => e.type);
    assert.ok(
      types.includes('deployment.start') && types.includes('deployment.stop'),
      `audit events of ${MODEL}:${v}: ${types.join(', ')}`,
    );
  });
});
