import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTags, runCommand } from '../../../src/cli/commands/run';
import { NODE, removeWorkspace, workspace } from '../backend/helpers';
import { cliContext } from './cliContext';

describe('cli: mlops run --name --tag', function () {
  this.timeout(60_000);
  let dir = '';
  afterEach(() => {
    if (dir) removeWorkspace(dir);
  });

  it('records the name and tags in run.json', async () => {
    dir = workspace({ 'mlops.yaml': `experiments:\n  quick:\n    command: ${JSON.stringify([NODE, '-e', '0'])}\n` });
    const ctx = cliContext(runCommand, dir, [
      'quick',
      '--name',
      'baseline lr',
      '--tag',
      'team=vision',
      '--tag',
      'nightly',
      '--json',
    ]);
    const result = await runCommand.run(ctx);
    assert.equal(result.exitCode, 0, ctx.errors());
    const { runId } = result.json as { runId: string };
    const record = JSON.parse(readFileSync(join(dir, '.mlops', 'runs', runId, 'run.json'), 'utf8'));
    assert.equal(record.name, 'baseline lr');
    assert.deepEqual(record.tags, { team: 'vision', nightly: '' });
  });

  it('refuses a tag without a name', () => {
    assert.deepEqual(parseTags(['a=1', 'b', 'c=x=y']), { a: '1', b: '', c: 'x=y' });
    assert.throws(() => parseTags(['=1']), { kind: 'bad-input' });
  });
});
