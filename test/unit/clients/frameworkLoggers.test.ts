import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readMetricSeries } from '../../../src/core/tracking/metricTail';
import { readParams } from '../../../src/core/tracking/runReader';
import { useTempDir } from '../../helpers/tempWorkspace';
import { pythonClientDir } from './clientProcess';

const exec = promisify(execFile);

/** Why `module` cannot be imported by python3, or null when it can. */
function missing(module: string): string | null {
  try {
    execFileSync('python3', ['-c', `import ${module}`], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return ((err as { stderr?: Buffer }).stderr?.toString() ?? String(err)).trim().split('\n').pop() ?? 'unknown';
  }
}

function skipUnless(ctx: Mocha.Context, module: string): void {
  const why = missing(module);
  if (why) {
    console.log(`      skipped: ${module} is not importable here (${why})`);
    ctx.skip();
  }
}

describe('Python framework loggers (mlops_workbench.lightning, .sklearn, .tensorboard, .transformers, .keras)', function () {
  this.timeout(120_000);
  const ws = useTempDir();
  const run = (script: string) => {
    writeFileSync(join(ws.path, 'script.py'), script);
    return exec('python3', ['script.py'], { cwd: ws.path, env: { ...process.env, PYTHONPATH: pythonClientDir, MLOPS_RUN_DIR: join(ws.path, 'run') } });
  };

  it('Lightning: a real Trainer.fit logs save_hyperparameters() as params and self.log() metrics at the global step', async function () {
    skipUnless(this, 'pytorch_lightning');
    await run(`
import torch, pytorch_lightning as pl
from torch.utils.data import DataLoader, TensorDataset
from mlops_workbench.lightning import MLOpsLogger

class Model(pl.LightningModule):
    def __init__(self, lr=0.05, hidden=4):
        super().__init__()
        self.save_hyperparameters()
        self.net = torch.nn.Sequential(torch.nn.Linear(2, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 1))
    def training_step(self, batch, i):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.net(x), y)
        self.log("train_loss", loss)
        return loss
    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)

torch.manual_seed(0)
x = torch.randn(64, 2); y = x.sum(dim=1, keepdim=True)
trainer = pl.Trainer(max_epochs=3, logger=MLOpsLogger(), log_every_n_steps=2, enable_checkpointing=False,
                     enable_progress_bar=False, enable_model_summary=False, accelerator="cpu")
trainer.fit(Model(), DataLoader(TensorDataset(x, y), batch_size=8))
`);
    const runDir = join(ws.path, 'run');
    assert.deepEqual(await readParams(runDir), { lr: 0.05, hidden: 4 });
    const loss = await readMetricSeries(join(runDir, 'plots/metrics/train_loss.tsv'), 'train_loss');
    assert.equal(loss.points.length, 12, '3 epochs x 8 batches, logged every 2 steps');
    assert.deepEqual(loss.points.map((p) => p.step).slice(0, 3), [1, 3, 5]);
    assert.ok(loss.points.every((p) => Number.isFinite(p.value)));
    const epoch = await readMetricSeries(join(runDir, 'plots/metrics/epoch.tsv'), 'epoch');
    assert.equal(epoch.points[epoch.points.length - 1].value, 2);
  });

  it('sklearn.log_model: params from get_params, the pickle with its scikit-learn version, the input schema', async function () {
    skipUnless(this, 'sklearn');
    skipUnless(this, 'pandas');
    const { stdout } = await run(`
import pandas as pd, sklearn
from sklearn.linear_model import LogisticRegression
from mlops_workbench.sklearn import log_model
X = pd.DataFrame({"age": [20, 30, 40, 50, 60, 70], "plan": ["a", "b", "a", "b", "a", "b"]})
clf = LogisticRegression(C=0.5, max_iter=200).fit(X[["age"]], [0, 0, 0, 1, 1, 1])
print(log_model(clf, "model", input_example=X[["age"]]))
print(sklearn.__version__)
`);
    const [dir, version] = stdout.trim().split('\n');
    const runDir = join(ws.path, 'run');
    assert.equal(dir, join(runDir, 'artifacts', 'model'));
    assert.deepEqual(readdirSync(dir).sort(), ['mlops-model.json', 'model.pkl', 'schema.json']);
    const meta = JSON.parse(readFileSync(join(dir, 'mlops-model.json'), 'utf8'));
    assert.equal(meta.format, 'mlops-sklearn-model');
    assert.equal(meta.sklearnVersion, version);
    assert.equal(meta.estimator, 'sklearn.linear_model._logistic.LogisticRegression');
    assert.deepEqual(meta.classes, [0, 1]);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8')).columns, [{ name: 'age', type: 'number', min: 20, max: 70 }]);
    const params = (await readParams(runDir)).model as Record<string, unknown>;
    assert.equal(params.class, 'LogisticRegression');
    assert.equal(params.C, 0.5);
    assert.equal(params.max_iter, 200);
  });

  it('tensorboard.SummaryWriter: a drop-in that writes event files and logs its scalars through the client', async function () {
    if (missing('torch') && missing('tensorboardX')) return skipUnless(this, 'tensorboardX');
    await run(`
from mlops_workbench.tensorboard import SummaryWriter
w = SummaryWriter("tb")
for step in range(5):
    w.add_scalar("loss", 1.0 / (step + 1), step)
w.add_scalars("acc", {"train": 0.9, "val": 0.8}, 4)
w.close()
`);
    const runDir = join(ws.path, 'run');
    const loss = await readMetricSeries(join(runDir, 'plots/metrics/loss.tsv'), 'loss');
    assert.deepEqual(loss.points.map((p) => [p.step, p.value]), [[0, 1], [1, 0.5], [2, 1 / 3], [3, 0.25], [4, 0.2]]);
    assert.ok(existsSync(join(runDir, 'plots/metrics/acc/val.tsv')));
    assert.ok(readdirSync(join(ws.path, 'tb')).some((f) => f.includes('tfevents')), 'event files are still written');
  });

  for (const [module, framework] of [['transformers', 'transformers'], ['keras', 'keras']] as const) {
    it(`${module}: without ${framework} installed, importing it says what to install; the package itself still imports`, async function () {
      if (!missing(framework === 'keras' ? 'keras' : framework) || (framework === 'keras' && !missing('tensorflow'))) {
        console.log(`      skipped: ${framework} is installed here, so the missing-framework message cannot be checked`);
        return this.skip();
      }
      const { stdout } = await run(`
import mlops_workbench
try:
    import mlops_workbench.${module}
except ImportError as e:
    print(e)
`);
      assert.match(stdout, new RegExp(`mlops_workbench\\.${module} needs .*pip install ${framework}`));
    });
  }
});
