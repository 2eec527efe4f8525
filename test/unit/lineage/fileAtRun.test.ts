import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { captureGit } from '../../../src/core/lineage/gitCapture';
import { changedFilesBetweenRuns, fileAtRun } from '../../../src/core/lineage/fileAtRun';
import { loadRunSnapshot } from '../../../src/core/lineage/runSnapshot';
import { diffRuns } from '../../../src/core/lineage/runDiff';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import type { RunRecord } from '../../../src/core/tracking/types';
import { type MlopsError } from '../../../src/core/errors';
import { TempRepo } from './tempRepo';

describe('lineage: files as they were at a run', () => {
  let repo: TempRepo;
  let store: FileRunStore;
  const launch = async (params: Record<string, unknown> = {}): Promise<RunRecord> => {
    const run = await store.createRun({
      experiment: 'mlp',
      command: 'python train.py',
      argv: ['python', 'train.py'],
      shell: false,
      cwd: repo.dir,
      params,
    });
    const gitInfo = await captureGit(repo.dir, { runDir: store.runDir(run.id) });
    return store.updateRun(run.id, { git: gitInfo });
  };

  beforeEach(() => {
    repo = new TempRepo();
    store = new FileRunStore(repo.dir);
  });
  afterEach(() => repo.dispose());

  it('rebuilds a dirty file as commit + patch, binary and odd names included, without touching the working tree', async () => {
    repo.write('train.py', 'lr = 0.1\n');
    repo.write('we[ir]d *name.py', 'a\n');
    repo.write('weights.bin', Buffer.from([1, 2, 3, 0, 4]));
    repo.write('keep.py', 'unchanged\n');
    repo.commitAll('first');
    repo.write('train.py', 'lr = 0.01\n');
    repo.write('we[ir]d *name.py', 'b\n');
    repo.write('weights.bin', Buffer.from([9, 0, 9, 0]));
    repo.write('scratch.py', 'print("untracked")\n');
    const run = await launch();

    repo.write('train.py', 'lr = 0.5  # edited after the run\n');
    const statusBefore = repo.git('status', '--porcelain');

    assert.deepEqual(await fileAtRun(repo.dir, run, 'train.py'), {
      content: Buffer.from('lr = 0.01\n'),
      source: 'commit+patch',
    });
    assert.equal((await fileAtRun(repo.dir, run, 'we[ir]d *name.py')).content!.toString(), 'b\n');
    assert.deepEqual((await fileAtRun(repo.dir, run, 'weights.bin')).content, Buffer.from([9, 0, 9, 0]));
    assert.deepEqual(await fileAtRun(repo.dir, run, 'keep.py'), {
      content: Buffer.from('unchanged\n'),
      source: 'commit',
    });
    assert.deepEqual(await fileAtRun(repo.dir, run, 'scratch.py'), {
      content: Buffer.from('print("untracked")\n'),
      source: 'untracked',
    });
    assert.deepEqual(await fileAtRun(repo.dir, run, 'never.py'), { content: null, source: 'absent' });

    assert.equal(repo.git('status', '--porcelain'), statusBefore);
    assert.equal(readFileSync(repo.path('train.py'), 'utf8'), 'lr = 0.5  # edited after the run\n');
  });

  it('reports a file the patch deleted as absent', async () => {
    repo.write('old.py', 'x\n');
    repo.commitAll('first');
    repo.git('rm', '-q', 'old.py');
    const run = await launch();
    assert.deepEqual(await fileAtRun(repo.dir, run, 'old.py'), { content: null, source: 'absent' });
  });

  it('lists the files that may differ between two runs and diffs their records', async () => {
    repo.write('train.py', 'v1\n');
    repo.write('model.py', 'm1\n');
    repo.commitAll('first');
    const a = await launch({ lr: 0.1 });
    repo.write('model.py', 'm2\n');
    repo.commitAll('second');
    repo.write('train.py', 'v2-dirty\n');
    const b = await launch({ lr: 0.2 });
    assert.deepEqual(await changedFilesBetweenRuns(repo.dir, a, b), ['model.py', 'train.py']);
    const diff = diffRuns(await loadRunSnapshot(repo.dir, a.id), await loadRunSnapshot(repo.dir, b.id));
    assert.deepEqual(diff.params.changed, [{ key: 'lr', from: 0.1, to: 0.2 }]);
    assert.equal(diff.code.sameCommit, false);
    assert.equal(diff.code.dirtyB, true);
  });

  it('says clearly when the recorded commit no longer exists', async () => {
    repo.write('train.py', 'v1\n');
    repo.commitAll('first');
    repo.git('checkout', '-q', '-b', 'experiment');
    repo.write('train.py', 'v2\n');
    repo.commitAll('on a branch that will be deleted');
    const run = await launch();
    repo.git('checkout', '-q', 'main');
    repo.git('branch', '-q', '-D', 'experiment');
    repo.git('reflog', 'expire', '--expire=now', '--all');
    repo.git('gc', '-q', '--prune=now');
    await assert.rejects(fileAtRun(repo.dir, run, 'train.py'), (err: MlopsError) => {
      assert.equal(err.kind, 'not-found');
      assert.match(
        err.message,
        new RegExp(`commit ${run.git!.commit!.slice(0, 12)} of run ${run.id} no longer exists`),
      );
      assert.match(err.hint!, /git fetch origin/);
      return true;
    });
  });

  it('refuses a run launched outside git', async () => {
    const run = await store.createRun({ experiment: 'mlp', command: 'x', argv: ['x'], shell: false, cwd: repo.dir });
    const updated = await store.updateRun(run.id, {
      git: { isRepo: false, commit: null, branch: null, dirty: false, diffSha: null },
    });
    await assert.rejects(fileAtRun(repo.dir, updated, 'train.py'), /was not launched in a git repository/);
  });
});
