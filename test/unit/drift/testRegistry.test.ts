import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from '../../../src/core/data/table';
import { driftReport } from '../../../src/core/drift/driftReport';
import { TEST_CHOICES, statTests, testChoice } from '../../../src/core/drift/registry';
import { MlopsError } from '../../../src/core/errors';
import { runMonitorCheck } from '../../../src/core/monitor/monitorCheck';
import { FileRegistryStore } from '../../../src/core/registry';
import { checkGates } from '../../../src/core/registry/gates/checkGates';
import { registerRun } from '../../../src/core/registry/registration';
import { emptySpec } from '../../../src/core/spec/normalizeSpec';
import { MLOPS_SCHEMA } from '../../../src/core/spec/schemaValidation';
import type { MlopsSpec, MonitorSpec } from '../../../src/core/spec/types';
import { makeRun, runCli, tempWorkspace } from '../registry/fixtures';

const TYPO = /unknown drift test 'kss' in monitors\.live\.tests\.age \(did you mean 'ks'\?\)/;

function table(values: number[]): Table {
  return {
    source: 'memory',
    format: 'csv',
    rowCount: values.length,
    columns: [{ name: 'age', kind: 'numeric', values: Float64Array.from(values), missing: 0, integer: true }],
  };
}

function workspaceWithData(): string {
  const ws = tempWorkspace();
  const rows = (shift: number) =>
    ['age', ...Array.from({ length: 200 }, (_, i) => String((i % 50) + shift))].join('\n');
  writeFileSync(join(ws, 'ref.csv'), rows(0));
  writeFileSync(join(ws, 'cur.csv'), rows(0));
  return ws;
}

function specWith(monitor: MonitorSpec): MlopsSpec {
  const spec = emptySpec();
  spec.models.churn = { name: 'churn', gates: ['drift.share < 0.5'] };
  spec.monitors[monitor.name] = monitor;
  return spec;
}

const typoMonitor: MonitorSpec = {
  name: 'live',
  model: 'churn',
  reference: 'ref.csv',
  current: 'cur.csv',
  tests: { age: 'kss' },
};

describe('drift tests: one registry of names, one lookup', () => {
  it('the schema lists exactly auto plus the registered tests for monitors.*.tests', () => {
    const monitor = (MLOPS_SCHEMA as any).definitions.monitor;
    assert.deepEqual(monitor.properties.tests.additionalProperties.enum, ['auto', ...Object.keys(statTests)]);
    assert.deepEqual([...TEST_CHOICES], ['auto', ...Object.keys(statTests)]);
  });

  it('names an unknown test, where it was written, the closest name and every allowed one', () => {
    assert.equal(testChoice('psi'), 'psi');
    assert.equal(testChoice('auto'), 'auto');
    assert.throws(
      () => testChoice('kss', 'in monitors.live.tests.age'),
      (e: unknown) =>
        e instanceof MlopsError &&
        TYPO.test(e.message) &&
        e.kind === 'bad-input' &&
        e.hint === `Use one of: auto, ${Object.keys(statTests).join(', ')}.`,
    );
    assert.throws(
      () => testChoice('constructor'),
      (e: unknown) => e instanceof MlopsError && /unknown drift test 'constructor'/.test(e.message),
    );
  });

  it('the drift report refuses an unknown test name with an MlopsError, not a TypeError', async () => {
    const t = table(Array.from({ length: 100 }, (_, i) => i % 30));
    await assert.rejects(
      driftReport(t, t, { columnTests: { age: 'kss' as never } }),
      (e: unknown) =>
        e instanceof MlopsError && /unknown drift test 'kss' for column 'age' \(did you mean 'ks'\?\)/.test(e.message),
    );
    await assert.rejects(
      driftReport(t, t, { test: 'wasserstien' as never }),
      (e: unknown) => e instanceof MlopsError && /did you mean 'wasserstein'/.test(e.message),
    );
  });

  it('a monitor with a misspelt test ends its check in an error that names the typo', async () => {
    const ws = workspaceWithData();
    try {
      const out = await runMonitorCheck({
        workspace: ws,
        monitor: typoMonitor,
        spec: specWith(typoMonitor),
        registry: new FileRegistryStore(ws),
        state: { windowEnd: null, dataHashes: null, pending: null },
      });
      assert.equal(out.check.status, 'error');
      assert.match(out.check.message ?? '', TYPO);
      const auto = { ...typoMonitor, tests: { age: 'auto' } };
      assert.equal(
        (
          await runMonitorCheck({
            workspace: ws,
            monitor: auto,
            spec: specWith(auto),
            registry: new FileRegistryStore(ws),
            state: { windowEnd: null, dataHashes: null, pending: null },
          })
        ).check.status,
        'ok',
      );
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('a drift gate fails on a misspelt monitor test instead of dropping it', async () => {
    const ws = workspaceWithData();
    try {
      const store = new FileRegistryStore(ws);
      const v = await registerRun(store, { run: await makeRun(ws), model: 'churn' });
      const check = await checkGates(store, { model: 'churn', version: v.version, spec: specWith(typoMonitor) });
      assert.equal(check.passed, false);
      assert.match(check.results[0].reason ?? '', TYPO);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('mlops drift --test and --column-test exit 2 on a typo, suggesting the test', async function () {
    this.timeout(60_000);
    const ws = workspaceWithData();
    try {
      const global = await runCli(ws, [
        'drift',
        '--reference',
        'ref.csv',
        '--current',
        'cur.csv',
        '--test',
        'chisqare',
      ]);
      assert.equal(global.code, 2, global.stderr);
      assert.match(global.stderr, /unknown drift test 'chisqare' in --test \(did you mean 'chisquare'\?\)/);
      const column = await runCli(ws, [
        'drift',
        '--reference',
        'ref.csv',
        '--current',
        'cur.csv',
        '--column-test',
        'age=kss',
      ]);
      assert.equal(column.code, 2, column.stderr);
      assert.match(column.stderr, /unknown drift test 'kss' in --column-test age=kss \(did you mean 'ks'\?\)/);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
