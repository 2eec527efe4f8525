import { strict as assert } from 'node:assert';
import { evaluateCommand } from '../../../src/cli/commands/evaluate';
import type { EvaluationReport } from '../../../src/core/evaluation/types';
import { cliContext } from '../cli/cliContext';
import { trainedChurnModel } from '../serving/helpers';
import { registerArtifact } from '../serving/registryFixture';

describe('mlops evaluate a registered tfjs model', () => {
  it('runs the artifact in process on the test file (its preprocessing applies) and scores it with its probabilities', async function () {
    this.timeout(180_000);
    const model = await trainedChurnModel();
    const version = await registerArtifact(model.workspace, 'churn-eval', model.artifactDir);
    const ctx = cliContext(evaluateCommand, model.workspace, [`churn-eval:${version.version}`, '--data', 'data/test.csv', '--label', 'churned', '--importance', '--repeats', '2', '--json']);
    const report = (await evaluateCommand.run(ctx)).json as EvaluationReport;
    assert.equal(report.source.model, `churn-eval:${version.version}`);
    assert.equal(report.n, model.labels.length);
    assert.equal(report.task, 'binary');
    assert.ok(report.source.score?.startsWith('p('), `scores from the model's probabilities: ${report.source.score}`);
    assert.ok(report.metrics.roc_auc !== null && report.metrics.roc_auc > 0.5, `roc_auc ${report.metrics.roc_auc}`);
    assert.ok(report.importance!.features.length > 0);
    assert.ok(!report.importance!.features.some((f) => f.feature === 'churned'), 'the label is not a feature');
  });
});
