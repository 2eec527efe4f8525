import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { importCommand } from '../../../src/cli/commands/import';
import { MlopsError } from '../../../src/core/errors';
import type { ImportReport } from '../../../src/core/interop/importReport';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { useTempDir } from '../../helpers/tempWorkspace';
import { cliContext } from './cliContext';

const fixtures = join(__dirname, '../../fixtures');

describe('mlops import', () => {
  const ws = useTempDir();

  it('imports TensorBoard logs under --experiment, printing one line per run and the --json report', async () => {
    const result = await importCommand.run(
      cliContext(importCommand, ws.path, [
        'tensorboard',
        join(fixtures, 'tensorboard/logs'),
        '--experiment',
        'tb',
        '--json',
      ]),
    );
    assert.equal(result.exitCode ?? 0, 0);
    const report = result.json as ImportReport;
    assert.equal(report.kind, 'tensorboard');
    assert.equal(report.points, 295);
    assert.match(
      result.text!,
      /^tensorboard import of .*: 4 new run\(s\), 0 updated, 0 unchanged, 0 skipped; 295 point\(s\) read$/m,
    );
    assert.match(
      result.text!,
      /^ {2}tbx\/train: created \w+, 102 point\(s\), 0 param\(s\); skipped 1 histogram, 1 image, 1 plugin 'my_custom_plugin'$/m,
    );
    assert.ok((await new FileRunStore(ws.path).listRuns()).every((r) => r.experiment === 'tb'));
  });

  it('prints each unreadable event file as a warning line', async () => {
    const result = await importCommand.run(
      cliContext(importCommand, ws.path, ['tensorboard', join(fixtures, 'tensorboard/bad/crc')]),
    );
    assert.match(
      result.text!,
      /^ {4}warning: events\.out\.tfevents\.1767225600\.fixture: 1 record\(s\) failed their CRC check/m,
    );
  });

  it('refuses an unknown tool, a missing folder and extra arguments with a hint', async () => {
    for (const argv of [['comet', 'x'], ['mlflow'], ['wandb', 'a', 'b']]) {
      await assert.rejects(
        importCommand.run(cliContext(importCommand, ws.path, argv)),
        (e: unknown) => e instanceof MlopsError && e.kind === 'bad-input' && Boolean(e.hint),
      );
    }
  });
});
