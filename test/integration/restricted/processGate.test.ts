import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import * as vscode from 'vscode';
import { newRunId } from '../../../src/core/tracking/runId';
import { mlopsApi, workspaceRoot } from '../helpers';

/**
 * A `git` earlier on PATH than the real one, recording each call in a marker file: the extension host looks git
 * up on PATH at every spawn, so any git the extension starts from here on leaves a trace.
 */
function installFakeGit(): { marker: string; calls(): string; restore(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-fake-git-'));
  const marker = join(dir, 'git-was-run');
  writeFileSync(join(dir, 'git'), `#!/bin/sh\necho "$*" >> '${marker}'\nexit 1\n`);
  chmodSync(join(dir, 'git'), 0o755);
  const before = process.env.PATH;
  process.env.PATH = `${dir}${delimiter}${before ?? ''}`;
  return {
    marker,
    calls: () => (existsSync(marker) ? readFileSync(marker, 'utf8') : ''),
    restore: () => {
      process.env.PATH = before;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A finished run recorded inside a git repository, so comparing or reading its code would need git. */
function writeRun(commit: string): string {
  const id = newRunId();
  const dir = join(workspaceRoot(), '.mlops', 'runs', id);
  mkdirSync(dir, { recursive: true });
  const record = {
    id,
    experiment: 'py-linear',
    status: 'completed',
    command: 'python train.py',
    argv: ['python', 'train.py'],
    shell: false,
    cwd: workspaceRoot(),
    createdAt: new Date().toISOString(),
    startedAt: new Date().toISOString(),
    endedAt: new Date().toISOString(),
    exitCode: 0,
    signal: null,
    pid: null,
    git: { isRepo: true, commit, branch: 'main', dirty: false, diffSha: null },
    data: [],
    env: {},
    parent: null,
    tags: {},
  };
  writeFileSync(join(dir, 'run.json'), JSON.stringify(record));
  writeFileSync(join(dir, 'params.yaml'), 'lr: 0.1\n');
  return id;
}

describe('restricted mode: comparing runs and reading run files start no git', () => {
  let git: ReturnType<typeof installFakeGit>;
  let runs: [string, string];

  before(async () => {
    await mlopsApi();
    git = installFakeGit();
    // The trap itself must work, or the assertions below could not fail.
    assert.throws(() => execFileSync('git', ['--version'], { stdio: 'ignore' }));
    assert.match(git.calls(), /--version/);
    rmSync(git.marker);
    runs = [writeRun('a'.repeat(40)), writeRun('b'.repeat(40))];
  });

  beforeEach(() => rmSync(git.marker, { force: true }));

  after(async () => {
    git?.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('mlops.diffRuns compares params and data, says why the code is not compared, and runs no git', async () => {
    const result = await vscode.commands.executeCommand<{ markdown: string; files: unknown[] } | undefined>(
      'mlops.diffRuns',
      runs,
    );
    assert.equal(git.calls(), '', 'git was started');
    assert.ok(result, 'the comparison returned nothing');
    assert.deepEqual(result.files, []);
    assert.match(result.markdown, /## Code[\s\S]*Restricted Mode/);
  });

  it('an mlops-run: document says it is withheld in Restricted Mode, and runs no git', async () => {
    const uri = vscode.Uri.from({ scheme: 'mlops-run', path: `/${runs[0]}/train.py` });
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(git.calls(), '', 'git was started');
    assert.match(doc.getText(), /train\.py at run .* is not shown in Restricted Mode/);
  });

  it('mlops.reproduceRun refuses before checking anything with git', async () => {
    const result = await vscode.commands.executeCommand('mlops.reproduceRun', runs[0]);
    assert.equal(result, undefined);
    assert.equal(git.calls(), '', 'git was started');
  });
});
