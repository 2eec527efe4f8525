import { strict as assert } from 'node:assert';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileRegistryStore } from '../../../src/core/registry/fileRegistryStore';
import { promote } from '../../../src/core/registry/promotion';
import { registerRun } from '../../../src/core/registry/registration';
import { parseTransitionTarget } from '../../../src/core/registry/transitions';
import { runDirOf, storePaths } from '../../../src/core/store/layout';
import type { AuditEvent } from '../../../src/core/registry/types';
import { makeRun, tempWorkspace, writeSpec } from './fixtures';

const stage = (s: 'staging' | 'production' | 'archived') => ({ kind: 'stage' as const, stage: s });
const alias = (a: string) => ({ kind: 'alias' as const, alias: a });
const auditLines = (ws: string): AuditEvent[] =>
  readFileSync(storePaths(ws).audit, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('registry: registration, stages and aliases', () => {
  let ws: string;
  let store: FileRegistryStore;
  beforeEach(() => {
    ws = tempWorkspace();
    store = new FileRegistryStore(ws);
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  const register = async (metrics: Record<string, number> = {}) =>
    registerRun(store, { run: await makeRun(ws, { metrics }), model: 'churn' });

  it('records run, artifact hashes, metrics, schema and who/when; numbers versions 1, 2, 3', async () => {
    const run = await makeRun(ws, {
      metrics: { val: { accuracy: 0.8 } } as never,
      data: [{ path: 'data/train.csv', sha256: 'a'.repeat(64), bytes: 10 }],
    });
    const v = await registerRun(store, { run: run.slice(0, 10), model: 'churn', user: 'ana' });
    assert.equal(v.version, 1);
    assert.equal(v.runId, run);
    assert.equal(v.createdBy, 'ana');
    assert.equal(v.artifact.runPath, 'artifacts/model');
    assert.equal(v.artifact.path, `.mlops/runs/${run}/artifacts/model`);
    assert.equal(v.artifact.format, 'mlops-tfjs-model');
    assert.deepEqual(
      v.artifact.files.map((f) => f.path),
      ['mlops-model.json', 'model.json', 'schema.json', 'weights.bin'],
    );
    assert.match(v.artifact.sha256, /^[0-9a-f]{64}$/);
    assert.equal(v.metrics['val.accuracy'], 0.8);
    assert.equal(v.metrics.step, undefined);
    assert.equal((v.schema as { label: { name: string } }).label.name, 'churned');
    assert.deepEqual(v.data, [{ path: 'data/train.csv', sha256: 'a'.repeat(64), bytes: 10 }]);
    assert.equal(v.stage, null);
    assert.deepEqual([(await register()).version, (await register()).version], [2, 3]);
    assert.equal(auditLines(ws)[0].type, 'register');
  });

  it('keeps the artifact inside the run folder and refuses runs that did not complete', async () => {
    const run = await makeRun(ws);
    await assert.rejects(registerRun(store, { run, model: 'churn', artifact: '../../../mlops.yaml' }), {
      kind: 'bad-input',
      message: /not inside the run folder/,
    });
    writeFileSync(join(ws, 'secret.txt'), 'x');
    symlinkSync(join(ws, 'secret.txt'), join(runDirOf(ws, run), 'artifacts', 'link'));
    await assert.rejects(registerRun(store, { run, model: 'churn', artifact: 'artifacts/link' }), {
      message: /links outside the run folder/,
    });
    await assert.rejects(registerRun(store, { run: await makeRun(ws, { status: 'failed' }), model: 'churn' }), {
      message: /is failed; only completed runs/,
    });
    await assert.rejects(registerRun(store, { run, model: 'bad name' }), { kind: 'bad-input' });
    const file = await registerRun(store, { run, model: 'churn', artifact: 'artifacts/model/weights.bin' });
    assert.equal(file.artifact.kind, 'file');
    assert.deepEqual(
      file.artifact.files.map((f) => f.path),
      ['weights.bin'],
    );
  });

  it('entering production archives the previous production version and says which', async () => {
    await register();
    await register();
    await store.transition({ model: 'churn', version: 1, to: stage('production') });
    const moved = await store.transition({ model: 'churn', version: 2, to: stage('production') });
    assert.equal(moved.archived?.version, 1);
    assert.equal(moved.previousStage, null);
    assert.deepEqual(
      (await store.listVersions('churn')).map((v) => v.stage),
      ['archived', 'production'],
    );
    assert.deepEqual(
      moved.events.map((e) => [e.type, e.version, e.details.to]),
      [
        ['transition', 1, 'archived'],
        ['transition', 2, 'production'],
      ],
    );
  });

  it('gives an alias to one version at a time; moving it is an audited transition', async () => {
    await register();
    await register();
    await store.transition({ model: 'churn', version: 1, to: alias('champion') });
    const moved = await store.transition({ model: 'churn', version: 2, to: alias('champion') });
    assert.equal(moved.aliasMovedFrom, 1);
    assert.deepEqual((await store.getModel('churn'))!.aliases, { champion: 2 });
    assert.deepEqual(await store.aliasesOf({ model: 'churn', version: 1 }), []);
    const again = await store.transition({ model: 'churn', version: 2, to: alias('champion') });
    assert.deepEqual(again.events, []);
    const last = auditLines(ws).at(-1)!;
    assert.deepEqual([last.type, last.version, last.details], ['alias', 2, { alias: 'champion', from: 1 }]);
    await store.removeAlias('churn', 'champion');
    assert.deepEqual((await store.getModel('churn'))!.aliases, {});
  });

  it('parses targets: stages, aliases, and refuses reserved or malformed names', () => {
    assert.deepEqual(parseTransitionTarget('production'), stage('production'));
    assert.deepEqual(parseTransitionTarget('challenger'), alias('challenger'));
    assert.throws(() => parseTransitionTarget('latest'), { kind: 'bad-input' });
    assert.throws(() => parseTransitionTarget('no spaces'), { kind: 'bad-input' });
  });

  it('promotion refuses failed gates, needs a reason to override, and audits the override', async () => {
    writeSpec(ws, 'models:\n  churn:\n    gates: ["val_accuracy >= 0.95"]\n');
    await register({ val_accuracy: 0.9 });
    const refused = await promote(store, { model: 'churn', version: 1, to: stage('production') });
    assert.equal(refused.promoted, false);
    assert.equal((await store.getVersion('churn', 1))!.stage, null);
    await assert.rejects(promote(store, { model: 'churn', version: 1, to: stage('production'), force: true }), {
      kind: 'bad-input',
      message: /--reason/,
    });
    const forced = await promote(store, {
      model: 'churn',
      version: 1,
      to: stage('production'),
      force: true,
      reason: 'hotfix for outage',
    });
    assert.equal(forced.promoted && forced.overridden, true);
    const [override, transition] = auditLines(ws).slice(-2);
    assert.deepEqual(
      [override.type, override.details],
      ['override', { to: 'production', reason: 'hotfix for outage', failedRules: ['val_accuracy >= 0.95'] }],
    );
    assert.equal(transition.type, 'transition');
  });

  it('refuses a transition decided on a production version that has since changed', async () => {
    await register();
    await register();
    await store.transition({ model: 'churn', version: 1, to: stage('production') });
    await assert.rejects(
      store.transition({ model: 'churn', version: 2, to: stage('production'), expectProduction: null }),
      { kind: 'conflict' },
    );
  });
});
