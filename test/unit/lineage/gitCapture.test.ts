import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { captureGit } from '../../../src/core/lineage/gitCapture';
import { captureLaunchLineage, dataInputsOf } from '../../../src/core/lineage/launchCapture';
import { TempRepo, tempDir } from './tempRepo';

describe('lineage: captureGit', () => {
  let repo: TempRepo;
  let runDir: string;
  beforeEach(() => {
    repo = new TempRepo();
    runDir = tempDir('lineage-run-');
  });
  afterEach(() => {
    repo.dispose();
    rmSync(runDir, { recursive: true, force: true });
  });

  it('records commit and branch of a clean tree and writes no patch', async () => {
    repo.write('train.py', 'print(1)\n');
    const commit = repo.commitAll('first');
    const info = await captureGit(repo.dir, { runDir });
    assert.equal(info.isRepo, true);
    assert.equal(info.commit, commit);
    assert.equal(info.branch, 'main');
    assert.equal(info.detached, false);
    assert.equal(info.dirty, false);
    assert.equal(info.diffSha, null);
    assert.equal(existsSync(join(runDir, 'diff.patch')), false);
  });

  it('stores staged and unstaged changes, binary included, as a patch with its sha256 and a summary', async () => {
    repo.write('train.py', 'a\nb\n');
    repo.write('model.bin', Buffer.from([0, 1, 2, 3, 255]));
    repo.commitAll('first');
    repo.write('train.py', 'a\nB\nc\n');
    repo.git('add', 'train.py');
    repo.write('train.py', 'a\nB\nc\nd\n');
    repo.write('model.bin', Buffer.from([0, 1, 2, 3, 254, 0]));
    const info = await captureGit(repo.dir, { runDir });
    assert.equal(info.dirty, true);
    const patch = readFileSync(join(runDir, 'diff.patch'));
    assert.equal(info.diffSha, createHash('sha256').update(patch).digest('hex'));
    assert.match(patch.toString(), /\+d\n/);
    assert.match(patch.toString(), /GIT binary patch/);
    assert.deepEqual(info.diffStats, { files: 2, insertions: 3, deletions: 1, binaryFiles: 1, bytes: patch.length });
  });

  it('lists untracked files and copies the small ones under untracked/', async () => {
    repo.write('train.py', 'x\n');
    repo.commitAll('first');
    repo.write('notes/new.py', 'print("new")\n');
    repo.write('big.bin', Buffer.alloc(300 * 1024, 7));
    const info = await captureGit(repo.dir, { runDir });
    assert.equal(info.dirty, true);
    assert.equal(info.diffSha, null, 'no tracked change, so no patch');
    assert.deepEqual(info.untracked?.sort(), ['big.bin', 'notes/new.py']);
    assert.deepEqual(info.untrackedSaved, ['notes/new.py']);
    assert.equal(readFileSync(join(runDir, 'untracked', 'notes', 'new.py'), 'utf8'), 'print("new")\n');
  });

  it('never records the .mlops store folder as untracked', async () => {
    repo.write('train.py', 'x\n');
    repo.commitAll('first');
    repo.write('.mlops/runs/r1/log.txt', 'log\n');
    const info = await captureGit(repo.dir, { runDir });
    assert.equal(info.dirty, false);
    assert.deepEqual(info.untracked, []);
  });

  it('says when HEAD is detached (branch null)', async () => {
    repo.write('a.txt', '1\n');
    const first = repo.commitAll('first');
    repo.write('a.txt', '2\n');
    repo.commitAll('second');
    repo.git('checkout', '-q', '--detach', first);
    const info = await captureGit(repo.dir, { runDir });
    assert.equal(info.commit, first);
    assert.equal(info.branch, null);
    assert.equal(info.detached, true);
  });

  it('works from a subfolder and diffs the whole repository', async () => {
    repo.write('project/train.py', 'x\n');
    repo.write('lib/util.py', 'u\n');
    repo.commitAll('first');
    repo.write('lib/util.py', 'u2\n');
    repo.write('project/.mlops/runs/r1/run.json', '{}');
    const info = await captureGit(repo.path('project'), { runDir });
    assert.equal(info.prefix, 'project/');
    assert.equal(info.dirty, true);
    assert.deepEqual(info.untracked, [], "the workspace's own .mlops folder is not code");
    assert.match(readFileSync(join(runDir, 'diff.patch'), 'utf8'), /lib\/util\.py/);
  });

  it('returns isRepo false outside a repository', async () => {
    const plain = tempDir('lineage-plain-');
    try {
      const info = await captureGit(plain, { runDir });
      assert.deepEqual(info, { isRepo: false, commit: null, branch: null, dirty: false, diffSha: null, remote: null });
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('handles a repository with no commit yet', async () => {
    repo.write('train.py', 'x\n');
    repo.git('add', 'train.py');
    const info = await captureGit(repo.dir, { runDir });
    assert.equal(info.commit, null);
    assert.equal(info.branch, 'main');
    assert.equal(info.dirty, true);
    assert.match(readFileSync(join(runDir, 'diff.patch'), 'utf8'), /new file mode/);
  });

  it('strips credentials from the remote URL', async () => {
    repo.git('remote', 'add', 'origin', 'https://user:s3cret@example.com/org/repo.git?token=abc');
    const info = await captureGit(repo.dir, { runDir });
    assert.equal(info.remote, 'https://example.com/org/repo.git');
  });

  it('records a shallow clone and submodule commits', async () => {
    const sub = new TempRepo();
    const clone = tempDir('lineage-clone-');
    try {
      sub.write('lib.py', 'v1\n');
      const subCommit = sub.commitAll('sub');
      repo.write('a.txt', '1\n');
      repo.commitAll('first');
      repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'vendor/lib');
      repo.commitAll('add submodule');
      repo.write('a.txt', '2\n');
      repo.commitAll('second');
      repo.gitIn(clone, 'clone', '-q', '--depth', '1', `file://${repo.dir}`, 'c');
      const shallow = await captureGit(join(clone, 'c'), { runDir });
      assert.equal(shallow.shallow, true);
      assert.deepEqual(shallow.submodules, [{ path: 'vendor/lib', commit: subCommit, state: 'uninitialized' }]);
      const full = await captureGit(repo.dir, { runDir });
      assert.equal(full.shallow, false);
      assert.deepEqual(full.submodules, [{ path: 'vendor/lib', commit: subCommit, state: 'in-sync' }]);
    } finally {
      sub.dispose();
      rmSync(clone, { recursive: true, force: true });
    }
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(captureGit(repo.dir, { runDir, signal: controller.signal }), { name: 'CancelledError' });
  });
});

describe('lineage: captureLaunchLineage', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
    repo.write('train.py', 'x\n');
    repo.write('data/train.csv', 'a\n1\n');
    repo.write('data/test.csv', 'a\n2\n');
    repo.commitAll('first');
  });
  afterEach(() => repo.dispose());

  it('records code, data with their purpose, and environment together', async () => {
    repo.write('train.py', 'y\n');
    const runDir = repo.path('.mlops/runs/r1');
    const spec = { data: { train: 'data/train.csv', test: 'data/test.csv', label: 'a' } };
    const lineage = await captureLaunchLineage(repo.dir, { runDir, data: dataInputsOf(spec) });
    assert.equal(lineage.git.dirty, true);
    assert.ok(existsSync(join(runDir, 'diff.patch')));
    assert.deepEqual(
      lineage.data.map((d) => [d.path, d.purpose]),
      [
        ['data/train.csv', 'train'],
        ['data/test.csv', 'eval'],
      ],
    );
    assert.equal(lineage.env.node, process.version);
  });

  it('refuses a missing data path before writing anything', async () => {
    repo.write('train.py', 'y\n');
    const runDir = repo.path('.mlops/runs/r2');
    await assert.rejects(
      captureLaunchLineage(repo.dir, { runDir, data: ['data/train.csv', 'data/missing.csv'] }),
      /data path not found: data\/missing\.csv/,
    );
    assert.equal(existsSync(runDir), false);
  });
});
