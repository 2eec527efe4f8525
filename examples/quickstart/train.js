// Logistic regression on the churn table by plain gradient descent (no dependencies but the workbench client).
// Run it through the workbench (`mlops run node-linear --param lr=0.5`), which makes the client resolvable.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { logParams, logMetric, logArtifact } = require('mlops-workbench/client');

const NUMERIC = ['age', 'income', 'tenure_months', 'support_calls'];
const PLANS = ['basic', 'pro', 'enterprise'];

function parseArgs(argv) {
  const args = { lr: 0.5, epochs: 40, data: path.join(__dirname, 'data', 'train.csv') };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in args) || argv[i + 1] === undefined) throw new Error(`unknown or incomplete option ${argv[i]}; use --lr X --epochs N --data PATH`);
    args[key] = key === 'data' ? argv[i + 1] : Number(argv[i + 1]);
  }
  return args;
}

function loadRows(file) {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value])));
}

function fitScaler(rows) {
  const scaler = {};
  for (const column of NUMERIC) {
    const values = rows.filter((r) => r[column] !== '').map((r) => Number(r[column]));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length) || 1;
    scaler[column] = { mean, std };
  }
  return scaler;
}

function features(row, scaler) {
  const numeric = NUMERIC.map((column) => {
    const { mean, std } = scaler[column];
    return ((row[column] === '' ? mean : Number(row[column])) - mean) / std;
  });
  return [...numeric, ...PLANS.map((plan) => (row.plan === plan ? 1 : 0))];
}

const sigmoid = (z) => 1 / (1 + Math.exp(-z));
const predict = (model, x) => sigmoid(x.reduce((sum, v, i) => sum + v * model.weights[i], model.bias));

function evaluate(model, xs, ys) {
  let loss = 0;
  let correct = 0;
  xs.forEach((x, i) => {
    const p = Math.min(Math.max(predict(model, x), 1e-12), 1 - 1e-12);
    loss -= ys[i] * Math.log(p) + (1 - ys[i]) * Math.log(1 - p);
    correct += (p >= 0.5) === (ys[i] === 1) ? 1 : 0;
  });
  return { loss: loss / ys.length, accuracy: correct / ys.length };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const rows = loadRows(args.data);
  const trainRows = rows.filter((_, i) => i % 5 !== 0);
  const valRows = rows.filter((_, i) => i % 5 === 0);
  const scaler = fitScaler(trainRows);
  const xs = trainRows.map((r) => features(r, scaler));
  const ys = trainRows.map((r) => Number(r.churned));
  const valXs = valRows.map((r) => features(r, scaler));
  const valYs = valRows.map((r) => Number(r.churned));
  logParams({ model: 'logistic-regression', features: xs[0].length, train_rows: xs.length });

  const model = { weights: new Array(xs[0].length).fill(0), bias: 0 };
  for (let epoch = 1; epoch <= args.epochs; epoch++) {
    const gradW = new Array(model.weights.length).fill(0);
    let gradB = 0;
    xs.forEach((x, i) => {
      const error = predict(model, x) - ys[i];
      x.forEach((v, j) => (gradW[j] += error * v));
      gradB += error;
    });
    model.weights = model.weights.map((w, j) => w - (args.lr * gradW[j]) / xs.length);
    model.bias -= (args.lr * gradB) / xs.length;
    const train = evaluate(model, xs, ys);
    const val = evaluate(model, valXs, valYs);
    logMetric('loss', train.loss, epoch);
    logMetric('accuracy', train.accuracy, epoch);
    logMetric('val_loss', val.loss, epoch);
    logMetric('val_accuracy', val.accuracy, epoch);
    console.log(`epoch ${epoch}: loss ${train.loss.toFixed(4)} val_accuracy ${val.accuracy.toFixed(4)}`);
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'node-linear-'));
  try {
    const modelPath = path.join(dir, 'model.json');
    fs.writeFileSync(modelPath, JSON.stringify({ ...model, scaler, plans: PLANS, numeric: NUMERIC }, null, 2));
    await logArtifact(modelPath);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
