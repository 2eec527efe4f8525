/**
 * What reading a running script's TensorBoard event files costs the backend, per poll (every 3 s by default):
 *   npx tsx test/bench/import/liveTensorboard.bench.ts [folders] [points]
 * A working folder of `folders` empty subfolders (a dataset tree, say) and one log folder whose event file is copied
 * in 20 pieces; each piece is followed by one poll of a TensorboardFollower that lives across polls, as in the
 * supervisor. Reported: the median poll with a search of the tree, the median poll between searches (only the known
 * folders listed), the share of polls that searched, and the time of one import of the whole file at the end (peer).
 */
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { TensorboardFollower } from '../../../src/backend/runs/tensorboardPickup';

const folders = Number(process.argv[2] ?? 2000);
const points = Number(process.argv[3] ?? 20_000);
const root = mkdtempSync(join(tmpdir(), 'mlops-live-tb-'));
const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);

async function main(): Promise<void> {
  try {
    const source = join(root, 'source');
    execFileSync('python3', [
      '-c',
      `from tensorboardX import SummaryWriter
w = SummaryWriter(${JSON.stringify(source)})
for s in range(${points} // 4):
    for t in ("loss", "acc", "lr", "grad_norm"):
        w.add_scalar(t, s * 0.001, s)
w.close()`,
    ]);
    const file = readdirSync(source)[0];
    const bytes = readFileSync(join(source, file));
    const cwd = join(root, 'work');
    for (let i = 0; i < folders; i++)
      mkdirSync(join(cwd, 'data', `shard-${Math.floor(i / 100)}`, `part-${i}`), { recursive: true });
    mkdirSync(join(cwd, 'runs/live'), { recursive: true });
    const started = Date.now() - 1000;
    const follower = new TensorboardFollower(cwd, join(root, 'run'), started);
    const searched: number[] = [];
    const listed: number[] = [];
    const pieces = 20;
    for (let k = 0; k < pieces; k++) {
      appendFileSync(
        join(cwd, 'runs/live', file),
        bytes.subarray(Math.floor((k * bytes.length) / pieces), Math.floor(((k + 1) * bytes.length) / pieces)),
      );
      const searchDue = (follower as unknown as { nextSearchAt: number }).nextSearchAt <= Date.now();
      const t = performance.now();
      await follower.poll();
      (searchDue ? searched : listed).push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
    const end = await follower.finish();
    const peerRoot = join(root, 'peer');
    mkdirSync(join(peerRoot, 'runs/live'), { recursive: true });
    appendFileSync(join(peerRoot, 'runs/live', file), bytes);
    const t = performance.now();
    const once = await new TensorboardFollower(peerRoot, join(root, 'peer-run'), started).finish();
    const onceMs = performance.now() - t;
    console.log(
      `working folder: ${folders} folders; event file ${(bytes.length / 1e6).toFixed(2)} MB, ${end.points} points (one read at the end: ${once.points})`,
    );
    console.log(
      `poll with a search: median ${median(searched).toFixed(1)} ms (${searched.length} of ${pieces}); between searches: median ${median(listed).toFixed(1)} ms (${listed.length})`,
    );
    console.log(`one import of the whole file at the end (peer): ${onceMs.toFixed(0)} ms`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
