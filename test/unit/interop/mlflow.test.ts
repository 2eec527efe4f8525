import { strict as assert } from 'node:assert';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLineageGraph } from '../../../src/core/lineage/graphBuilder';
import { importMlflow } from '../../../src/core/interop/mlflow/mlflowImport';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { listArtifacts } from '../../../src/core/tracking/artifacts';
import { readMetricSeries } from '../../../src/core/tracking/metricTail';
import { readParams } from '../../../src/core/tracking/runReader';
import { useTempDir } from '../../helpers/tempWorkspace';

// An MLflow file store written by MLflow itself (PacktPublishing/Hyperparameter-Tuning-with-Python).
const fixture = join(__dirname, '../../fixtures/mlruns-real');
const PARENT = '6/a3112407148b4966b929bc9f8784a3d3';
const CHILD = '6/f7d034672fce496d891b6f054749ea99';

describe('MLflow import (file store)', () => {
  const ws = useTempDir();
  const copy = (): string => {
    const dir = join(ws.path, 'mlruns');
    cpSync(fixture, dir, { recursive: true });
    return dir;
  };

  it('imports live runs with names, params, tags, metric series, parent and artifacts by reference; skips .trash and deleted', async () => {
    const mlruns = copy();
    const store = new FileRunStore(ws.path);
    const report = await importMlflow(store, { path: ws.path });
    assert.equal(report.source, mlruns, 'a folder holding mlruns/ is accepted');
    const rows = await store.listRuns();
    assert.deepEqual(rows.map((r) => r.name).sort(), ['CHILD_RUN', 'PARENT_RUN']);
    const parent = rows.find((r) => r.name === 'PARENT_RUN')!;
    const child = rows.find((r) => r.name === 'CHILD_RUN')!;
    assert.equal(child.parent, parent.id);
    assert.equal(parent.experiment, 'example1');
    assert.equal(parent.status, 'completed');
    assert.equal(parent.startedAt, new Date(1656994881395).toISOString());
    assert.equal(parent.tags['release.version'], '2.2.0');
    assert.equal(parent.tags['mlflow.runId'], 'a3112407148b4966b929bc9f8784a3d3');
    assert.deepEqual(await readParams(store.runDir(parent.id)), { param1: 12 });
    assert.deepEqual(await readParams(store.runDir(child.id)), { child: 'yes' });
    const foo = await readMetricSeries(join(store.runDir(parent.id), 'plots/metrics/foo.tsv'), 'foo');
    assert.deepEqual(
      foo.points.map((p) => [p.timestamp, p.step, p.value]),
      [
        [1656994881659, 1, 0.5957562753945062],
        [1656994881689, 2, 1.373249995906063],
        [1656994881718, 3, 2.2922696453675444],
      ],
    );
    const artifacts = await listArtifacts(store.runDir(parent.id));
    assert.deepEqual(
      artifacts.entries.map((e) => e.path),
      ['test.txt'],
    );
    assert.ok(existsSync(join(mlruns, PARENT, 'artifacts/test.txt')), 'the artifact stays where MLflow put it');
    assert.match(report.notes.join('\n'), /deleted .* left out, as was \.trash/);
    assert.equal((await store.getRun(child.id))?.importedFrom?.kind, 'mlflow');
    const records = await Promise.all([parent.id, child.id].map((id) => store.getRun(id)));
    const graph = await buildLineageGraph(records.filter((r) => r !== undefined));
    assert.deepEqual(
      graph
        .edges()
        .filter((e) => e.kind === 'parent-of')
        .map((e) => [e.from, e.to]),
      [[`run:${parent.id}`, `run:${child.id}`]],
    );
  });

  it('re-importing appends only new metric lines and creates no second run', async () => {
    const mlruns = copy();
    const store = new FileRunStore(ws.path);
    await importMlflow(store, { path: mlruns });
    appendFileSync(join(mlruns, PARENT, 'metrics/foo'), '1656994881750 3.5 4\n');
    const again = await importMlflow(store, { path: mlruns });
    assert.deepEqual(again.runs.map((r) => r.outcome).sort(), ['appended', 'unchanged']);
    const rows = await store.listRuns();
    assert.equal(rows.length, 2);
    const parent = rows.find((r) => r.name === 'PARENT_RUN')!;
    const foo = await readMetricSeries(join(store.runDir(parent.id), 'plots/metrics/foo.tsv'), 'foo');
    assert.deepEqual(
      foo.points.map((p) => p.step),
      [1, 2, 3, 4],
    );
    assert.equal(parent.metrics.foo, 3.5);
  });

  it('a run folder with no meta.yaml is skipped with the reason; the others are imported', async () => {
    const mlruns = copy();
    rmSync(join(mlruns, CHILD, 'meta.yaml'));
    const store = new FileRunStore(ws.path);
    const report = await importMlflow(store, { path: mlruns });
    const skipped = report.runs.find((r) => r.outcome === 'skipped')!;
    assert.equal(skipped.name, CHILD);
    assert.match(skipped.reason!, /no meta\.yaml/);
    assert.deepEqual(
      (await store.listRuns()).map((r) => r.name),
      ['PARENT_RUN'],
    );
  });

  it('an experiment folder with no meta.yaml is reported, and none of its runs is left behind', async () => {
    const mlruns = copy();
    rmSync(join(mlruns, '6/meta.yaml'));
    const store = new FileRunStore(ws.path);
    const report = await importMlflow(store, { path: mlruns });
    assert.match(report.notes.join('\n'), /experiment folder 6: it has no meta\.yaml/);
    assert.deepEqual(await store.listRuns(), []);
  });

  it('a param holding a line break is kept whole and reported', async () => {
    const mlruns = copy();
    writeFileSync(join(mlruns, PARENT, 'params/notes'), 'first line\nsecond line');
    const store = new FileRunStore(ws.path);
    const report = await importMlflow(store, { path: mlruns });
    const parent = report.runs.find((r) => r.name.includes('PARENT_RUN'))!;
    assert.match(parent.problems.join('\n'), /param 'notes' holds a line break/);
    assert.equal((await readParams(store.runDir(parent.runId!))).notes, 'first line\nsecond line');
  });

  it('metric lines with 2 fields are read with step 0 as MLflow reads them, and reported; a malformed line is skipped', async () => {
    const mlruns = copy();
    writeFileSync(join(mlruns, PARENT, 'metrics/old'), '1656994881659 0.5\n1656994881660 0.25\n1656994881661\n');
    const store = new FileRunStore(ws.path);
    const report = await importMlflow(store, { path: mlruns });
    const parent = report.runs.find((r) => r.name.includes('PARENT_RUN'))!;
    const text = parent.problems.join('\n');
    assert.match(text, /metrics\/old: 2 line\(s\) have no step/);
    assert.match(text, /metrics\/old: 1 line\(s\) skipped \(line 3 has 1 field\(s\)/);
    const old = await readMetricSeries(join(store.runDir(parent.runId!), 'plots/metrics/old.tsv'), 'old');
    assert.deepEqual(
      old.points.map((p) => [p.step, p.value]),
      [
        [0, 0.5],
        [0, 0.25],
      ],
    );
  });

  it('a folder with no MLflow experiment is a clear error', async () => {
    mkdirSync(join(ws.path, 'nothing'));
    await assert.rejects(
      importMlflow(new FileRunStore(ws.path), { path: join(ws.path, 'nothing') }),
      /holds no MLflow experiment/,
    );
    assert.deepEqual(readdirSync(ws.path), ['nothing']);
  });
});
