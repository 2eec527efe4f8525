import { resolve } from 'node:path';
import { MlopsError } from '../../core/errors';
import { formatImportReport, type ImportReport } from '../../core/interop/importReport';
import { importers, IMPORT_KINDS } from '../../core/interop/importers';
import { FileRunStore } from '../../core/store/fileRunStore';
import { option, type CliCommand } from '../command';
import { progressLine } from '../progressLine';

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import tensorboard|mlflow|wandb PATH [--experiment NAME]',
  summary:
    'import runs written by TensorBoard, MLflow (file store) or W&B (run folders); re-importing appends only what is new',
  valueOptions: ['experiment'],
  async run(ctx) {
    const [kind, path, ...rest] = ctx.args.positionals;
    if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
      throw new MlopsError(
        `import needs what to import: ${IMPORT_KINDS.join(', ')}`,
        'bad-input',
        'Example: mlops import tensorboard runs/',
      );
    }
    if (!path || rest.length > 0) {
      throw new MlopsError(
        `import ${kind} needs one folder${rest.length ? `, not ${rest.length + 1}` : ''}`,
        'bad-input',
        `Example: mlops import ${kind} ${kind === 'mlflow' ? 'mlruns/' : kind === 'wandb' ? 'wandb/' : 'runs/'}`,
      );
    }
    const progress = progressLine(ctx, `importing ${kind} runs`);
    let report: ImportReport;
    try {
      report = await importers[kind as keyof typeof importers](new FileRunStore(ctx.workspace), {
        // A path on the command line is relative to where the command runs, not to --workspace.
        path: resolve(path),
        experiment: option(ctx.args, 'experiment'),
        signal: ctx.signal,
        onProgress: progress.update,
      });
    } finally {
      progress.done();
    }
    // Files that could not be read in full are warnings in the report; what could be read is imported (exit 0).
    return { json: report, text: formatImportReport(report) };
  },
};
