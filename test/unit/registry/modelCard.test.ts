import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { lineageCommand } from '../../../src/cli/commands/lineage';
import { modelsCommand } from '../../../src/cli/commands/models';
import { promoteCommand } from '../../../src/cli/commands/promote';
import { registerCommand } from '../../../src/cli/commands/register';
import type { LineageGraphJson } from '../../../src/core/lineage/graph';
import { FileRegistryStore } from '../../../src/core/registry/fileRegistryStore';
import { metricsDiffMarkdown } from '../../../src/core/registry/metricsDiff';
import { renderModelCard } from '../../../src/core/registry/modelCard';
import { modelCardFacts } from '../../../src/core/registry/modelCardFacts';
import { loadSpec } from '../../../src/core/spec/loadSpec';
import { cliContext, makeRun, tempWorkspace, writeSpec } from './fixtures';

describe('registry: CLI listing, lineage and the model card', () => {
  let ws: string;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('register → promote → models lists stages, aliases and key metrics; lineage finds model:version', async () => {
    writeSpec(
      ws,
      'experiments:\n  churn-tfjs:\n    command: [python, t.py]\n    metric: {name: val_accuracy, goal: maximize}\nmodels:\n  churn:\n    experiment: churn-tfjs\n    gates: ["val_accuracy >= 0.8"]\n',
    );
    const run1 = await makeRun(ws, { metrics: { val_accuracy: 0.82 } });
    const run2 = await makeRun(ws, { metrics: { val_accuracy: 0.88 } });
    await registerCommand.run(cliContext(ws, [run1], { model: 'churn' }));
    await registerCommand.run(cliContext(ws, [run2], { model: 'churn' }));
    assert.equal((await promoteCommand.run(cliContext(ws, ['churn', '1'], { to: 'production' }))).exitCode, undefined);
    const second = await promoteCommand.run({ ...cliContext(ws, ['churn', '2'], { to: 'production' }), json: false });
    assert.match(second.text!, /archived churn:1 \(was production\)/);
    await promoteCommand.run(cliContext(ws, ['churn:1'], { to: 'challenger' }));
    const listed = await modelsCommand.run({ ...cliContext(ws, ['churn']), json: false });
    const lines = listed.text!.split('\n');
    assert.match(lines[0], /^VERSION\s+STAGE\/ALIASES\s+RUN.*VAL_ACCURACY/);
    assert.match(lines[1], /^2\s+production\s/);
    assert.match(lines[1], /\s0\.88\s+0\.2$/);
    assert.match(lines[2], /^1\s+archived @challenger\s/);
    const all = (await modelsCommand.run(cliContext(ws, []))).json as Array<{ name: string; production: number }>;
    assert.deepEqual(
      all.map((m) => [m.name, m.production]),
      [['churn', 2]],
    );
    const graph = (await lineageCommand.run(cliContext(ws, ['churn:2']))).json as LineageGraphJson;
    assert.equal(graph.root, 'model:churn:2');
    assert.ok(graph.nodes.some((n) => n.id === `run:${run2}`));
    const byAlias = (await lineageCommand.run(cliContext(ws, ['churn@challenger']))).json as LineageGraphJson;
    assert.equal(byAlias.root, 'model:churn:1');
  });

  it('writes a card from recorded facts only, saying what is not declared', async () => {
    writeSpec(
      ws,
      'models:\n  churn:\n    description: Predicts churn\n    gates: ["val_accuracy >= 0.95", "lineage.clean == true"]\n',
    );
    const store = new FileRegistryStore(ws);
    const run = await makeRun(ws, {
      metrics: { val_accuracy: 0.9 },
      data: [{ path: 'data/train.csv', sha256: 'ab'.repeat(32), bytes: 1234 }],
    });
    await registerCommand.run(cliContext(ws, [run], { model: 'churn' }));
    await promoteCommand.run(cliContext(ws, ['churn', '1'], { to: 'staging', reason: 'smoke test' }, ['force']));
    const spec = (await loadSpec(ws)).spec;
    const card = renderModelCard(await modelCardFacts(store, { model: 'churn', version: 1, spec }));
    assert.match(card, /^# Model card: churn v1/);
    assert.match(card, /## Description\nPredicts churn/);
    assert.match(card, /## Intended use\n_Not declared \(add models\.churn\.intendedUse to mlops\.yaml\)\._/);
    assert.match(card, /\| data\/train\.csv \| `abababababab` \| 1234 \|/);
    assert.match(card, /\| val_accuracy \| 0\.9 \|/);
    assert.match(card, /\*\*1 of 2 gates hold\*\*/);
    assert.match(card, /\*\*✗ fails:\*\* `val_accuracy >= 0\.95` — val_accuracy = 0\.9/);
    assert.match(card, /✓ holds: `lineage\.clean == true`/);
    assert.match(card, /_No drift has been computed for this version\._/);
    assert.match(card, /\*\*gates overridden\*\* for staging: “smoke test”/);
    assert.match(card, /\| age \| number \| range 18 … 90 \|/);
    // No evaluation recorded: the card says so instead of inventing fairness or importance figures.
    assert.match(card, /## Evaluation\n\*\*Not evaluated\.\*\* No evaluation is recorded for this version/);
    assert.doesNotMatch(card, /demographic parity|mean drop/i);
  });

  it('tables metric changes against production', async () => {
    const store = new FileRegistryStore(ws);
    await registerCommand.run(cliContext(ws, [await makeRun(ws, { metrics: { val_accuracy: 0.8 } })], { model: 'm' }));
    await registerCommand.run(
      cliContext(ws, [await makeRun(ws, { metrics: { val_accuracy: 0.85, f1: 0.7 } })], { model: 'm' }),
    );
    const md = metricsDiffMarkdown((await store.getVersion('m', 2))!, (await store.getVersion('m', 1))!);
    assert.match(md, /\| val_accuracy \| 0\.8 \| 0\.85 \| \+0\.05 \|/);
    assert.match(md, /\| f1 \| — \| 0\.7 \| {2}\|/);
  });
});
