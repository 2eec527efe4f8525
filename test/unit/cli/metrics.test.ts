import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { metricsCommand } from '../../../src/cli/commands/metrics';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { runPaths } from '../../../src/core/store/layout';
import { useTempDir } from '../../helpers/tempWorkspace';
import { cliContext } from './cliContext';

const POINTS = 2_700_000;

async function writeSeries(path: string, points: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('timestamp\tstep\tloss\n');
  const t0 = 1_700_000_000_000;
  for (let start = 0; start < points; start += 100_000) {
    const lines: string[] = [];
    for (let step = start; step < Math.min(points, start + 100_000); step++)
      lines.push(`${t0 + step}\t${step}\t${(1 / (step + 1)).toPrecision(6)}\n`);
    if (!out.write(lines.join(''))) await once(out, 'drain');
  }
  out.end();
  await finished(out);
}

/** Checks the streamed JSON line by line, so the test never holds the whole document either. */
class JsonArrayChecker extends Writable {
  pending = '';
  lines = 0;
  points = 0;
  first: unknown;
  last: unknown;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    const parts = (this.pending + chunk.toString('utf8')).split('\n');
    this.pending = parts.pop()!;
    for (const line of parts) this.line(line);
    done();
  }
  line(text: string) {
    this.lines++;
    const body = text.trim().replace(/,$/, '');
    if (!body.startsWith('{')) return;
    const point = JSON.parse(body);
    this.first ??= point;
    this.last = point;
    this.points++;
  }
}

describe('cli: mlops metrics on a long series', function () {
  this.timeout(180_000);
  const tmp = useTempDir('mlops-cli-metrics-');
  let runId: string;

  beforeEach(async () => {
    const store = new FileRunStore(tmp.path);
    const run = await store.createRun({ experiment: 'long', command: 'x', argv: ['x'], shell: false, cwd: tmp.path });
    runId = run.id;
    const plots = runPaths(store.runDir(run.id)).plots;
    await mkdir(plots, { recursive: true });
    await writeSeries(join(plots, 'loss.tsv'), POINTS);
  });

  it('prints the head and tail of a 2.7M-point series as text, with the count', async () => {
    const result = await metricsCommand.run(cliContext(metricsCommand, tmp.path, [runId, 'loss']));
    const lines = result.text!.split('\n');
    assert.match(lines[0], /^loss \(2700000 points, showing the first 10 and last 10/);
    assert.ok(lines.length <= 23, `${lines.length} lines`);
    assert.match(lines[2], /^0\s+1\s/);
    assert.ok(lines.some((l) => /^… 2699980 more/.test(l)));
    assert.match(lines.at(-1)!, /^2699999\s/);
  });

  it('streams every point of a 2.7M-point series as JSON', async () => {
    const ctx = cliContext(metricsCommand, tmp.path, [runId, 'loss', '--json']);
    const result = await metricsCommand.run(ctx);
    assert.ok(result.streamJson, 'the JSON is streamed, not built in memory');
    const checker = new JsonArrayChecker();
    await result.streamJson!(checker);
    checker.end();
    await finished(checker);
    if (checker.pending) checker.line(checker.pending);
    assert.equal(checker.points, POINTS);
    assert.deepEqual(checker.first, { step: 0, timestamp: 1_700_000_000_000, value: 1 });
    assert.equal((checker.last as { step: number }).step, POINTS - 1);
  });
});
