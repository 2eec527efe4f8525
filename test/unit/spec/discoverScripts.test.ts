import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CancelledError } from '../../../src/core/errors';
import {
  findEntryPoint,
  scanWorkspaceForScripts,
  scriptExperiment,
  scriptLanguage,
} from '../../../src/core/spec/discoverScripts';

const lines = (...text: string[]) => text.join('\n');

describe('findEntryPoint: which files are training scripts, and where the ▶ Run lens goes', () => {
  it('Python: the __main__ guard of a file that imports the client or dvclive', () => {
    const script = lines(
      'import argparse',
      'from mlops_workbench import log_metric',
      '',
      'def main():',
      '    log_metric("loss", 1)',
      '',
      'if __name__ == "__main__":',
      '    main()',
    );
    assert.deepEqual(findEntryPoint(script, 'python'), { line: 7, kind: 'main-guard' });
    assert.deepEqual(findEntryPoint(lines('import dvclive', "if __name__ == '__main__':", '    pass'), '.py'), {
      line: 2,
      kind: 'main-guard',
    });
    assert.deepEqual(
      findEntryPoint(lines('from dvclive import Live', 'if "__main__" == __name__:', '    pass'), 'py'),
      { line: 2, kind: 'main-guard' },
    );
  });

  it('Python: a guard alone, or an import without a guard, is not enough', () => {
    assert.equal(findEntryPoint(lines('import os', 'if __name__ == "__main__":', '    pass'), 'python'), null);
    assert.equal(findEntryPoint(lines('from mlops_workbench import log_metric', 'log_metric("a", 1)'), 'python'), null);
    assert.equal(
      findEntryPoint(lines('import mlops_workbench_extra', 'if __name__ == "__main__":', '    pass'), 'python'),
      null,
    );
    assert.equal(
      findEntryPoint(
        lines('import mlops_workbench', 'def f():', '    if __name__ == "__main__":', '        pass'),
        'python',
      ),
      null,
      'only a top-level guard counts',
    );
  });

  it('Python and JS: a marker line makes any file a script, and the lens goes on the marker', () => {
    assert.deepEqual(findEntryPoint(lines('import torch', '', '# mlops: experiment', 'train()'), 'python'), {
      line: 3,
      kind: 'marker',
    });
    assert.deepEqual(
      findEntryPoint(lines("const tf = require('x');", '// mlops: experiment', 'run();'), 'javascript'),
      { line: 2, kind: 'marker' },
    );
    assert.equal(findEntryPoint('// mlops: experiment\n', 'python'), null, 'comment syntax must match the language');
  });

  it('JS/TS: a file using mlops-workbench/client with a top-level main call or require.main guard', () => {
    const cjs = lines(
      "const { logMetric } = require('mlops-workbench/client');",
      'async function main() {',
      '  logMetric("loss", 1);',
      '}',
      '',
      'main().catch(console.error);',
    );
    assert.deepEqual(findEntryPoint(cjs, 'js'), { line: 6, kind: 'main-call' });
    const esm = lines(
      "import { logMetric } from 'mlops-workbench/client';",
      'async function main() {}',
      'await main();',
    );
    assert.deepEqual(findEntryPoint(esm, 'typescript'), { line: 3, kind: 'main-call' });
    const guarded = lines(
      'const c = require("mlops-workbench/client");',
      'function main() {}',
      'if (require.main === module) {',
      '  main();',
      '}',
    );
    assert.deepEqual(findEntryPoint(guarded, '.cjs'), { line: 3, kind: 'main-call' });
  });

  it('JS/TS: without the client, or without a top-level call, it is not a script', () => {
    assert.equal(findEntryPoint(lines('function main() {}', 'main();'), 'javascript'), null);
    assert.equal(
      findEntryPoint(
        lines("const c = require('mlops-workbench/client');", 'function main() {', '  main();', '}'),
        'javascript',
      ),
      null,
    );
  });

  it('ignores languages it does not know', () => {
    assert.equal(findEntryPoint('# mlops: experiment', 'ruby'), null);
    assert.equal(scriptLanguage('scripts/train.mts'), 'typescript');
    assert.equal(scriptLanguage('.PY'), 'python');
    assert.equal(scriptLanguage('csv'), null);
  });
});

describe('scriptExperiment', () => {
  it('runs Python with python and JavaScript with node; TypeScript through tsx; the name is the relative path', () => {
    assert.deepEqual(scriptExperiment('scripts/train.py'), {
      name: 'scripts/train.py',
      command: ['python', 'scripts/train.py'],
      params: {},
      source: 'script',
    });
    assert.deepEqual(scriptExperiment('./train.mjs').command, ['node', 'train.mjs']);
    assert.deepEqual(scriptExperiment('src/train.ts').command, ['node', '--import', 'tsx', 'src/train.ts']);
    assert.throws(() => scriptExperiment('data/train.csv'), /not a Python or JavaScript\/TypeScript script/);
  });
});

describe('scanWorkspaceForScripts', () => {
  let root: string;
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const PY = lines('import mlops_workbench', '', 'if __name__ == "__main__":', '    pass');
  const JS = lines('// mlops: experiment', 'run();');

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlops-scan-'));
    write('train.py', PY);
    write('scripts/train.js', JS);
    write('scripts/util.py', 'def helper(): pass\n');
    write('scripts/types.d.ts', JS);
    for (const skipped of [
      'node_modules/pkg',
      '.git',
      '.mlops/runs/x',
      '.venv/lib',
      'venv',
      'dist',
      'out',
      '__pycache__',
      'myenv',
    ]) {
      write(`${skipped}/train.py`, PY);
    }
    write('myenv/pyvenv.cfg', 'home = /usr/bin\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds scripts with their entry line, skipping tool, build and virtual-environment folders', async () => {
    const found = await scanWorkspaceForScripts(root);
    assert.deepEqual(found, [
      { path: join(root, 'scripts', 'train.js'), name: 'scripts/train.js', line: 1, language: 'javascript' },
      { path: join(root, 'train.py'), name: 'train.py', line: 3, language: 'python' },
    ]);
  });

  it('stops after maxFiles candidate files', async () => {
    const found = await scanWorkspaceForScripts(root, { maxFiles: 1 });
    assert.deepEqual(
      found.map((s) => s.name),
      ['train.py'],
    );
  });

  it('skips files larger than maxBytes', async () => {
    write('big.py', PY + '\n' + '#'.repeat(2000));
    const found = await scanWorkspaceForScripts(root, { maxBytes: 1000 });
    assert.ok(!found.some((s) => s.name === 'big.py'));
  });

  it('can be cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(scanWorkspaceForScripts(root, { signal: controller.signal }), CancelledError);
  });
});
