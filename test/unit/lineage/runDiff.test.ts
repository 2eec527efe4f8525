import { strict as assert } from 'node:assert';
import { diffRuns } from '../../../src/core/lineage/runDiff';
import { compareVersions } from '../../../src/core/lineage/packageVersions';
import { git, runRecord, sha } from './runFixtures';

describe('lineage: diffRuns', () => {
  const a = {
    record: runRecord('01A', {
      git: git('c1'.repeat(20), { dirty: true, diffSha: sha('p') }),
      data: [
        { path: 'data/train.csv', sha256: sha('1'), bytes: 10, role: 'input' },
        { path: 'data/test.csv', sha256: sha('t'), bytes: 5, role: 'input' },
        { path: 'data/old.csv', sha256: sha('o'), bytes: 1, role: 'input' },
      ],
      env: {
        python: '3.11.2',
        node: 'v20.1.0',
        packages: 'numpy==1.26.4\nscipy==1.11.0\nTorch==2.3.0\nrequests==2.31.0\nmylib @ file:///src/mylib',
        lockfiles: [{ path: 'requirements.txt', sha256: sha('r') }],
      },
    }),
    params: { lr: 0.01, epochs: 5, optimizer: { name: 'adam', betas: [0.9, 0.99] }, seed: 1 },
  };
  const b = {
    record: runRecord('01B', {
      git: git('c1'.repeat(20), { dirty: true, diffSha: sha('q') }),
      data: [
        { path: 'data/train.csv', sha256: sha('2'), bytes: 12, role: 'input' },
        { path: 'data/test.csv', sha256: sha('t'), bytes: 5, role: 'input' },
        { path: 'data/extra.csv', sha256: sha('e'), bytes: 2, role: 'input' },
      ],
      env: {
        python: '3.11.2',
        node: 'v20.2.0',
        packages: 'numpy==2.0.0\nscipy==1.10.1\ntorch==2.3.0\npandas==2.2.0\nmylib @ file:///src/mylib2',
        lockfiles: [{ path: 'requirements.txt', sha256: sha('s') }],
      },
    }),
    params: { lr: 0.001, epochs: 5, optimizer: { name: 'adam', betas: [0.9, 0.999] }, dropout: 0.2 },
  };

  it('lists params added, removed and changed, nested ones by dotted key', () => {
    const { params } = diffRuns(a, b);
    assert.deepEqual(params.added, [{ key: 'dropout', value: 0.2 }]);
    assert.deepEqual(params.removed, [{ key: 'seed', value: 1 }]);
    assert.deepEqual(params.changed, [
      { key: 'lr', from: 0.01, to: 0.001 },
      { key: 'optimizer.betas', from: [0.9, 0.99], to: [0.9, 0.999] },
    ]);
    assert.deepEqual(params.unchanged, ['epochs', 'optimizer.name']);
  });

  it('says which inputs changed version', () => {
    const { data } = diffRuns(a, b);
    assert.deepEqual(data.changed, [
      {
        path: 'data/train.csv',
        role: 'input',
        from: { sha256: sha('1'), bytes: 10 },
        to: { sha256: sha('2'), bytes: 12 },
      },
    ]);
    assert.deepEqual(data.unchanged, ['data/test.csv']);
    assert.deepEqual(
      data.added.map((r) => r.path),
      ['data/extra.csv'],
    );
    assert.deepEqual(
      data.removed.map((r) => r.path),
      ['data/old.csv'],
    );
  });

  it('sorts package changes into added, removed, upgraded, downgraded and unordered', () => {
    const { env } = diffRuns(a, b);
    assert.deepEqual(env.packages.added, [{ name: 'pandas', version: '2.2.0' }]);
    assert.deepEqual(env.packages.removed, [{ name: 'requests', version: '2.31.0' }]);
    assert.deepEqual(env.packages.upgraded, [{ name: 'numpy', from: '1.26.4', to: '2.0.0' }]);
    assert.deepEqual(env.packages.downgraded, [{ name: 'scipy', from: '1.11.0', to: '1.10.1' }]);
    assert.deepEqual(env.packages.changed, [{ name: 'mylib', from: 'file:///src/mylib', to: 'file:///src/mylib2' }]);
    assert.deepEqual(env.changed, [{ key: 'node', from: 'v20.1.0', to: 'v20.2.0' }]);
    assert.deepEqual(env.lockfiles, [{ key: 'requirements.txt', from: sha('r'), to: sha('s') }]);
  });

  it('summarises code: same commit, different patch', () => {
    const { code } = diffRuns(a, b);
    assert.equal(code.sameCommit, true);
    assert.equal(code.samePatch, false);
    assert.equal(code.identical, false);
    assert.equal(diffRuns(a, a).code.identical, true);
    const noGit = { ...a, record: runRecord('01C') };
    assert.equal(diffRuns(a, noGit).code.tracked, false);
  });

  it('orders versions numerically, pre-releases before finals', () => {
    assert.equal(compareVersions('1.10.0', '1.9.9'), 1);
    assert.equal(compareVersions('2.0', '2.0.0'), 0);
    assert.equal(compareVersions('2.0.0rc1', '2.0.0'), -1);
    assert.equal(compareVersions('2.0.0.post1', '2.0.0'), 1);
    assert.equal(compareVersions('abc', 'abd'), null);
  });
});
