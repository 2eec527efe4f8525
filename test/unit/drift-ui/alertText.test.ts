import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec } from '../../../src/core/spec/parseSpec';
import {
  alertKey,
  alertLocation,
  alertMessage,
  alertModel,
  retrainExperiment,
  type DriftAlert,
} from '../../../src/extension/drift/alertText';
import { QUICKSTART } from './fixtures';

const specText = readFileSync(join(QUICKSTART, 'mlops.yaml'), 'utf8');
const { spec, locations } = parseSpec(specText);
const lines = specText.split('\n');

const report = (drifted: string[], tested = 5): DriftAlert['report'] => ({
  datasetDrift: drifted.length / tested >= 0.5,
  share: drifted.length / tested,
  driftShare: 0.5,
  tested,
  drifted: drifted.length,
  columns: ['age', 'income', 'plan', 'tenure_months', 'support_calls']
    .slice(0, tested)
    .map((column) => ({ column, drifted: drifted.includes(column) })),
});

describe('drift alerts', () => {
  it('sits on the monitor key in mlops.yaml', () => {
    const at = alertLocation({ monitor: 'churn-live', report: report(['age', 'income', 'plan']) }, locations, spec);
    assert.ok(at);
    assert.equal(lines[at.line - 1].trim(), 'churn-live:');
  });

  it('sits on the model when only the model is known, whatever its alias or version', () => {
    for (const model of ['churn', 'churn@production', 'churn:3']) {
      const at = alertLocation({ model, report: report(['age', 'income', 'plan']) }, locations, spec);
      assert.ok(at, model);
      assert.equal(lines[at.line - 1].trim(), 'churn:');
    }
  });

  it('falls back to the monitored model, then to no location', () => {
    const noMonitorKey = { ...locations, monitors: {} };
    const at = alertLocation({ monitor: 'churn-live', report: report([]) }, noMonitorKey, spec);
    assert.equal(lines[at!.line - 1].trim(), 'churn:');
    assert.equal(alertModel({ monitor: 'churn-live', report: report([]) }, spec), 'churn');
    assert.equal(alertLocation({ monitor: 'gone', report: report([]) }, locations, spec), null);
  });

  it('names the monitor, the share and the drifted columns', () => {
    assert.equal(
      alertMessage({ monitor: 'churn-live', report: report(['age', 'income', 'plan']) }),
      'Data drift detected by monitor churn-live: 3 of 5 columns drifted (share 0.6 ≥ 0.5): age, income, plan.',
    );
    const many: DriftAlert = {
      model: 'churn@production',
      report: {
        ...report([]),
        datasetDrift: true,
        share: 1,
        tested: 8,
        drifted: 8,
        columns: Array.from({ length: 8 }, (_, i) => ({ column: `c${i}`, drifted: true })),
      },
    };
    assert.match(alertMessage(many), /^Data drift detected by model churn: 8 of 8 .*c0, c1, c2, c3, c4 and 3 more\.$/);
  });

  it('offers Retrain only for a monitor with retrain configured', () => {
    assert.equal(retrainExperiment({ monitor: 'churn-live', report: report([]) }, spec), 'churn-tfjs');
    assert.equal(retrainExperiment({ model: 'churn', report: report([]) }, spec), null);
    const noRetrain = parseSpec(specText.replace(/\n\s+retrain: .*\n?/, '\n')).spec;
    assert.equal(retrainExperiment({ monitor: 'churn-live', report: report([]) }, noRetrain), null);
  });

  it('one alert per monitor, model or pair of files', () => {
    assert.equal(alertKey({ monitor: 'm', model: 'churn', report: report([]) }), 'monitor:m');
    assert.equal(
      alertKey({ model: 'churn@production', report: report([]) }),
      alertKey({ model: 'churn:2', report: report([]) }),
    );
    assert.notEqual(
      alertKey({ reference: 'a', current: 'b', report: report([]) }),
      alertKey({ reference: 'a', current: 'c', report: report([]) }),
    );
  });
});
