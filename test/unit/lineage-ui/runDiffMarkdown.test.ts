import { strict as assert } from 'node:assert';
import { diffRuns } from '../../../src/core/lineage/runDiff';
import { presentContent, MAX_SHOWN_BYTES } from '../../../src/extension/lineage/fileContent';
import { renderRunDiffMarkdown, type CodeFiles } from '../../../src/extension/lineage/runDiffMarkdown';
import { gitAt, run, sha } from './fixtures';

const noCode: CodeFiles = { files: [], error: null, omitted: 0, patches: [null, null] };

function snapshots() {
  const a = run('01A', {
    git: gitAt(sha('a')),
    data: [
      { path: 'data/train.csv', sha256: sha('1'), bytes: 2048 },
      { path: 'data/test.csv', sha256: sha('3'), bytes: 10 },
    ],
  });
  const b = run('01B', {
    git: gitAt(sha('b'), { dirty: true, diffSha: sha('d') }),
    data: [
      { path: 'data/train.csv', sha256: sha('2'), bytes: 4096 },
      { path: 'data/test.csv', sha256: sha('3'), bytes: 10 },
    ],
  });
  a.env = { python: '3.11.2', packages: 'numpy==1.26.0\nscipy==1.11.0\nrequests==2.0.0' };
  b.env = { python: '3.11.2', packages: 'numpy==2.0.1\nscipy==1.11.0\npandas==2.2.0' };
  return {
    a: { record: a, params: { lr: 0.1, epochs: 5, opt: { name: 'adam' } } },
    b: { record: b, params: { lr: 0.01, epochs: 5, batch: 32 } },
  };
}

describe('Compare code/data/params: the summary', () => {
  it('lists changed, added and removed params, the data input that changed version, and package upgrades', () => {
    const { a, b } = snapshots();
    const md = renderRunDiffMarkdown(
      diffRuns(a, b),
      { id: '01A', experiment: 'churn' },
      { id: '01B', experiment: 'churn' },
      { ...noCode, files: ['train.py'] },
    );
    assert.match(md, /1 changed, 1 added, 1 removed, 1 unchanged/);
    assert.match(md, /\| `lr` \| `0.1` \| `0.01` \|/);
    assert.match(md, /\| `batch` \| — \| `32` \|/);
    assert.match(md, /\| `opt.name` \| `adam` \| — \|/);
    assert.match(md, /\| `data\/train.csv` \| input \| `111111111111` 2.0 KiB \| `222222222222` 4.0 KiB \|/);
    assert.doesNotMatch(md, /data\/test.csv/, 'an input with the same hash is not listed');
    assert.match(md, /Packages: 1 upgraded, 0 downgraded, 0 changed, 1 added, 1 removed/);
    assert.match(md, /\| `numpy` ↑ \| `1.26.0` \| `2.0.1` \|/);
    assert.match(md, /Commit `aaaaaaaaaaaa` → `bbbbbbbbbbbb`/);
    assert.match(md, /A clean, B dirty \(different patches\)/);
    assert.match(md, /1 file\(s\) may differ/);
    assert.match(md, /- `train.py`/);
  });

  it('says when the code cannot be compared (a commit that no longer exists) and when it was identical', () => {
    const { a, b } = snapshots();
    const gone = renderRunDiffMarkdown(
      diffRuns(a, b),
      { id: '01A', experiment: 'churn' },
      { id: '01B', experiment: 'churn' },
      { ...noCode, files: null, error: 'commit aaaaaaaaaaaa of run 01A no longer exists in this repository' },
    );
    assert.match(
      gone,
      /\*\*The code cannot be compared:\*\* commit aaaaaaaaaaaa of run 01A no longer exists in this repository/,
    );
    const same = renderRunDiffMarkdown(
      diffRuns(a, a),
      { id: '01A', experiment: 'churn' },
      { id: '01A', experiment: 'churn' },
      noCode,
    );
    assert.match(same, /Same params \(3\)/);
    assert.match(same, /Same data versions/);
    assert.match(same, /The code was identical/);
  });

  it('notes binary files in a patch, and runs launched outside git', () => {
    const { a, b } = snapshots();
    const md = renderRunDiffMarkdown(
      diffRuns(a, b),
      { id: '01A', experiment: 'x' },
      { id: '01B', experiment: 'x' },
      { ...noCode, patches: [null, { run: '01B', bytes: 52_428_800, files: 3, binaryFiles: 1 }] },
    );
    assert.match(md, /Run B's patch \(50 MiB, 3 files\) holds 1 binary file\(s\)/);
    a.record.git = null;
    assert.match(
      renderRunDiffMarkdown(diffRuns(a, b), { id: '01A', experiment: 'x' }, { id: '01B', experiment: 'x' }, noCode),
      /was not launched inside a git repository/,
    );
  });
});

describe('Compare code/data/params: file contents in the diff editor', () => {
  it('shows text as it is, and a binary or huge file as one line with its size and sha256', () => {
    assert.equal(presentContent('a.py', Buffer.from('x = 1\n'), 'commit'), 'x = 1\n');
    assert.equal(presentContent('gone.py', null, 'absent'), '');
    assert.match(
      presentContent('w.bin', Buffer.from([1, 0, 2]), 'commit+patch'),
      /^\[binary file w\.bin: 3 B, sha256 [0-9a-f]{64}; not shown inline \(commit\+patch\)\]\n$/,
    );
    assert.match(
      presentContent('big.csv', Buffer.alloc(MAX_SHOWN_BYTES + 1, 97), 'commit'),
      /^\[large file big\.csv: 5\.0 MiB, sha256 /,
    );
  });
});
