import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MlopsError } from '../../../src/core/errors';
import { loadSpec, requireValidSpec } from '../../../src/core/spec/loadSpec';

describe('loadSpec: the workspace spec file', () => {
  let workspace: string;
  beforeEach(() => (workspace = mkdtempSync(join(tmpdir(), 'mlops-load-'))));
  afterEach(() => rmSync(workspace, { recursive: true, force: true }));

  it('reports a workspace without mlops.yaml as missing, which scripts-only commands may accept', async () => {
    const loaded = await loadSpec(workspace);
    assert.deepEqual(loaded, {
      status: 'missing',
      file: null,
      text: null,
      spec: null,
      problems: [],
      locations: { experiments: {}, models: {}, monitors: {} },
    });
    assert.deepEqual(requireValidSpec(loaded, { allowMissing: true }), { experiments: {}, models: {}, monitors: {} });
    assert.throws(
      () => requireValidSpec(loaded),
      (err: unknown) =>
        err instanceof MlopsError && err.message === 'no mlops.yaml in this workspace' && err.kind === 'not-found',
    );
  });

  it('reads mlops.yaml, or mlops.yml when that is the one there', async () => {
    writeFileSync(join(workspace, 'mlops.yml'), 'experiments:\n  a: {command: [python, a.py]}\n');
    const loaded = await loadSpec(workspace);
    assert.equal(loaded.status, 'ok');
    assert.equal(loaded.file, join(workspace, 'mlops.yml'));
    assert.deepEqual(Object.keys(requireValidSpec(loaded).experiments), ['a']);
    writeFileSync(join(workspace, 'mlops.yaml'), 'experiments: {}\n');
    assert.equal((await loadSpec(workspace)).file, join(workspace, 'mlops.yaml'));
  });

  it('points at the first error of an invalid spec', async () => {
    writeFileSync(join(workspace, 'mlops.yaml'), 'experiments:\n  a:\n    comand: x\n    gpus: two\n');
    const loaded = await loadSpec(workspace);
    assert.equal(loaded.status, 'invalid');
    assert.equal(loaded.problems.length, 2);
    assert.throws(
      () => requireValidSpec(loaded),
      (err: unknown) =>
        err instanceof MlopsError &&
        err.kind === 'bad-input' &&
        err.message.startsWith(
          `invalid mlops.yaml (2 errors); first: ${join(workspace, 'mlops.yaml')}:3:5: unknown key 'comand' in experiments.a`,
        ),
    );
  });

  it('turns an unreadable file into a problem instead of throwing', async () => {
    mkdirSync(join(workspace, 'mlops.yaml'));
    const loaded = await loadSpec(workspace);
    assert.equal(loaded.status, 'unreadable');
    assert.equal(loaded.spec, null);
    assert.match(loaded.problems[0].message, /^cannot read mlops\.yaml: EISDIR/);
    assert.throws(() => requireValidSpec(loaded), /cannot use mlops.yaml \(1 error\)/);
  });
});
