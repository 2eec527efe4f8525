import * as assert from 'node:assert/strict';
import { parseLaunchArgs } from '../../../scripts/vscode-host/launch';
import { workbenchUrl } from '../../../scripts/vscode-host/workbench';

describe('offline VS Code host: launcher arguments', () => {
  it('reads the arguments @vscode/test-electron passes, in both --flag=value and --flag value forms', () => {
    const args = parseLaunchArgs([
      '--no-sandbox',
      '--disable-workspace-trust',
      '--extensionTestsPath=/repo/out/integration/suite/index.js',
      '--extensionDevelopmentPath',
      '/repo',
      '--user-data-dir',
      '/tmp/ud',
      '/tmp/ws/quickstart',
    ]);
    assert.deepEqual(args, {
      folder: '/tmp/ws/quickstart',
      extensionDevelopmentPath: '/repo',
      extensionTestsPath: '/repo/out/integration/suite/index.js',
      workspaceTrust: false,
    });
  });

  it('leaves Workspace Trust on when --disable-workspace-trust is absent', () => {
    const args = parseLaunchArgs(['--extensionDevelopmentPath=/repo', '--extensionTestsPath=/repo/t.js', '/ws']);
    assert.equal(args.workspaceTrust, true);
  });

  it('refuses a command line without a folder or without the test entry', () => {
    assert.throws(
      () => parseLaunchArgs(['--extensionDevelopmentPath=/repo', '--extensionTestsPath=/repo/t.js']),
      /usage/,
    );
    assert.throws(() => parseLaunchArgs(['--extensionDevelopmentPath=/repo', '/ws']), /usage/);
  });
});

describe('offline VS Code host: workbench URL', () => {
  it('passes the extension and the suite as vscode-remote URIs in the payload, and the folder as a path', () => {
    const url = new URL(
      workbenchUrl('http://127.0.0.1:4567', {
        folder: '/tmp/ws',
        extensionDevelopmentPath: '/repo',
        extensionTestsPath: '/repo/out/s.js',
      }),
    );
    assert.equal(url.searchParams.get('folder'), '/tmp/ws');
    assert.deepEqual(JSON.parse(url.searchParams.get('payload') ?? 'null'), [
      ['extensionDevelopmentPath', 'vscode-remote://127.0.0.1:4567/repo'],
      ['extensionTestsPath', 'vscode-remote://127.0.0.1:4567/repo/out/s.js'],
    ]);
  });

  it('omits the payload when there is neither an extension nor a suite', () => {
    const url = new URL(workbenchUrl('http://127.0.0.1:4567', { folder: '/tmp/ws' }));
    assert.equal(url.searchParams.has('payload'), false);
  });
});
