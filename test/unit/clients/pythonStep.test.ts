import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readMetricSeries } from '../../../src/core/tracking/metricTail';
import { useTempDir } from '../../helpers/tempWorkspace';
import { pythonClientDir } from './clientProcess';

const exec = promisify(execFile);

describe('Python client: steps are written as the metric line grammar reads them', () => {
  const ws = useTempDir();
  const python = (script: string) =>
    exec('python3', ['-c', script], { cwd: ws.path, env: { ...process.env, PYTHONPATH: pythonClientDir, MLOPS_RUN_DIR: '', MLOPS_WORKSPACE: ws.path } });

  it('writes a whole float step (2.0) as an integer, so the reader keeps the point', async () => {
    await python('from mlops_workbench import log_metric\nlog_metric("loss", 0.5, step=2.0)\nlog_metric("loss", 0.25, step=3)');
    const [runId] = readdirSync(join(ws.path, '.mlops/runs'));
    const series = await readMetricSeries(join(ws.path, '.mlops/runs', runId, 'plots/metrics/loss.tsv'), 'loss');
    assert.deepEqual(series.points.map((p) => p.step), [2, 3]);
    assert.equal(series.skipped, 0);
  });

  it('refuses a fractional or boolean step with a ValueError instead of writing a line readers would skip', async () => {
    const { stdout } = await python(
      [
        'from mlops_workbench import log_metric',
        'for step in (1.5, True):',
        '    try:',
        '        log_metric("loss", 0.5, step=step)',
        '    except ValueError as e:',
        '        print("refused", step)',
      ].join('\n'),
    );
    assert.deepEqual(stdout.trim().split('\n'), ['refused 1.5', 'refused True']);
    for (const id of readdirSync(join(ws.path, '.mlops/runs'))) {
      const tsv = join(ws.path, '.mlops/runs', id, 'plots/metrics/loss.tsv');
      let text = '';
      try {
        text = readFileSync(tsv, 'utf8');
      } catch {
        continue;
      }
      assert.equal(text.trim().split('\n').length, 1, `only the header: ${text}`);
    }
  });
});
