import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GateSyntaxError,
  evaluateGates,
  parseGate,
  type GateScope,
  type Lookup,
} from '../../../src/core/registry/gates';
import { checkGates } from '../../../src/core/registry/gates/checkGates';
import { FileRegistryStore } from '../../../src/core/registry/fileRegistryStore';
import { registerRun } from '../../../src/core/registry/registration';
import { makeRun, runCli, tempWorkspace, writeSpec } from './fixtures';

function scope(values: Record<string, number | string | boolean>): GateScope {
  return {
    async lookup(path): Promise<Lookup> {
      return path in values ? { ok: true, value: values[path] } : { ok: false, reason: `unknown metric '${path}'` };
    },
  };
}

const holds = async (rule: string, values: Record<string, number | string | boolean> = {}) =>
  (await evaluateGates([rule], scope(values))).results[0];

describe('registry: gate language', () => {
  it('parses with the usual precedence: arithmetic over comparison over not/and/or', () => {
    const tree = parseGate('a >= b - 0.01 * 2 and not c or d');
    assert.equal(tree.kind, 'logic');
    assert.equal((tree as { op: string }).op, 'or');
    assert.deepEqual(parseGate('-(x + 1) / 2 < 3'), {
      kind: 'compare',
      op: '<',
      left: {
        kind: 'arith',
        op: '/',
        left: {
          kind: 'neg',
          operand: { kind: 'arith', op: '+', left: { kind: 'name', path: 'x' }, right: { kind: 'literal', value: 1 } },
        },
        right: { kind: 'literal', value: 2 },
      },
      right: { kind: 'literal', value: 3 },
    });
  });

  it('rejects malformed rules with the column, and never evaluates code', () => {
    for (const bad of [
      '',
      'val_accuracy >=',
      'a > b > c',
      'x == "open',
      'process.exit(1)',
      'a; b',
      '(a > 1',
      'a === 1',
      'require("fs")',
    ]) {
      assert.throws(
        () => parseGate(bad),
        (err: unknown) => err instanceof GateSyntaxError && /column \d+/.test(err.message) && err.kind === 'bad-input',
        bad,
      );
    }
  });

  it('evaluates comparisons, arithmetic, booleans, strings and nested names', async () => {
    assert.equal(
      (
        await holds('val_accuracy >= production.val_accuracy - 0.01', {
          val_accuracy: 0.9,
          'production.val_accuracy': 0.905,
        })
      ).passed,
      true,
    );
    assert.equal(
      (
        await holds('val_accuracy >= production.val_accuracy - 0.01', {
          val_accuracy: 0.89,
          'production.val_accuracy': 0.905,
        })
      ).passed,
      false,
    );
    assert.equal(
      (
        await holds('lineage.clean == true && !drift.datasetDrift', {
          'lineage.clean': true,
          'drift.datasetDrift': false,
        })
      ).passed,
      true,
    );
    assert.equal((await holds("lineage.commit != 'abc' or false", { 'lineage.commit': 'abd' })).passed, true);
    assert.equal((await holds('(loss * 2 + 1) / 4 <= 0.5', { loss: 0.5 })).passed, true);
    assert.equal((await holds('`train/loss` < 1e-1', { 'train/loss': 0.05 })).passed, true);
  });

  it('reads = as == (one equality rule, shared with the runs filter)', async () => {
    assert.equal((await holds('epochs = 3', { epochs: 3 })).passed, true);
    assert.equal((await holds('epochs = 3', { epochs: 4 })).passed, false);
    assert.deepEqual(parseGate('a = 1'), parseGate('a == 1'));
  });

  it('fails a rule whose value is missing, naming it, instead of passing it', async () => {
    const r = await holds('val_acc >= 0.8', { val_accuracy: 0.99 });
    assert.equal(r.passed, false);
    assert.match(r.reason!, /unknown metric 'val_acc'/);
    assert.deepEqual(r.values, { val_acc: null });
  });

  it('short-circuits and/or, so a guarded rule can skip a missing value', async () => {
    assert.equal(
      (await holds('not production.exists or val_accuracy >= production.val_accuracy', { 'production.exists': false }))
        .passed,
      true,
    );
    assert.equal(
      (await holds('production.exists and production.val_accuracy > 0', { 'production.exists': false })).passed,
      false,
    );
  });

  it('reports type mismatches, division by zero and non-boolean results as failures with reasons', async () => {
    assert.match((await holds('name > 3', { name: 'x' })).reason!, /needs numbers/);
    assert.match((await holds('a / b > 1', { a: 1, b: 0 })).reason!, /division by zero/);
    assert.match((await holds('a + 1', { a: 1 })).reason!, /not true\/false/);
    assert.match((await holds('flag == 1', { flag: true })).reason!, /compares a boolean with a number/);
  });
});

describe('registry: gates of a model version', () => {
  let ws: string;
  let store: FileRegistryStore;
  beforeEach(() => {
    ws = tempWorkspace();
    store = new FileRegistryStore(ws);
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('reads metrics, production.*, lineage.clean and reports each failing rule with actual values', async () => {
    writeSpec(
      ws,
      'models:\n  churn:\n    gates: ["val_accuracy >= 0.8", "val_accuracy >= production.val_accuracy - 0.01", "lineage.clean == true"]\n',
    );
    const v1 = await registerRun(store, {
      run: await makeRun(ws, { metrics: { val_accuracy: 0.93 } }),
      model: 'churn',
    });
    await store.transition({ model: 'churn', version: v1.version, to: { kind: 'stage', stage: 'production' } });
    const v2 = await registerRun(store, {
      run: await makeRun(ws, { metrics: { val_accuracy: 0.9 }, git: { dirty: true } }),
      model: 'churn',
    });
    const check = await checkGates(store, { model: 'churn', version: v2.version });
    assert.equal(check.passed, false);
    assert.deepEqual(
      check.results.map((r) => r.passed),
      [true, false, false],
    );
    assert.deepEqual(check.results[1].values, { val_accuracy: 0.9, 'production.val_accuracy': 0.93 });
    assert.deepEqual(check.results[2].values, { 'lineage.clean': false });
    assert.equal(check.production, 1);
  });

  it('fails drift.* with a clear reason when no current data is declared, and computes it from a monitor', async () => {
    writeSpec(ws, 'models:\n  churn:\n    gates: ["drift.share < 0.5"]\n');
    const v = await registerRun(store, { run: await makeRun(ws), model: 'churn' });
    const noData = await checkGates(store, { model: 'churn', version: v.version });
    assert.equal(noData.passed, false);
    assert.match(noData.results[0].reason!, /no (reference|current) data/);

    const rows = (shift: number) =>
      ['age,plan', ...Array.from({ length: 200 }, (_, i) => `${(i % 50) + shift},${i % 2 ? 'a' : 'b'}`)].join('\n');
    writeFileSync(join(ws, 'ref.csv'), rows(0));
    writeFileSync(join(ws, 'same.csv'), rows(0));
    writeFileSync(join(ws, 'shifted.csv'), rows(40));
    writeSpec(
      ws,
      'models:\n  churn:\n    gates: ["drift.share < 0.5"]\nmonitors:\n  live:\n    model: churn@production\n    reference: ref.csv\n    current: same.csv\n',
    );
    const same = await checkGates(store, { model: 'churn', version: v.version });
    assert.equal(same.passed, true);
    assert.equal(same.drift?.ok && same.drift.facts.source, 'monitor live');
    const shifted = await checkGates(store, { model: 'churn', version: v.version, drift: { current: 'shifted.csv' } });
    assert.equal(shifted.passed, false);
    assert.ok(shifted.drift?.ok && shifted.drift.facts.share! >= 0.5);
    writeFileSync(join(ws, 'header-only.csv'), 'age,plan\n');
    const untested = await checkGates(store, {
      model: 'churn',
      version: v.version,
      drift: { current: 'header-only.csv' },
    });
    assert.equal(untested.passed, false);
    assert.match(untested.results[0].reason!, /no column could be tested: the current data has no rows/);
  });

  it('reads drift from a monitor of the model whose current data is a file, before one that reads the prediction log', async () => {
    const v = await registerRun(store, { run: await makeRun(ws), model: 'churn' });
    const rows = ['age', ...Array.from({ length: 100 }, (_, i) => String(i % 40))].join('\n');
    writeFileSync(join(ws, 'ref.csv'), rows);
    writeFileSync(join(ws, 'same.csv'), rows);
    const live = '  live:\n    model: churn@production\n    reference: ref.csv\n    current: predictions\n';
    writeSpec(ws, `models:\n  churn:\n    gates: ["drift.share < 0.5"]\nmonitors:\n${live}`);
    const logOnly = await checkGates(store, { model: 'churn', version: v.version });
    assert.equal(logOnly.passed, false);
    assert.match(
      logOnly.results[0].reason!,
      /monitor 'live' reads 'predictions', not a data file.*declare a monitor of churn whose current: is a data file/,
    );
    writeSpec(
      ws,
      `models:\n  churn:\n    gates: ["drift.share < 0.5"]\nmonitors:\n${live}  batch:\n    model: churn\n    reference: ref.csv\n    current: same.csv\n`,
    );
    const withFile = await checkGates(store, { model: 'churn', version: v.version });
    assert.equal(withFile.passed, true);
    assert.equal(withFile.drift?.ok && withFile.drift.facts.source, 'monitor batch');
  });

  it('needs no gates to archive, and passes with a note when none are declared', async () => {
    writeSpec(ws, 'models:\n  churn:\n    gates: ["val_accuracy > 2"]\n');
    const v = await registerRun(store, { run: await makeRun(ws), model: 'churn' });
    assert.equal(
      (await checkGates(store, { model: 'churn', version: v.version, to: { kind: 'stage', stage: 'archived' } }))
        .passed,
      true,
    );
    writeSpec(ws, 'models:\n  other: {}\n');
    const none = await checkGates(store, { model: 'churn', version: v.version });
    assert.equal(none.passed, true);
    assert.match(none.skipped!, /declares no model 'churn'/);
  });

  it('mlops gate exits 0 when all hold, 1 with the failing rule and its value, 2 on a malformed rule', async function () {
    this.timeout(60_000);
    const v = await registerRun(store, { run: await makeRun(ws, { metrics: { val_accuracy: 0.85 } }), model: 'churn' });
    writeSpec(ws, 'models:\n  churn:\n    gates: ["val_accuracy >= 0.8"]\n');
    const ok = await runCli(ws, ['gate', 'churn', String(v.version), '--to', 'production']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /1\/1 gates hold/);
    writeSpec(ws, 'models:\n  churn:\n    gates: ["val_accuracy >= 0.9", "val_loss < 1"]\n');
    const failed = await runCli(ws, ['gate', 'churn', String(v.version), '--to', 'production']);
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /✗ val_accuracy >= 0\.9 {2}\(val_accuracy = 0\.85\)/);
    const json = await runCli(ws, ['gate', `churn:${v.version}`, '--json']);
    assert.equal(json.code, 1);
    assert.deepEqual(
      JSON.parse(json.stdout).results.map((r: { passed: boolean }) => r.passed),
      [false, true],
    );
    writeSpec(ws, 'models:\n  churn:\n    gates: ["val_accuracy >>= 0.9"]\n');
    const bad = await runCli(ws, ['gate', 'churn', String(v.version)]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /gate 'val_accuracy >>= 0\.9'/);
    const unknown = await runCli(ws, ['gate', 'churn', '9']);
    assert.equal(unknown.code, 2);
  });
});
