import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeClientPath, startNode, startPython, waitFor, type ClientProcess } from './clientProcess';
import { useTempDir } from '../../helpers/tempWorkspace';

/** Points of a series as on disk: whole lines only, as `step:value`. */
function pointsOnDisk(runDir: string, name: string): string[] {
  const file = join(runDir, 'plots/metrics', `${name}.tsv`);
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.pop(); // the text after the last newline is not a whole line
  return lines.slice(1).map((line) => {
    const [, step, value] = line.split('\t');
    return `${step}:${Number(value)}`;
  });
}

function latestOnDisk(runDir: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(join(runDir, 'metrics.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const FIVE = ['0:0', '1:0.5', '2:1', '3:1.5', '4:2'];

describe('logging clients: a logged point is on disk soon after, whatever the script does next', () => {
  const ws = useTempDir();
  let proc: ClientProcess | undefined;
  afterEach(async () => proc?.killHard());

  async function expectFivePointsBeforeKill(runDir: string): Promise<void> {
    const seen = await waitFor(() => pointsOnDisk(runDir, 'loss'), (p) => p.length >= 5);
    assert.deepEqual(seen, FIVE, 'the 5 points were not all on disk within 5 s of being logged');
    const latest = await waitFor(() => latestOnDisk(runDir), (m) => m.loss === 2);
    assert.deepEqual(latest, { loss: 2, step: 4 }, 'metrics.json did not reach the latest point within 5 s');
    await proc!.killHard();
    assert.deepEqual(pointsOnDisk(runDir, 'loss'), FIVE);
  }

  for (const [what, idle] of [
    ['sleeps', 'time.sleep(3600)'],
    ['computes without pause', 'while True:\n    pass'],
  ] as const) {
    it(`Python: 5 points logged, then the script ${what}: all 5 are on disk before a kill -9`, async () => {
      const runDir = join(ws.path, 'run');
      proc = startPython(
        ['import time', 'from mlops_workbench import log_metric', 'for i in range(5):', '    log_metric("loss", i * 0.5)', 'print("logged", flush=True)', idle].join('\n'),
        ws.path,
        { MLOPS_RUN_DIR: runDir },
      );
      await proc.printed('logged');
      await expectFivePointsBeforeKill(runDir);
    });
  }

  it('Node: 5 points logged, then the script idles: points and metrics.json are on disk before a kill -9', async () => {
    const runDir = join(ws.path, 'run');
    proc = startNode(
      `const { logMetric } = require(${JSON.stringify(nodeClientPath)});
       for (let i = 0; i < 5; i++) logMetric('loss', i * 0.5);
       console.log('logged');
       setInterval(() => undefined, 1 << 30);`,
      { MLOPS_RUN_DIR: runDir },
    );
    await proc.printed('logged');
    await expectFivePointsBeforeKill(runDir);
  });

  it('Node: 5 points logged, then the event loop is blocked: all 5 are on disk before a kill -9', async () => {
    const runDir = join(ws.path, 'run');
    proc = startNode(
      `const { logMetric } = require(${JSON.stringify(nodeClientPath)});
       for (let i = 0; i < 5; i++) logMetric('loss', i * 0.5);
       console.log('logged');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);`,
      { MLOPS_RUN_DIR: runDir },
    );
    await proc.printed('logged');
    const seen = await waitFor(() => pointsOnDisk(runDir, 'loss'), (p) => p.length >= 5);
    assert.deepEqual(seen, FIVE, 'the 5 points were not all on disk within 5 s of being logged');
  });

  it('Python: threads logging at once write every point as a whole line', async () => {
    const runDir = join(ws.path, 'run');
    proc = startPython(
      [
        'import threading',
        'from mlops_workbench import log_metric',
        'def work(t):',
        '    for i in range(20000):',
        '        log_metric("shared", t, step=i)',
        '        log_metric("own/t%d" % t, i, step=i)',
        'threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]',
        'for th in threads: th.start()',
        'for th in threads: th.join()',
      ].join('\n'),
      ws.path,
      { MLOPS_RUN_DIR: runDir },
    );
    await new Promise((resolve) => proc!.child.once('exit', resolve));
    assert.equal(proc.child.exitCode, 0);
    const shared = pointsOnDisk(runDir, 'shared');
    assert.equal(shared.length, 80000);
    assert.ok(shared.every((p) => /^\d+:[0-3]$/.test(p)), 'a line of the shared series is torn or mixed');
    for (let t = 0; t < 4; t++) {
      const own = pointsOnDisk(runDir, `own/t${t}`);
      assert.deepEqual(own.slice(0, 3), ['0:0', '1:1', '2:2']);
      assert.equal(own.length, 20000);
    }
  });
});
