import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { useTempDir } from '../../helpers/tempWorkspace';
import { nodeClientPath, pythonClientDir, repo } from './clientProcess';

const exec = promisify(execFile);

describe('logging clients: one run per script, ended with a status, named and tagged', () => {
  const ws = useTempDir();

  const python = (script: string, env: NodeJS.ProcessEnv = {}) =>
    exec('python3', ['-c', script], { cwd: ws.path, env: { ...process.env, PYTHONPATH: pythonClientDir, MLOPS_RUN_DIR: '', MLOPS_WORKSPACE: ws.path, ...env } });
  const node = (script: string, env: NodeJS.ProcessEnv = {}) =>
    exec(process.execPath, ['-r', 'tsx/cjs', '-e', `const c = require(${JSON.stringify(nodeClientPath)});\n${script}`], {
      cwd: repo,
      env: { ...process.env, MLOPS_RUN_DIR: '', MLOPS_WORKSPACE: ws.path, ...env },
    });
  const runRecords = (): Array<Record<string, unknown>> =>
    readdirSync(join(ws.path, '.mlops/runs'))
      .sort()
      .map((id) => JSON.parse(readFileSync(join(ws.path, '.mlops/runs', id, 'run.json'), 'utf8')) as Record<string, unknown>);

  it('Python: `with Run()` binds the module functions, so the script makes one run', async () => {
    await python(
      [
        'from mlops_workbench import Run, log_metric, log_params',
        'with Run(experiment="ctx") as run:',
        '    log_params({"lr": 0.1})',
        '    log_metric("loss", 0.5)',
        '    run.log_metric("loss", 0.25)',
      ].join('\n'),
    );
    const rows = await new FileRunStore(ws.path).listRuns();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].experiment, 'ctx');
    assert.equal(rows[0].status, 'completed');
    assert.deepEqual(rows[0].params, { lr: 0.1 });
    assert.deepEqual(rows[0].metrics, { loss: 0.25 });
  });

  it('Python: end_run(status) records the status; logging afterwards starts a new run', async () => {
    await python(
      [
        'from mlops_workbench import end_run, log_metric, start_run',
        'log_metric("loss", 1.0)',
        'end_run("failed")',
        'start_run(name="second")',
        'log_metric("loss", 0.5)',
        'end_run()',
      ].join('\n'),
    );
    const [first, second] = runRecords();
    assert.equal(first.status, 'failed');
    assert.equal(first.exitCode, 1);
    assert.ok(first.endedAt);
    assert.equal(second.status, 'completed');
    assert.equal(second.name, 'second');
  });

  it('Python: Run.end_run rejects a status that is not a run status', async () => {
    const { stdout } = await python(
      ['from mlops_workbench import Run', 'run = Run()', 'try:', '    run.end_run("done")', 'except ValueError as e:', '    print(e)', 'run.end_run("killed")'].join('\n'),
    );
    assert.match(stdout, /'done' is not a run status/);
    assert.equal(runRecords()[0].status, 'killed');
  });

  it('Python: a standalone run records its name and tags in run.json, and the store lists the tags', async () => {
    await python(
      ['from mlops_workbench import Run, set_tags', 'with Run(name="baseline", tags={"team": "vision", "seed": 3}):', '    set_tags({"stage": "tuned", "ok": True})'].join('\n'),
    );
    const [record] = runRecords();
    assert.equal(record.name, 'baseline');
    assert.deepEqual(record.tags, { team: 'vision', seed: '3', stage: 'tuned', ok: 'true' });
    const [row] = await new FileRunStore(ws.path).listRuns();
    assert.deepEqual(row.tags, { team: 'vision', seed: '3', stage: 'tuned', ok: 'true' });
  });

  it("Python under the runner: name and tags are merged into the runner's run.json, the rest is kept", async () => {
    const store = new FileRunStore(ws.path);
    const created = await store.createRun({ experiment: 'mlp', command: 'python train.py', argv: ['python', 'train.py'], shell: false, cwd: ws.path, status: 'running', tags: { from: 'spec' } });
    const runDir = store.runDir(created.id);
    await python('from mlops_workbench import Run, log_metric\nwith Run(name="lr-0.1", tags={"team": "nlp"}):\n    log_metric("loss", 1)', {
      MLOPS_RUN_DIR: runDir,
      MLOPS_RUN_ID: created.id,
    });
    const record = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(record.name, 'lr-0.1');
    assert.deepEqual(record.tags, { from: 'spec', team: 'nlp' });
    assert.equal(record.status, 'running', 'the runner, not the client, settles a supervised run');
    assert.equal(record.command, 'python train.py');
    assert.equal(readdirSync(join(ws.path, '.mlops/runs')).length, 1);
  });

  it('Node: startRun binds the module functions; endRun records the status, name and tags', async () => {
    await node(
      [
        "const run = c.startRun({ experiment: 'ctx', name: 'baseline', tags: { team: 'vision' } });",
        "c.logMetric('loss', 0.5);",
        "run.logMetric('loss', 0.25);",
        "c.setTags({ seed: 3 });",
        "c.endRun('failed');",
        "c.logMetric('loss', 0.1);",
      ].join('\n'),
    );
    const [first, second] = runRecords();
    assert.equal(first.experiment, 'ctx');
    assert.equal(first.name, 'baseline');
    assert.deepEqual(first.tags, { team: 'vision', seed: '3' });
    assert.equal(first.status, 'failed');
    assert.equal(second.status, 'completed');
    const rows = await new FileRunStore(ws.path).listRuns();
    assert.deepEqual(rows.find((r) => r.id === first.id)?.metrics, { loss: 0.25 });
  });
});
