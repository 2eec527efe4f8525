import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/** The arguments `npm run package` gives vsce, read from package.json so the test follows the script. */
function vsceArgs(): string[] {
  const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts.package;
  const command = script
    .split('&&')
    .map((s) => s.trim())
    .find((s) => s.startsWith('vsce package'));
  assert.ok(command, `the package script does not call vsce package: ${script}`);
  return command.split(/\s+/).slice(1);
}

describe('packaging: the VSIX of `npm run setup`', () => {
  let dir = '';
  before(() => {
    // A copy of what vsce reads, outside any git repository and with no remote, as in a fresh download or a clone
    // whose origin is a local path. dist/ is a stub: the build is not what is under test here.
    dir = mkdtempSync(join(tmpdir(), 'mlops-vsix-'));
    for (const entry of ['package.json', 'README.md', 'LICENSE', '.vscodeignore', 'docs', 'media', 'schemas']) {
      if (existsSync(join(root, entry))) cpSync(join(root, entry), join(dir, entry), { recursive: true });
    }
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'extension.js'), 'exports.activate = () => undefined;\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('builds with no repository URL and no git remote, and keeps the README links to the bundled docs', function () {
    this.timeout(60_000);
    const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const args = vsceArgs().map((a) => (a.endsWith('.vsix') ? join(dir, 'out.vsix') : a));
    const result = spawnSync(process.execPath, [vsce, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_CEILING_DIRECTORIES: tmpdir() },
    });
    assert.equal(result.status, 0, `vsce ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
    assert.ok(existsSync(join(dir, 'out.vsix')));
    const manifest = readFileSync(join(dir, 'package.json'), 'utf8');
    assert.ok(!/"repository"/.test(manifest), 'the test is meant to run on a package.json with no repository field');
    const read =
      "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('extension/readme.md').decode())";
    const unzip = spawnSync('python3', ['-c', read, join(dir, 'out.vsix')], { encoding: 'utf8' });
    assert.equal(unzip.status, 0, unzip.stderr);
    assert.match(
      unzip.stdout,
      /\]\(docs\/tfjs\.md\)/,
      'the README in the VSIX should link to docs/tfjs.md, which the VSIX carries',
    );
  });
});
