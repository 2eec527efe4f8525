import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliContext } from '../../../src/cli/command';
import { driftCommand } from '../../../src/cli/commands/drift';
import type { Column, Table } from '../../../src/core/data/table';
import { driftReport } from '../../../src/core/drift/driftReport';

const num = (name: string, values: number[]): Column => ({
  name,
  kind: 'numeric',
  values: Float64Array.from(values),
  missing: values.filter(Number.isNaN).length,
  integer: values.every((v) => Number.isInteger(v)),
});
const text = (name: string, values: (string | null)[]): Column => ({
  name,
  kind: 'text',
  values,
  missing: values.filter((v) => v === null).length,
});
const table = (...columns: Column[]): Table => ({
  source: 'memory',
  format: 'csv',
  rowCount: columns[0].values.length,
  columns,
});
const seq = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe('driftReport', () => {
  it('tests the intersection of the column sets and lists the rest', async () => {
    const r = await driftReport(
      table(
        num(
          'a',
          seq(50, (i) => i + 0.5),
        ),
        num(
          'only_ref',
          seq(50, (i) => i),
        ),
      ),
      table(
        num(
          'a',
          seq(40, (i) => i + 0.5),
        ),
        num(
          'only_cur',
          seq(40, (i) => i),
        ),
      ),
    );
    assert.deepEqual(
      r.columns.map((c) => c.column),
      ['a'],
    );
    assert.deepEqual(r.onlyInReference, ['only_ref']);
    assert.deepEqual(r.onlyInCurrent, ['only_cur']);
  });

  it('a column numeric in reference and text in current is reported, not a crash', async () => {
    const r = await driftReport(table(num('x', [1, 2, 3, 4])), table(text('x', ['a', 'b', 'a', 'b'])));
    assert.equal(r.columns[0].status, 'ok');
    assert.ok(r.columns[0].warnings.some((w) => /numeric in the reference but text/.test(w)));
  });

  it('resolves per-column > global test and threshold, and warns about a global threshold with auto', async () => {
    const ref = table(
      num(
        'a',
        seq(100, (i) => i / 7),
      ),
      num(
        'b',
        seq(100, (i) => i / 7),
      ),
    );
    const cur = table(
      num(
        'a',
        seq(100, (i) => i / 7 + 3),
      ),
      num(
        'b',
        seq(100, (i) => i / 7 + 3),
      ),
    );
    const r = await driftReport(ref, cur, {
      test: 'wasserstein',
      columnTests: { b: 'psi' },
      columnThresholds: { b: 5 },
    });
    assert.deepEqual(
      r.columns.map((c) => [c.test, c.threshold]),
      [
        ['wasserstein', 0.1],
        ['psi', 5],
      ],
    );
    const warned = await driftReport(ref, cur, { threshold: 0.2 });
    assert.ok(warned.warnings.some((w) => /global threshold/.test(w)));
  });

  it('datasetDrift when share ≥ driftShare (Evidently lt(drift_share) fails at equality)', async () => {
    const ref = table(
      num(
        'a',
        seq(200, (i) => i / 3),
      ),
      num(
        'b',
        seq(200, (i) => i / 3),
      ),
    );
    const cur = table(
      num(
        'a',
        seq(200, (i) => i / 3 + 50),
      ),
      num(
        'b',
        seq(200, (i) => i / 3),
      ),
    );
    const r = await driftReport(ref, cur);
    assert.equal(r.share, 0.5);
    assert.equal(r.datasetDrift, true);
    assert.equal((await driftReport(ref, cur, { driftShare: 0.6 })).datasetDrift, false);
  });

  it('target and prediction: types per docs/drift-spec.md §6, probability columns give a derived label, and can be excluded from the share', async () => {
    const ref = table(
      num(
        'y',
        seq(60, (i) => i % 2),
      ),
      num(
        'p_yes',
        seq(60, (i) => (i % 10) / 10 + 0.05),
      ),
      num(
        'p_no',
        seq(60, (i) => 0.95 - (i % 10) / 10),
      ),
    );
    const cur = table(
      num(
        'y',
        seq(60, (i) => (i % 3 ? 1 : 0)),
      ),
      num(
        'p_yes',
        seq(60, (i) => (i % 10) / 10 + 0.05),
      ),
      num(
        'p_no',
        seq(60, (i) => 0.95 - (i % 10) / 10),
      ),
    );
    const r = await driftReport(ref, cur, { target: 'y', prediction: ['p_yes', 'p_no'], task: 'classification' });
    assert.deepEqual(
      r.columns.map((c) => [c.column, c.role, c.type]),
      [
        ['y', 'target', 'categorical'],
        ['p_yes', 'prediction_proba', 'numerical'],
        ['p_no', 'prediction_proba', 'numerical'],
        ['prediction_label', 'prediction_label', 'categorical'],
      ],
    );
    const featuresOnly = await driftReport(ref, cur, {
      target: 'y',
      prediction: ['p_yes', 'p_no'],
      includeTargetAndPrediction: false,
    });
    assert.equal(featuresOnly.tested, 0);
  });

  it('carries overlay data for the panel: histograms for numbers, bars for categories, ECDF for KS', async () => {
    const r = await driftReport(
      table(
        num(
          'x',
          seq(80, (i) => i * 1.5),
        ),
        text(
          'c',
          seq(80, (i) => `k${i % 3}`),
        ),
      ),
      table(
        num(
          'x',
          seq(70, (i) => i * 1.5 + 9),
        ),
        text(
          'c',
          seq(70, (i) => `k${i % 4}`),
        ),
      ),
    );
    const [x, c] = r.columns;
    assert.equal(x.test, 'ks');
    assert.equal(x.overlay?.kind, 'histogram');
    assert.ok(x.ecdf && x.ecdf.x.length > 10);
    assert.equal(c.overlay?.kind, 'bars');
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      driftReport(table(num('a', [1.5])), table(num('a', [1.5])), { signal: controller.signal }),
      /cancelled/,
    );
  });
});

describe('mlops drift', () => {
  function ctx(args: string[], dir: string): CliContext {
    const options = new Map<string, string[]>();
    for (let i = 0; i < args.length; i += 2)
      options.set(args[i].slice(2), [...(options.get(args[i].slice(2)) ?? []), args[i + 1]]);
    return {
      workspace: dir,
      json: true,
      args: { positionals: [], options, flags: new Set(['json']) },
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      signal: new AbortController().signal,
      isTTY: false,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'mlops-drift-cli-'));
  writeFileSync(join(dir, 'ref.csv'), 'a,b\n' + seq(60, (i) => `${i + 0.5},${i % 3}`).join('\n'));
  writeFileSync(join(dir, 'cur.csv'), 'a,b\n' + seq(60, (i) => `${i + 40.5},${i % 3}`).join('\n'));

  it('prints the docs/DESIGN.md JSON contract and exits 1 on dataset drift', async () => {
    const result = await driftCommand.run(ctx(['--reference', 'ref.csv', '--current', 'cur.csv'], dir));
    const json = result.json as Record<string, unknown> & { columns: Record<string, unknown>[] };
    for (const key of ['column', 'type', 'test', 'score', 'threshold', 'drifted', 'status', 'reason'])
      assert.ok(key in json.columns[0], key);
    for (const key of ['tested', 'drifted', 'share', 'driftShare', 'datasetDrift']) assert.ok(key in json, key);
    assert.deepEqual(
      json.columns.map((c) => [c.column, c.type, c.test, c.drifted]),
      [
        ['a', 'numerical', 'ks', true],
        ['b', 'categorical', 'chisquare', false],
      ],
    );
    assert.equal(json.datasetDrift, true);
    assert.equal(result.exitCode, 1);
  });

  it('rejects an unknown test and a malformed --column-test as bad input', async () => {
    await assert.rejects(
      driftCommand.run(ctx(['--reference', 'ref.csv', '--current', 'cur.csv', '--test', 'magic'], dir)),
      /unknown drift test/,
    );
    await assert.rejects(
      driftCommand.run(ctx(['--reference', 'ref.csv', '--current', 'cur.csv', '--column-test', 'a'], dir)),
      /COLUMN=VALUE/,
    );
  });
});
