import { strict as assert } from 'node:assert';
import { existsSync, lstatSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { captureGit } from '../../../src/core/lineage/gitCapture';
import { hashInputs } from '../../../src/core/lineage/dataHashing';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import type { RunRecord } from '../../../src/core/tracking/types';
import { checkReproduction, compareWithRecord } from '../../../src/extension/lineage/reproduce/reproCheck';
import { CONTINUE, reproPrompt, WORKTREE } from '../../../src/extension/lineage/reproduce/reproPrompt';
import { createRunWorktree, removeRunWorktree } from '../../../src/extension/lineage/reproduce/worktree';
import { TempRepo, tempDir } from '../lineage/tempRepo';
import { gitAt, run, sha } from './fixtures';

describe('Reproduce run: what differs from the record', () => {
  it('names the commit, uncommitted changes, untracked files and data that differ', () => {
    const record = run('01R', {
      git: gitAt(sha('a'), {
        dirty: true,
        diffSha: sha('d'),
        diffStats: { files: 2, insertions: 3, deletions: 1, binaryFiles: 0, bytes: 300 },
        untracked: ['notes.txt'],
      }),
      data: [
        { path: 'data/train.csv', sha256: sha('1'), bytes: 2048 },
        { path: 'data/gone.csv', sha256: sha('2'), bytes: 10 },
        { path: 'model.bin', sha256: sha('9'), bytes: 1, role: 'output' },
      ],
    });
    const check = compareWithRecord(record, {
      git: gitAt(sha('b'), { branch: 'feature', untracked: ['scratch.py'] }),
      commitExists: true,
      data: [
        { path: 'data/train.csv', now: { sha256: sha('3'), bytes: 4096 } },
        { path: 'data/gone.csv', now: null, error: 'data path not found: data/gone.csv' },
      ],
    });
    assert.deepEqual(
      check.differences.map((d) => d.kind),
      ['commit', 'uncommitted', 'untracked', 'data-changed', 'data-missing'],
    );
    assert.equal(
      check.differences[0].message,
      'Commit: the run used aaaaaaaaaa on main; the workspace is at bbbbbbbbbb on feature.',
    );
    assert.equal(
      check.differences[1].message,
      'Uncommitted changes: the run had uncommitted changes in 2 files; the workspace has none.',
    );
    assert.equal(
      check.differences[2].message,
      'Untracked files new since the run: scratch.py; gone since the run: notes.txt.',
    );
    assert.match(
      check.differences[3].message,
      /^Data data\/train.csv changed: the run read @111111111111 \(2.0 KiB\); it is now @333333333333 \(4.0 KiB\)\.$/,
    );
    assert.ok(check.worktreePossible);
    const prompt = reproPrompt(record, check)!;
    assert.deepEqual(prompt.choices, [CONTINUE, WORKTREE]);
    assert.match(prompt.detail, /• Commit: the run used/);
    assert.match(prompt.message, /was made from other code than the workspace has now/);
  });

  it('asks nothing when nothing differs, and offers no worktree when only data differs or the commit is gone', () => {
    const record = run('01R', { git: gitAt(sha('a')), data: [{ path: 'd.csv', sha256: sha('1'), bytes: 1 }] });
    const same = compareWithRecord(record, {
      git: gitAt(sha('a')),
      commitExists: true,
      data: [{ path: 'd.csv', now: { sha256: sha('1'), bytes: 1 } }],
    });
    assert.equal(reproPrompt(record, same), null);
    const dataOnly = compareWithRecord(record, {
      git: gitAt(sha('a')),
      commitExists: true,
      data: [{ path: 'd.csv', now: { sha256: sha('2'), bytes: 1 } }],
    });
    assert.deepEqual(reproPrompt(record, dataOnly)!.choices, [CONTINUE]);
    const gone = compareWithRecord(record, {
      git: gitAt(sha('b')),
      commitExists: false,
      data: [{ path: 'd.csv', now: { sha256: sha('1'), bytes: 1 } }],
    });
    assert.deepEqual(
      gone.differences.map((d) => d.kind),
      ['commit', 'commit-missing'],
    );
    assert.deepEqual(reproPrompt(record, gone)!.choices, [CONTINUE]);
  });
});

describe('Reproduce run: against a real repository', () => {
  let repo: TempRepo;
  let store: FileRunStore;
  let worktrees: string;

  beforeEach(() => {
    repo = new TempRepo();
    store = new FileRunStore(repo.dir);
    worktrees = tempDir('mlops-worktrees-');
    repo.write('.gitignore', '.mlops/\ndata/\n');
    repo.write('train.py', 'lr = 0.1\n');
    repo.write('data/train.csv', 'a,b\n1,2\n');
    repo.commitAll('first');
  });
  afterEach(() => {
    repo.dispose();
    rmSync(worktrees, { recursive: true, force: true });
  });

  async function launch(): Promise<RunRecord> {
    const created = await store.createRun({
      experiment: 'mlp',
      command: 'python train.py',
      argv: ['python', 'train.py'],
      shell: false,
      cwd: repo.dir,
    });
    const git = await captureGit(repo.dir, { runDir: store.runDir(created.id) });
    const data = await hashInputs(repo.dir, ['data/train.csv'], { cache: false });
    return store.updateRun(created.id, { git, data });
  }

  it('sees a new commit, a dirty tree and changed data since the run', async () => {
    const record = await launch();
    assert.deepEqual((await checkReproduction(repo.dir, record)).differences, []);
    repo.write('train.py', 'lr = 0.2\n');
    repo.commitAll('second');
    repo.write('train.py', 'lr = 0.3\n');
    repo.write('data/train.csv', 'a,b\n1,2\n3,4\n');
    const kinds = (await checkReproduction(repo.dir, record)).differences.map((d) => d.kind);
    assert.deepEqual(kinds, ['commit', 'uncommitted', 'data-changed']);
  });

  it("restores the run's commit, patch and untracked copies in a worktree, links the data, and leaves the working tree alone", async () => {
    repo.write('train.py', 'lr = 0.5  # dirty at launch\n');
    repo.write('helper.py', 'HELP = 1\n');
    const record = await launch();
    assert.ok(record.git?.dirty && record.git.untrackedSaved?.includes('helper.py'));
    repo.write('train.py', 'lr = 0.9  # later\n');
    rmSync(repo.path('helper.py'));
    const before = repo.git('status', '--porcelain');
    const head = repo.git('rev-parse', 'HEAD');

    const tree = await createRunWorktree(repo.dir, record, worktrees);
    try {
      assert.equal(readFileSync(join(tree.workspace, 'train.py'), 'utf8'), 'lr = 0.5  # dirty at launch\n');
      assert.equal(readFileSync(join(tree.workspace, 'helper.py'), 'utf8'), 'HELP = 1\n');
      assert.deepEqual(tree.linkedData, ['data/train.csv']);
      assert.ok(lstatSync(join(tree.workspace, 'data/train.csv')).isSymbolicLink());
      assert.equal(
        readFileSync(repo.path('train.py'), 'utf8'),
        'lr = 0.9  # later\n',
        "the working tree keeps the user's edit",
      );
      assert.equal(repo.git('status', '--porcelain'), before);
      assert.equal(repo.git('rev-parse', 'HEAD'), head);
    } finally {
      await removeRunWorktree(repo.dir, tree.root);
    }
    assert.ok(!existsSync(tree.root));
    assert.doesNotMatch(repo.git('worktree', 'list'), new RegExp(tree.root));
  });
});
