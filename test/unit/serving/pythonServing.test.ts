import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeploymentManager } from '../../../src/backend/serving/deploymentManager';
import { FileRegistryStore } from '../../../src/core/registry';
import { registerArtifact } from './registryFixture';

const exec = promisify(execFile);
const pythonClientDir = join(__dirname, '../../../clients/python');
const FAST = {
  healthEveryMs: 200,
  healthTimeoutMs: 2000,
  backoffInitialMs: 100,
  startTimeoutMs: 60_000,
  stopGraceMs: 2000,
};
const post = (url: string, body: unknown) =>
  fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

function missing(modules: string[]): string | null {
  try {
    execFileSync('python3', ['-c', modules.map((m) => `import ${m}`).join('; ')], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return ((err as { stderr?: Buffer }).stderr?.toString() ?? String(err)).trim().split('\n').pop() ?? 'unknown';
  }
}

describe('serving Python models with no serving code (mlops_workbench.serve)', function () {
  this.timeout(180_000);
  let ws: string;
  let artifactDir: string;
  let manager: DeploymentManager;

  before(async function () {
    const why = missing(['sklearn', 'pandas']);
    if (why) {
      console.log(`      skipped: scikit-learn and pandas are needed (${why})`);
      return this.skip();
    }
    ws = mkdtempSync(join(tmpdir(), 'mlops-pyserve-'));
    writeFileSync(
      join(ws, 'train.py'),
      [
        'import pandas as pd',
        'from sklearn.linear_model import LogisticRegression',
        'from mlops_workbench.sklearn import log_model',
        'X = pd.DataFrame({"age": [20, 25, 30, 35, 55, 60, 65, 70]})',
        'clf = LogisticRegression().fit(X, ["no", "no", "no", "no", "yes", "yes", "yes", "yes"])',
        'print(log_model(clf, "model", input_example=X))',
      ].join('\n'),
    );
    const { stdout } = await exec('python3', ['train.py'], {
      cwd: ws,
      env: { ...process.env, PYTHONPATH: pythonClientDir, MLOPS_RUN_DIR: join(ws, 'run') },
    });
    artifactDir = stdout.trim();
    await registerArtifact(ws, 'churn', artifactDir, 'mlops-sklearn-model');
    manager = new DeploymentManager({ workspace: ws, registry: new FileRegistryStore(ws), timing: FAST });
  });
  after(async () => {
    await manager?.close();
    if (ws) rmSync(ws, { recursive: true, force: true });
  });

  it('serves a logged scikit-learn model end to end: predictions with probabilities, schema errors, Prometheus /metrics', async () => {
    const started = await manager.start({ model: 'churn' });
    assert.equal(started.kind, 'command');
    const res = await post(started.url!, { rows: [{ age: 22 }, { age: 68 }] });
    assert.equal(res.status, 200);
    const { predictions } = (await res.json()) as {
      predictions: Array<{ prediction: string; probabilities: Record<string, number> }>;
    };
    assert.deepEqual(
      predictions.map((p) => p.prediction),
      ['no', 'yes'],
    );
    assert.ok(Math.abs(predictions[0].probabilities.no + predictions[0].probabilities.yes - 1) < 1e-9);
    const bad = await post(started.url!, { rows: [{ height: 3 }] });
    assert.equal(bad.status, 422);
    assert.match(((await bad.json()) as { error: { message: string } }).error.message, /"age" missing/);

    const text = await fetch(`${started.url}/metrics`, { headers: { accept: 'text/plain' } });
    assert.match(text.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const body = await text.text();
    assert.match(body, /^# TYPE mlops_serving_predictions_total counter$/m);
    assert.match(body, /^mlops_serving_predictions_total\{deployment="churn",model="churn",version="1"\} 2$/m);
    assert.match(body, /^mlops_serving_responses_total\{deployment="churn",model="churn",version="1",code="422"\} 1$/m);
    const json = (await (await fetch(`${started.url}/metrics`)).json()) as { predictions: number };
    assert.equal(json.predictions, 2, 'without Accept: text/plain, /metrics stays JSON');
    await manager.stop('churn');
  });

  it('serve: {python: "module:function"} serves a plain function of row dicts', async () => {
    writeFileSync(join(ws, 'scoring.py'), 'def predict(rows):\n    return [row["x"] * 2 for row in rows]\n');
    writeFileSync(join(ws, 'mlops.yaml'), 'models:\n  doubler:\n    serve: {python: "scoring:predict"}\n');
    await registerArtifact(ws, 'doubler', join(ws, 'run'), null);
    const started = await manager.start({ model: 'doubler' });
    const res = await post(started.url!, { rows: [{ x: 2 }, { x: 21 }] });
    assert.deepEqual(((await res.json()) as { predictions: unknown[] }).predictions, [
      { prediction: 4 },
      { prediction: 42 },
    ]);
    await manager.stop('doubler');
  });

  it('warns, naming both versions, when the pickle was made with another scikit-learn', async () => {
    const meta = JSON.parse(readFileSync(join(artifactDir, 'mlops-model.json'), 'utf8'));
    writeFileSync(join(artifactDir, 'mlops-model.json'), JSON.stringify({ ...meta, sklearnVersion: '0.24.2' }));
    try {
      const { stderr } = await exec(
        'python3',
        [
          '-c',
          `from mlops_workbench.serve import load; print(load(${JSON.stringify(artifactDir)}).predict([{"age": 66}]))`,
        ],
        { env: { ...process.env, PYTHONPATH: pythonClientDir } },
      );
      assert.match(
        stderr,
        new RegExp(
          `model\\.pkl was pickled with scikit-learn 0\\.24\\.2, and this environment has scikit-learn ${meta.sklearnVersion.replace(/\./g, '\\.')}`,
        ),
      );
    } finally {
      writeFileSync(join(artifactDir, 'mlops-model.json'), JSON.stringify(meta));
    }
  });

  it("loads a TorchScript model.pt: rows become a float tensor in schema.json's column order", async function () {
    const why = missing(['torch']);
    if (why) {
      console.log(`      skipped: torch is not importable (${why})`);
      return this.skip();
    }
    const dir = join(ws, 'ts-model');
    const script = [
      'import json, os, sys, torch',
      'from mlops_workbench.serve import load',
      'd = sys.argv[1]; os.makedirs(d)',
      'lin = torch.nn.Linear(2, 1); lin.weight.data = torch.tensor([[1.0, 10.0]]); lin.bias.data = torch.tensor([0.5])',
      'torch.jit.save(torch.jit.script(lin), os.path.join(d, "model.pt"))',
      'json.dump({"columns": [{"name": "a", "type": "number"}, {"name": "b", "type": "number"}]}, open(os.path.join(d, "schema.json"), "w"))',
      'print(json.dumps(load(d).predict([{"b": 1, "a": 2}, {"a": 0, "b": 0}])))',
    ].join('\n');
    const { stdout } = await exec('python3', ['-c', script, dir], {
      env: { ...process.env, PYTHONPATH: pythonClientDir },
    });
    assert.deepEqual(JSON.parse(stdout.trim().split('\n').pop()!), [{ prediction: 12.5 }, { prediction: 0.5 }]);
  });
});
