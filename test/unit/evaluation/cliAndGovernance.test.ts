import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateCommand } from '../../../src/cli/commands/evaluate';
import { MlopsError } from '../../../src/core/errors';
import { runEvaluationPath, versionEvaluationPath } from '../../../src/core/evaluation/evaluationFiles';
import type { EvaluationReport } from '../../../src/core/evaluation/types';
import { FileRegistryStore } from '../../../src/core/registry/fileRegistryStore';
import { checkGates } from '../../../src/core/registry/gates/checkGates';
import { renderModelCard } from '../../../src/core/registry/modelCard';
import { modelCardFacts } from '../../../src/core/registry/modelCardFacts';
import { registerRun } from '../../../src/core/registry/registration';
import { loadSpec } from '../../../src/core/spec/loadSpec';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { cliContext } from '../cli/cliContext';
import { makeRun, tempWorkspace, writeSpec } from '../registry/fixtures';

function predictionsCsv(ws: string, n = 400): void {
  const lines = ['y,p,sex'];
  let seed = 7;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < n; i++) {
    const y = i % 2;
    lines.push(`${y},${Math.min(1, Math.round((0.3 * y + 0.7 * rand()) * 100) / 100)},${i % 3 === 0 ? 'f' : 'm'}`);
  }
  writeFileSync(join(ws, 'preds.csv'), lines.join('\n') + '\n');
}

const SERVE_PY = `
import json, os
from http.server import BaseHTTPRequestHandler, HTTPServer

class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def do_GET(self):
        self.reply(200, {"ok": True})
    def do_POST(self):
        rows = json.loads(self.rfile.read(int(self.headers["content-length"])))["rows"]
        out = []
        for r in rows:
            p = min(1.0, max(0.0, float(r["x"])))
            out.append({"prediction": 1 if p >= 0.5 else 0, "probabilities": {"0": 1 - p, "1": p}})
        self.reply(200, {"predictions": out})

HTTPServer(("127.0.0.1", int(os.environ["MLOPS_SERVE_PORT"])), H).serve_forever()
`;

describe('mlops evaluate', () => {
  let ws: string;
  beforeEach(() => {
    ws = tempWorkspace();
    predictionsCsv(ws);
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('evaluates a predictions file with groups and stores evaluation.json in the run', async () => {
    const run = await new FileRunStore(ws).createRun({
      experiment: 'e',
      command: 'x',
      argv: [],
      shell: false,
      cwd: ws,
    });
    const ctx = cliContext(evaluateCommand, ws, [
      '--predictions',
      'preds.csv',
      '--label',
      'y',
      '--score',
      'p',
      '--group',
      'sex',
      '--run',
      run.id.slice(0, 12),
      '--json',
    ]);
    const result = await evaluateCommand.run(ctx);
    const report = result.json as EvaluationReport;
    assert.equal(report.task, 'binary');
    assert.equal(report.n, 400);
    assert.ok(report.metrics.roc_auc! > 0.6 && report.metrics.roc_auc! < 1);
    assert.deepEqual(
      report.groups!.byGroup.map((g) => [g.group, g.n]),
      [
        ['f', 134],
        ['m', 266],
      ],
    );
    assert.equal(typeof report.fairness!.demographic_parity_difference, 'number');
    const stored = JSON.parse(readFileSync(runEvaluationPath(new FileRunStore(ws).runDir(run.id)), 'utf8'));
    assert.deepEqual(stored.metrics, report.metrics);
    assert.match(result.text!, /roc_auc\s+0\.\d+/);
  });

  it('multiclass probabilities: --score p_a,p_b,p_c (or LABEL=COL) gives one-vs-rest ROC AUC, log loss and per-class curves', async () => {
    const lines = ['y,p_ant,p_bee,p_cow'];
    let seed = 3;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const classes = ['ant', 'bee', 'cow'];
    for (let i = 0; i < 600; i++) {
      const y = i % 3;
      const w = classes.map((_, k) => Math.exp((k === y ? 1.5 : 0) + 3 * rand()));
      const total = w.reduce((a, b) => a + b, 0);
      lines.push([classes[y], ...w.map((v) => v / total)].join(','));
    }
    writeFileSync(join(ws, 'multi.csv'), lines.join('\n') + '\n');
    const run = (score: string) =>
      evaluateCommand.run(
        cliContext(evaluateCommand, ws, ['--predictions', 'multi.csv', '--label', 'y', '--score', score, '--json']),
      );
    const byName = await run('p_ant,p_bee,p_cow');
    const report = byName.json as EvaluationReport;
    assert.equal(report.task, 'multiclass');
    assert.ok(report.metrics.roc_auc_ovr! > 0.7 && report.metrics.roc_auc_ovr! < 1, String(report.metrics.roc_auc_ovr));
    assert.ok(report.metrics.log_loss! > 0);
    assert.deepEqual(
      report.classCurves!.map((c) => [c.label, c.support, c.roc!.x.length > 2]),
      [
        ['ant', 200, true],
        ['bee', 200, true],
        ['cow', 200, true],
      ],
    );
    assert.match(byName.text!, /roc_auc_ovr\s+0\.\d+/);
    const explicit = (await run('cow=p_cow, ant=p_ant, bee=p_bee')).json as EvaluationReport;
    assert.deepEqual(explicit.metrics, report.metrics);
    await assert.rejects(
      run('p_ant,,p_bee'),
      (err: unknown) =>
        err instanceof MlopsError && /--score p_ant,,p_bee: '' is not a column or LABEL=COL/.test(err.fullMessage),
    );
    await assert.rejects(
      run('p_ant,p_bee'),
      (err: unknown) =>
        err instanceof MlopsError && /the label column 'y' has class cow with no score column/.test(err.fullMessage),
    );
  });

  it('an unknown group column is named with the file and its columns', async () => {
    const ctx = cliContext(evaluateCommand, ws, [
      '--predictions',
      'preds.csv',
      '--label',
      'y',
      '--score',
      'p',
      '--group',
      'gender',
    ]);
    await assert.rejects(
      evaluateCommand.run(ctx),
      (err: unknown) =>
        err instanceof MlopsError &&
        /the group column 'gender' is not in .*preds\.csv\. Its columns are: y, p, sex\./.test(err.fullMessage),
    );
  });

  it('evaluates a registered Python model through its serve: command, with permutation importance; gates read eval.* and fairness.*; the card carries it', async function () {
    this.timeout(60_000);
    writeFileSync(join(ws, 'serve.py'), SERVE_PY);
    const rows = ['x,noise,sex,y'];
    for (let i = 0; i < 300; i++)
      rows.push(
        `${((i * 37) % 100) / 100},${(i * 13) % 7},${i % 2 ? 'f' : 'm'},${((i * 37) % 100) / 100 + ((i % 5) - 2) * 0.1 >= 0.5 ? 1 : 0}`,
      );
    writeFileSync(join(ws, 'test.csv'), rows.join('\n') + '\n');
    writeSpec(
      ws,
      `models:\n  scorer:\n    serve:\n      command: [python3, serve.py]\n    gates:\n      - eval.roc_auc >= 0.8\n      - fairness.demographic_parity_difference < 0.01\n`,
    );
    const store = new FileRegistryStore(ws);
    const runId = await makeRun(ws, { artifacts: { 'model/weights.txt': 'threshold 0.5' } });
    await registerRun(store, { run: runId, model: 'scorer' });

    const before = renderModelCard(
      await modelCardFacts(store, {
        model: 'scorer',
        version: 1,
        spec: (await loadSpec(ws)).spec,
        evaluateGates: false,
      }),
    );
    assert.match(before, /\*\*Not evaluated\.\*\*/);

    const ctx = cliContext(evaluateCommand, ws, [
      'scorer:1',
      '--data',
      'test.csv',
      '--label',
      'y',
      '--group',
      'sex',
      '--importance',
      '--repeats',
      '3',
      '--seed',
      '1',
      '--json',
    ]);
    const report = (await evaluateCommand.run(ctx)).json as EvaluationReport;
    assert.equal(report.source.model, 'scorer:1');
    assert.equal(report.task, 'binary');
    assert.ok(report.metrics.roc_auc! > 0.8, String(report.metrics.roc_auc));
    const imp = new Map(report.importance!.features.map((f) => [f.feature, f]));
    assert.deepEqual(imp.get('noise')!.drops, [0, 0, 0], 'the model never reads noise');
    assert.ok(imp.get('x')!.mean > 0.1);
    assert.equal(report.importance!.features[0].feature, 'x');
    assert.ok(existsSync(versionEvaluationPath(ws, 'scorer', 1)));

    const gates = await checkGates(store, { model: 'scorer', version: 1 });
    assert.equal(gates.results[0].passed, true, JSON.stringify(gates.results[0]));
    assert.equal(gates.results[0].values['eval.roc_auc'], report.metrics.roc_auc);
    assert.equal(
      gates.results[1].values['fairness.demographic_parity_difference'],
      report.fairness!.demographic_parity_difference,
    );

    const card = renderModelCard(
      await modelCardFacts(store, { model: 'scorer', version: 1, spec: (await loadSpec(ws)).spec }),
    );
    assert.match(card, /## Evaluation\nbinary evaluation of 300 rows from `test\.csv`/);
    assert.match(card, /\| roc_auc \| 0\.\d+ \|/);
    assert.match(card, /demographic parity difference \*\*[\d.]+\*\*/);
    assert.match(card, /\| x \| [\d.]+ \| [\d.]+ \|/);
  });

  it('a multiclass model: its class probabilities give one-vs-rest metrics, and probabilities that do not sum to 1 are left out with a warning', async function () {
    this.timeout(60_000);
    const multiclassServe = SERVE_PY.replace(
      /p = min[\s\S]*?out\.append\([^\n]*\n/,
      `x = float(r["x"])
            w = [max(0.0, 1 - abs(x - c / 2)) + 0.1 for c in range(3)]
            t = sum(w) * SCALE
            p = {str(c): w[c] / t for c in range(3)}
            out.append({"prediction": max(range(3), key=lambda c: w[c]), "probabilities": p})
`,
    );
    assert.notEqual(multiclassServe, SERVE_PY);
    // half.py scales every probability by one half: its rows sum to 0.5.
    writeFileSync(join(ws, 'serve.py'), `SCALE = 1\n${multiclassServe}`);
    writeFileSync(join(ws, 'half.py'), `SCALE = 2\n${multiclassServe}`);
    const rows = ['x,y'];
    for (let i = 0; i < 240; i++) {
      const x = ((i * 37) % 101) / 100;
      rows.push(`${x},${Math.min(2, Math.max(0, Math.round(x * 2 + ((i % 7) - 3) * 0.15)))}`);
    }
    writeFileSync(join(ws, 'test.csv'), rows.join('\n') + '\n');
    writeSpec(
      ws,
      `models:\n  tri:\n    serve:\n      command: [python3, serve.py]\n  half:\n    serve:\n      command: [python3, half.py]\n`,
    );
    const store = new FileRegistryStore(ws);
    await registerRun(store, { run: await makeRun(ws, { artifacts: { 'model/w.txt': '1' } }), model: 'tri' });
    await registerRun(store, { run: await makeRun(ws, { artifacts: { 'model/w.txt': '2' } }), model: 'half' });
    const evaluate = async (ref: string) =>
      (
        await evaluateCommand.run(
          cliContext(evaluateCommand, ws, [
            ref,
            '--data',
            'test.csv',
            '--label',
            'y',
            '--task',
            'multiclass',
            '--json',
          ]),
        )
      ).json as EvaluationReport;
    const good = await evaluate('tri:1');
    assert.equal(good.task, 'multiclass');
    assert.ok(good.metrics.roc_auc_ovr! > 0.8, String(good.metrics.roc_auc_ovr));
    assert.deepEqual(
      good.classCurves!.map((c) => c.label),
      ['0', '1', '2'],
    );
    assert.deepEqual(good.warnings, []);
    const partial = await evaluate('half:1');
    assert.equal(partial.metrics.roc_auc_ovr, null);
    assert.equal(partial.metrics.accuracy, good.metrics.accuracy, 'the predictions are still evaluated');
    assert.match(
      partial.warnings.join('\n'),
      /the model's class probabilities were not used: the class scores of data row 1 sum to 0\.5, not 1/,
    );
  });

  it('a gate on eval.* fails with the reason when the version has no evaluation', async () => {
    writeSpec(ws, `models:\n  churn:\n    gates:\n      - eval.f1 >= 0.8\n`);
    const store = new FileRegistryStore(ws);
    await registerRun(store, { run: await makeRun(ws), model: 'churn' });
    const gates = await checkGates(store, { model: 'churn', version: 1 });
    assert.equal(gates.passed, false);
    assert.match(
      gates.results[0].reason!,
      /churn:1 has no evaluation, so eval\.f1 is unknown \(run 'mlops evaluate churn:1/,
    );
  });
});

describe('mlops evaluate --open', () => {
  let ws: string;
  const saved = process.env.MLOPS_CODE_CLI;
  beforeEach(() => {
    ws = tempWorkspace();
    predictionsCsv(ws, 50);
  });
  afterEach(() => {
    rmSync(ws, { recursive: true, force: true });
    if (saved === undefined) delete process.env.MLOPS_CODE_CLI;
    else process.env.MLOPS_CODE_CLI = saved;
  });

  it('keeps the report and asks VS Code to open the Evaluation panel on it through the URI handler', async () => {
    const launcher = join(ws, 'fake-code.sh');
    writeFileSync(launcher, `#!/bin/sh\nprintf '%s\\n' "$@" > "${join(ws, 'argv.txt')}"\n`, { mode: 0o755 });
    process.env.MLOPS_CODE_CLI = launcher;
    const ctx = cliContext(evaluateCommand, ws, [
      '--predictions',
      'preds.csv',
      '--label',
      'y',
      '--score',
      'p',
      '--open',
    ]);
    const result = await evaluateCommand.run(ctx);
    const [flag, uri] = readFileSync(join(ws, 'argv.txt'), 'utf8').trim().split('\n');
    assert.equal(flag, '--open-url');
    const url = new URL(uri);
    assert.equal(url.protocol, 'vscode:');
    assert.equal(url.host, 'mlops-workbench.mlops-workbench');
    assert.equal(url.pathname, '/evaluation');
    const path = url.searchParams.get('path')!;
    assert.match(path, /\.mlops\/evaluations\/files\/.+\.json$/);
    assert.equal(JSON.parse(readFileSync(path, 'utf8')).n, 50);
    assert.match(result.text!, /written to .*\.mlops\/evaluations\/files\//);
    assert.equal(ctx.errors(), '');
  });

  it('without a launcher the report is still written and the warning says how to open it', async () => {
    process.env.MLOPS_CODE_CLI = join(ws, 'no-such-code');
    const ctx = cliContext(evaluateCommand, ws, [
      '--predictions',
      'preds.csv',
      '--label',
      'y',
      '--score',
      'p',
      '--open',
    ]);
    await evaluateCommand.run(ctx);
    assert.match(
      ctx.errors(),
      /warning: cannot start '.*no-such-code' to open the Evaluation panel .*MLOps: Open Evaluation/,
    );
  });
});
