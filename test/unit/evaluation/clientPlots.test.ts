import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readLoggedPlots, type LoggedPlot } from '../../../src/core/evaluation/dvclivePlots';
import { useTempDir } from '../../helpers/tempWorkspace';

const exec = promisify(execFile);
const repo = join(__dirname, '../../..');
const cases = JSON.parse(readFileSync(join(repo, 'test/fixtures/evaluation/sklearn-cases.json'), 'utf8'));
const tieCase = cases.binary[0];
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fe0dc69c2e0000000049454e44ae426082', 'hex');

function byKind<K extends LoggedPlot['kind']>(plots: LoggedPlot[], kind: K): Extract<LoggedPlot, { kind: K }> {
  const p = plots.find((x) => x.kind === kind);
  assert.ok(p, `no ${kind} plot in ${plots.map((x) => x.kind).join(', ')}`);
  return p as Extract<LoggedPlot, { kind: K }>;
}

function close(a: number[], e: (number | null)[], what: string): void {
  assert.equal(a.length, e.length, what);
  e.forEach((v, i) => assert.ok(v === null ? a[i] === null || !Number.isFinite(a[i]) : Math.abs(a[i] - v) <= 1e-9, `${what}[${i}] ${a[i]} vs ${v}`));
}

/** What both clients must produce from the fixture's tied scores: scikit-learn's curves, read back by the reader. */
function checkPlots(runDir: string): void {
  const { plots, skipped } = readLoggedPlots(runDir);
  assert.deepEqual(skipped, []);
  const roc = byKind(plots, 'roc');
  close(roc.fpr, tieCase.expected.roc.fpr, 'fpr');
  close(roc.tpr, tieCase.expected.roc.tpr, 'tpr');
  const pr = byKind(plots, 'precision_recall');
  close(pr.precision, tieCase.expected.pr.precision, 'precision');
  close(pr.recall, tieCase.expected.pr.recall, 'recall');
  const cm = byKind(plots, 'confusion_matrix');
  assert.deepEqual(cm.labels, ['cat', 'dog']);
  assert.deepEqual(cm.matrix, [[1, 1], [0, 2]]);
  const table = byKind(plots, 'table');
  assert.equal(table.name, 'per_class');
  assert.deepEqual(table.rows, [{ class: 'cat', f1: 0.5 }, { class: 'dog', f1: 0.8 }]);
  const image = byKind(plots, 'image');
  assert.equal(image.name, 'residuals.png');
  assert.deepEqual(readFileSync(image.path), PNG);
}

describe('clients log evaluation plots in dvclive layout', () => {
  const ws = useTempDir();
  const vectors = () => {
    writeFileSync(join(ws.path, 'v.json'), JSON.stringify({ y: tieCase.y, s: tieCase.score }));
    writeFileSync(join(ws.path, 'in.png'), PNG);
  };

  it('Python: log_confusion_matrix, log_roc, log_pr, log_table, log_image', async () => {
    vectors();
    const runDir = join(ws.path, 'py-run');
    writeFileSync(
      join(ws.path, 'eval.py'),
      [
        'import json',
        'from mlops_workbench import log_confusion_matrix, log_roc, log_pr, log_table, log_image',
        'v = json.load(open("v.json"))',
        'log_confusion_matrix([0, 0, 1, 1], [0, 1, 1, 1], labels=["cat", "dog"])',
        'log_roc(v["y"], v["s"])',
        'log_pr(v["y"], v["s"])',
        'log_table("per_class", [{"class": "cat", "f1": 0.5}, {"class": "dog", "f1": 0.8}])',
        'log_image("residuals", "in.png")',
      ].join('\n'),
    );
    await exec('python3', ['eval.py'], { cwd: ws.path, env: { ...process.env, PYTHONPATH: join(repo, 'clients/python'), MLOPS_RUN_DIR: runDir } });
    checkPlots(runDir);
  });

  it('Node: logConfusionMatrix, logRoc, logPr, logTable, logImage', async () => {
    vectors();
    const runDir = join(ws.path, 'node-run');
    writeFileSync(
      join(ws.path, 'eval.js'),
      [
        `const { readFileSync } = require('node:fs');`,
        `const { logConfusionMatrix, logRoc, logPr, logTable, logImage } = require(${JSON.stringify(join(repo, 'src/client/node/index.ts'))});`,
        `process.chdir(${JSON.stringify(ws.path)});`,
        `const v = JSON.parse(readFileSync('v.json', 'utf8'));`,
        `logConfusionMatrix([0, 0, 1, 1], [0, 1, 1, 1], ['cat', 'dog']);`,
        `logRoc(v.y, v.s);`,
        `logPr(v.y, v.s);`,
        `logTable('per_class', [{ class: 'cat', f1: 0.5 }, { class: 'dog', f1: 0.8 }]);`,
        `logImage('residuals', 'in.png');`,
      ].join('\n'),
    );
    await exec(process.execPath, ['-r', 'tsx/cjs', join(ws.path, 'eval.js')], { cwd: repo, env: { ...process.env, MLOPS_RUN_DIR: runDir } });
    checkPlots(runDir);
  });

  it('reads plots a dvclive script wrote (Python json with Infinity thresholds, records confusion matrix)', () => {
    const runDir = join(ws.path, 'dvclive-run');
    mkdirSync(join(runDir, 'plots/sklearn'), { recursive: true });
    writeFileSync(join(runDir, 'plots/sklearn/roc.json'), '{"roc": [{"fpr": 0.0, "tpr": 0.0, "threshold": Infinity}, {"fpr": 0.5, "tpr": 1.0, "threshold": 0.4}, {"fpr": 1.0, "tpr": 1.0, "threshold": 0.1}]}');
    writeFileSync(join(runDir, 'plots/sklearn/confusion_matrix.json'), '[{"actual": "1", "predicted": "1"}, {"actual": "0", "predicted": "1"}, {"actual": "10", "predicted": "0"}]');
    writeFileSync(join(runDir, 'plots/sklearn/notes.json'), '{"something": "else"}');
    const { plots, skipped } = readLoggedPlots(runDir);
    const roc = byKind(plots, 'roc');
    assert.deepEqual(roc.thresholds, [null, 0.4, 0.1]);
    assert.deepEqual(byKind(plots, 'confusion_matrix').labels, ['0', '1', '10']);
    assert.deepEqual(skipped, ['plots/sklearn/notes.json']);
  });
});
